/**
 * A batched prune, as the CLI (`pg-checkpoint prune`) and the worker's
 * prune_checkpoints job run it: the horizon computed once by PostgreSQL, then
 * pgcheckpoint.prune_batch from a cursor, one short transaction per batch,
 * until the cursor comes back null.
 */
import type { Queryable } from './context.ts';
import { attr, traced } from './tracing.ts';

export interface Horizon {
  /** now() - older_than, as text: a JS Date would cut its microseconds off. */
  horizon: string;
  /** older_than is a negative interval (the caller decides how to refuse it). */
  negative: boolean;
}

/** now() - older_than; fails (22007 and the like) when older_than is no interval. */
export async function pruneHorizon(db: Queryable, olderThan: string): Promise<Horizon> {
  const { rows } = await db.query<Horizon>(
    `select (now() - $1::interval)::text as horizon, $1::interval < interval '0' as negative`,
    [olderThan],
  );
  const row = rows[0];
  if (row === undefined) throw new Error('prune: could not compute the horizon');
  return row;
}

/** Where the walk is: after this entity (nulls: from the start). */
export interface PruneCursor {
  afterType: string | null;
  afterId: string | null;
}

export const pruneStart: PruneCursor = { afterType: null, afterId: null };

/**
 * One batch of up to `size` entities after `cursor`: rows removed and the
 * next cursor, or null when the walk is done. A span of its own each
 * (pg-checkpoint prune_batch), with the rows it removed.
 */
export async function pruneBatch(
  db: Queryable,
  horizon: string,
  keepLast: number,
  cursor: PruneCursor,
  size: number,
): Promise<{ removed: number; next: PruneCursor } | null> {
  const attributes = { [attr.pruneHorizon]: horizon, [attr.pruneKeepLast]: keepLast, [attr.pruneBatchSize]: size };
  return traced('pg-checkpoint prune_batch', attributes, async (span) => {
    const { rows } = await db.query<{ removed: string; last_entity_type: string | null; last_entity_id: string | null }>(
      `select removed, last_entity_type, last_entity_id
         from pgcheckpoint.prune_batch($1::timestamptz, $2::integer, $3::text, $4::uuid, $5::integer)`,
      [horizon, keepLast, cursor.afterType, cursor.afterId, size],
    );
    const row = rows[0];
    span.setAttribute(attr.rowsChanged, Number(row?.removed ?? 0));
    if (row === undefined || row.last_entity_id === null) return null;
    return { removed: Number(row.removed), next: { afterType: row.last_entity_type, afterId: row.last_entity_id } };
  });
}
