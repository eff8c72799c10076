/**
 * checkpoint: saves an entity's current state as a manual checkpoint
 * (create_checkpoint), with --reason as its reason and --actor as who.
 */
import type pg from 'pg';
import { CheckpointService } from '../lib/checkpoints.ts';
import { withContext } from '../lib/context.ts';
import { writeContext } from './commands.ts';
import type { CommandResult, GlobalOptions } from './result.ts';

export async function checkpointCommand(
  pool: pg.Pool,
  type: string,
  id: string,
  options: GlobalOptions,
): Promise<CommandResult> {
  const service = new CheckpointService(pool);
  const checkpointId = await withContext(pool, writeContext(options), () => service.create(type, id, options.reason));
  const c = await service.get(checkpointId);
  return {
    json: c,
    human: `checkpoint ${c.id} of ${type} ${id} (seq ${c.seq}, ${c.createdAt}${c.reason ? `, reason: ${c.reason}` : ''})`,
  };
}
