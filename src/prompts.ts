/**
 * Prompt versions on top of the history: an update first saves the prompt
 * as a manual checkpoint, and a revert returns it to any saved version.
 */
import { z } from 'zod';
import type { CheckpointService } from './checkpoints.js';
import { withContext } from './context.js';
import { NotFound, validate } from './errors.js';
import { Prompts } from './entities.js';
import { type Prompt, PromptCreate, Uuid } from './interfaces.js';

const UpdateArgs = z.object({ name: PromptCreate.shape.name, template: z.string(), reason: z.string().optional() });
const RevertArgs = z.object({ name: PromptCreate.shape.name, checkpointId: Uuid });

export interface PromptUpdated {
  prompt: Prompt;
  /** The manual checkpoint of the version before the update: revertPrompt's target to undo it. */
  checkpointId: string;
}

/**
 * Saves the prompt's current version (a manual checkpoint, reason `reason` or
 * "before update of prompt <name>"), then sets its template; one
 * transaction. The update's capture records `reason` too when given.
 */
export async function updatePrompt(
  service: CheckpointService,
  name: string,
  template: string,
  reason?: string,
): Promise<PromptUpdated> {
  const args = validate(UpdateArgs, { name, template, reason });
  return withContext(service.pool, args.reason === undefined ? {} : { reason: args.reason }, async (client) => {
    // Lock first: two concurrent updates then queue instead of deadlocking
    // on create_checkpoint's FOR SHARE.
    const { rows } = await client.query<{ id: string }>('select id from prompts where name = $1 for update', [
      args.name,
    ]);
    const id = rows[0]?.id;
    if (id === undefined) throw new NotFound(`prompt ${args.name} not found`);
    const checkpointId = await service.create('prompt', id, args.reason ?? `before update of prompt ${args.name}`);
    const prompt = await new Prompts(service.pool).update(id, { template: args.template });
    return { prompt, checkpointId };
  });
}

/**
 * Returns the prompt to the version saved in a checkpoint of it (any of its
 * checkpoints: updatePrompt's, or a capture). It goes through
 * rollback_entity(to_checkpoint) rather than restore_checkpoint, so that a
 * checkpoint of another entity is refused (InvalidArgument) instead of
 * restoring something else. Returns the prompt as it is now.
 */
export async function revertPrompt(service: CheckpointService, name: string, checkpointId: string): Promise<Prompt> {
  const args = validate(RevertArgs, { name, checkpointId });
  const prompts = new Prompts(service.pool);
  return withContext(service.pool, {}, async () => {
    const current = await prompts.getByName(args.name);
    await service.rollback({ entityType: 'prompt', entityId: current.id, toCheckpoint: args.checkpointId, cascade: false });
    return prompts.get(current.id);
  });
}
