/**
 * Two reads with no SQL function behind them: one checkpoint by id, and the
 * background scan's findings. Plain selects (nothing computed here); they
 * belong in CheckpointService (`get(id)`, `findings()`), and move there when
 * it has them.
 */
import type pg from 'pg';
import { checkpointColumns } from '../checkpoints.ts';
import { inContext } from '../context.ts';
import { NotFound, validate } from '../errors.ts';
import { type Checkpoint, Uuid } from '../interfaces.ts';
import type { Finding } from './schemas.ts';

/** One row of `checkpoints`; NotFound (P0002) when there is none. Needs SELECT on checkpoints (else Forbidden). */
export async function getCheckpoint(pool: pg.Pool, id: string): Promise<Checkpoint> {
  const key = validate(Uuid, id);
  const rows = await inContext(pool, async (db) => {
    const result = await db.query<Checkpoint>(`select ${checkpointColumns} from checkpoints where id = $1`, [key]);
    return result.rows;
  });
  const row = rows[0];
  if (row === undefined) throw new NotFound(`checkpoint ${key} not found`);
  return row;
}

/** The corrupted checkpoints the verify_checkpoints job recorded, in capture order. Owner only (else Forbidden). */
export async function listFindings(pool: pg.Pool, limit: number): Promise<Finding[]> {
  return inContext(pool, async (db) => {
    const { rows } = await db.query<Finding>(
      `select checkpoint_id as "checkpointId", seq, entity_type as "entityType", entity_id as "entityId",
              expected_hash as "expectedHash", actual_hash as "actualHash", found_at as "foundAt"
       from checkpoint_findings order by seq limit $1`,
      [limit],
    );
    return rows;
  });
}
