/**
 * The background scan's findings: a plain select of pgcheckpoint.findings
 * (nothing computed here), only the HTTP API reads it.
 */
import type pg from 'pg';
import { inContext } from '../lib/context.ts';
import { isoTime } from '../lib/iso-time.ts';
import type { Finding } from './schemas.ts';

/** The corrupted checkpoints the verify_checkpoints job recorded, in capture order. Owner only (else Forbidden). */
export async function listFindings(pool: pg.Pool, limit: number): Promise<Finding[]> {
  return inContext(pool, async (db) => {
    const { rows } = await db.query<Finding>(
      `select checkpoint_id as "checkpointId", seq, entity_type as "entityType", entity_id as "entityId",
              expected_hash as "expectedHash", actual_hash as "actualHash", ${isoTime('found_at')} as "foundAt"
       from pgcheckpoint.findings order by seq limit $1`,
      [limit],
    );
    return rows;
  });
}
