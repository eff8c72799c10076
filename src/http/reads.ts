/**
 * The background scan's findings: a plain select of pgcheckpoint.findings
 * (nothing computed here), only the HTTP API reads it.
 */
import type pg from 'pg';
import { inContext } from '../lib/context.ts';
import { validate } from '../lib/errors.ts';
import { isoTime } from '../lib/iso-time.ts';
import { afterCursor, cursorColumn, type Keyset, orderBy, type Page, PageInput, pageOf } from '../lib/keyset.ts';
import type { Finding } from './schemas.ts';

const bySeq: Keyset = { keys: [{ expr: 'seq', type: 'bigint' }] };

/** A page of the corrupted checkpoints the verify_checkpoints job recorded, in capture order. Owner only (else Forbidden). */
export async function listFindings(pool: pg.Pool, page: PageInput): Promise<Page<Finding>> {
  const { limit, cursor } = validate(PageInput, page);
  const after = afterCursor(bySeq, cursor, 2);
  return inContext(pool, async (db) => {
    const { rows } = await db.query<Finding & { __cursor: string[] }>(
      `select checkpoint_id as "checkpointId", seq, entity_type as "entityType", entity_id as "entityId",
              expected_hash as "expectedHash", actual_hash as "actualHash", ${isoTime('found_at')} as "foundAt",
              ${cursorColumn(bySeq)}
       from pgcheckpoint.findings where ${after.sql} order by ${orderBy(bySeq)} limit $1`,
      [limit + 1, ...after.values],
    );
    return pageOf(rows, limit);
  });
}
