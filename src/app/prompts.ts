/**
 * Prompt versions on top of the history: an update first saves the prompt
 * as a manual checkpoint, and a revert returns it to any saved version.
 */
import { z } from 'zod';
import type { CheckpointService } from '../lib/checkpoints.js';
import { withContext } from '../lib/context.js';
import { NotFound, validate } from '../lib/errors.js';
import { Prompts } from './entities.js';
import { Uuid } from '../lib/interfaces.js';
import { type Prompt, PromptCreate } from './interfaces.js';

/** A prompt, by its name (a string) or by its id. */
export type PromptRef = string | { id: string };
const Ref = z.union([PromptCreate.shape.name, z.object({ id: Uuid })]);
const UpdateArgs = z.object({ ref: Ref, template: z.string(), reason: z.string().optional() });
const RevertArgs = z.object({ ref: Ref, checkpointId: Uuid });

/** How the prompt is named in messages and reasons. */
function describe(ref: z.output<typeof Ref>): string {
  return typeof ref === 'string' ? ref : ref.id;
}

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
  prompt: PromptRef,
  template: string,
  reason?: string,
): Promise<PromptUpdated> {
  const args = validate(UpdateArgs, { ref: prompt, template, reason });
  return withContext(service.pool, args.reason === undefined ? {} : { reason: args.reason }, async (client) => {
    // Lock first: two concurrent updates then queue instead of deadlocking
    // on create_checkpoint's FOR SHARE.
    const { rows } = await client.query<{ id: string; name: string }>(
      typeof args.ref === 'string'
        ? 'select id, name from prompts where name = $1 for update'
        : 'select id, name from prompts where id = $1 for update',
      [typeof args.ref === 'string' ? args.ref : args.ref.id],
    );
    const found = rows[0];
    if (found === undefined) throw new NotFound(`prompt ${describe(args.ref)} not found`);
    const { id, name } = found;
    const checkpointId = await service.create('prompt', id, args.reason ?? `before update of prompt ${name}`);
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
export async function revertPrompt(service: CheckpointService, prompt: PromptRef, checkpointId: string): Promise<Prompt> {
  const args = validate(RevertArgs, { ref: prompt, checkpointId });
  const prompts = new Prompts(service.pool);
  return withContext(service.pool, {}, async () => {
    const id = typeof args.ref === 'string' ? (await prompts.getByName(args.ref)).id : args.ref.id;
    await service.rollback({ entityType: 'prompt', entityId: id, toCheckpoint: args.checkpointId, cascade: false });
    return prompts.get(id);
  });
}
