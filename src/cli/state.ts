/** state: an entity's row as it was at a time (entity_state_at), or that it did not exist then. */
import type pg from 'pg';
import { CheckpointService } from '../lib/checkpoints.ts';
import { prettyJson } from './output.ts';
import type { CommandResult } from './result.ts';

export async function stateCommand(pool: pg.Pool, type: string, id: string, at: string | undefined): Promise<CommandResult> {
  // Now, by default: to the millisecond, after every write that has returned.
  const when = at ?? new Date().toISOString();
  const state = await new CheckpointService(pool).stateAt(type, id, when);
  const json = { entityType: type, entityId: id, at: when, state };
  if (state === null) return { json, human: `${type} ${id} did not exist at ${when}` };
  return { json, human: `${type} ${id} at ${when}:\n${prettyJson(state)}` };
}
