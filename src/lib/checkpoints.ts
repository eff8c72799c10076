/**
 * The checkpoint service: one method per public SQL function, each one
 * validated call (InvalidArgument before any SQL on bad input), run in the
 * current transaction (withContext) or a new one, errors mapped to
 * CheckpointError classes. The SQL does the work; nothing here reads
 * `checkpoints` rows to compute what a function already computes.
 *
 * The operations that change or check history (create, restore, rollback,
 * revert, verify, prune) each run in a span of their own (tracing.ts); the
 * checkpoints they write record that span's id.
 */
import { isoTime } from './iso-time.js';
import { afterCursor, cursorColumn, type Keyset, orderBy, type Page, PageInput, pageOf } from './keyset.js';

/** Capture order. */
const bySeq: Keyset = { keys: [{ expr: 'seq', type: 'bigint' }] };
/** PageInput without its upper bound on limit: the whole list in one page, for the library's own callers. */
const AnyPage = PageInput.extend({ limit: z.number().int().min(1).default(100) });
import type pg from 'pg';
import { z } from 'zod';
import { inContext, inTransaction } from './context.js';
import { isDatabaseError, NotFound, RevertConflict, validate } from './errors.js';
import { attr, traced } from './tracing.js';
import {
  type Checkpoint,
  type CheckpointDiff,
  EntityType,
  type EntityState,
  PruneInput,
  RevertInput,
  type RevertStep,
  RollbackInput,
  type RollbackStep,
  Timestamp,
  UnitKey,
  type UnitChange,
  Uuid,
  VerifyInput,
  type VerifyFinding,
} from './interfaces.js';

/**
 * The checkpoints columns as Checkpoint's camelCase fields. created_at as
 * ISO 8601 text in UTC with its microseconds: a Date would keep whole
 * milliseconds, and a time copied from history would then name a point just
 * before the checkpoint it was copied from.
 */
export const checkpointColumns = `id, seq, entity_type as "entityType", entity_id as "entityId", operation,
  state_data as "stateData", state_hash as "stateHash", reason, created_by as "createdBy",
  ${isoTime('created_at')} as "createdAt",
  request_id as "requestId", trace_id as "traceId", span_id as "spanId", parent_id as "parentId",
  prev_parent_id as "prevParentId", transaction_id as "transactionId"`;

// Arguments as objects, so that an InvalidArgument names the field.
const EntityArgs = z.object({ entityType: EntityType, entityId: Uuid });
const CreateArgs = EntityArgs.extend({ reason: z.string().optional() });
const StateAtArgs = EntityArgs.extend({ at: Timestamp });
const DiffArgs = z.object({ fromCheckpoint: Uuid, toCheckpoint: Uuid });
const RestoreArgs = z.object({ checkpointId: Uuid });
const RecentArgs = z.object({ entityType: EntityType.optional(), limit: z.number().int().min(1).max(10_000).default(20) });

export class CheckpointService {
  constructor(readonly pool: pg.Pool) {}

  /** create_checkpoint: saves the entity's current row as a `manual` checkpoint; returns its id. */
  async create(entityType: string, entityId: string, reason?: string): Promise<string> {
    const attributes = { [attr.entityType]: entityType, [attr.entityId]: entityId };
    return traced('pg-checkpoint create_checkpoint', attributes, async (span) => {
      const args = validate(CreateArgs, { entityType, entityId, reason });
      const id = await inTransaction(this.pool, async (client) => {
        const { rows } = await client.query<{ id: string }>('select create_checkpoint($1, $2, $3) as id', [
          args.entityType,
          args.entityId,
          args.reason ?? null,
        ]);
        return one(rows).id;
      });
      span.setAttributes({ [attr.checkpointId]: id, [attr.rowsChanged]: 0 });
      return id;
    });
  }

  /** restore_checkpoint: makes that one entity's row equal to the checkpoint's state. */
  async restore(checkpointId: string): Promise<void> {
    // (restore_checkpoint returns nothing: whether the row differed is not known here, so no rows_changed)
    await traced('pg-checkpoint restore_checkpoint', { [attr.checkpointId]: checkpointId }, async () => {
      const args = validate(RestoreArgs, { checkpointId });
      await inTransaction(this.pool, (client) => client.query('select restore_checkpoint($1)', [args.checkpointId]));
    });
  }

  /** rollback_entity: returns the entity (and with cascade, its scope) to a point; the entities changed. */
  async rollback(input: RollbackInput): Promise<RollbackStep[]> {
    const attributes = {
      [attr.entityType]: input.entityType,
      [attr.entityId]: input.entityId,
      [attr.checkpointId]: input.toCheckpoint,
      [attr.dryRun]: input.dryRun ?? false,
    };
    return traced('pg-checkpoint rollback_entity', attributes, async (span) => {
      const args = validate(RollbackInput, input);
      const steps = await inTransaction(this.pool, async (client) => {
        const { rows } = await client.query<RollbackStep>(
          `select entity_type as "entityType", entity_id as "entityId", action
           from rollback_entity($1, $2, $3, $4, $5, $6)`,
          [args.entityType, args.entityId, args.toCheckpoint ?? null, args.toTime ?? null, args.cascade, args.dryRun],
        );
        return rows;
      });
      // In a dry run: the rows it would change.
      span.setAttribute(attr.rowsChanged, steps.length);
      return steps;
    });
  }

  /**
   * revert_changes: undoes what one unit of work (a request, a trace or a
   * transaction: exactly one) changed, keeping what others changed since
   * (merged column by column); one row per entity the unit changed.
   *
   * Under onConflict 'abort' (the default) a conflict throws RevertConflict
   * (409, 55000) listing every conflicting entity, and nothing changes. The
   * list is what the SQL computes, not a parse of its message: the revert
   * runs in a savepoint, and on 55000 the same revert runs again with
   * dry_run => true in the same transaction (a dry run reports conflicts
   * without raising). That costs a statement on the failure path only, and
   * leaves the transaction usable: a RevertConflict does not abort an outer
   * withContext.
   */
  async revert(input: RevertInput): Promise<RevertStep[]> {
    const attributes = {
      [attr.unitRequestId]: input.requestId,
      [attr.unitTraceId]: input.traceId,
      [attr.unitTransactionId]: input.transactionId,
      [attr.onConflict]: input.onConflict ?? 'abort',
      [attr.dryRun]: input.dryRun ?? false,
    };
    return traced('pg-checkpoint revert_changes', attributes, async (span) => {
      const steps = await this.revertSteps(input);
      // In a dry run: the rows it would change.
      span.setAttribute(attr.rowsChanged, steps.filter((s) => s.action !== 'none' && s.action !== 'skipped').length);
      return steps;
    });
  }

  private async revertSteps(input: RevertInput): Promise<RevertStep[]> {
    const args = validate(RevertInput, input);
    const key = [args.requestId ?? null, args.traceId ?? null, args.transactionId ?? null];
    const sql = `select entity_type as "entityType", entity_id as "entityId", action, conflict
                 from revert_changes($1::uuid, $2::text, $3::text::xid8, $4::text, $5::boolean)`;
    return inTransaction(this.pool, async (client) => {
      const run = async (dryRun: boolean): Promise<RevertStep[]> =>
        (await client.query<RevertStep>(sql, [...key, args.onConflict, dryRun])).rows;
      if (args.dryRun || args.onConflict !== 'abort') return run(args.dryRun);
      await client.query('savepoint pgcp_revert');
      let steps: RevertStep[];
      try {
        steps = await run(false);
      } catch (err) {
        // Any other error: the transaction is aborted and goes as usual.
        if (!isDatabaseError(err) || err.code !== '55000') throw err;
        await client.query('rollback to savepoint pgcp_revert; release savepoint pgcp_revert');
        const conflicts = (await run(true)).flatMap((s) =>
          s.conflict === null ? [] : [{ entityType: s.entityType, entityId: s.entityId, conflict: s.conflict }],
        );
        // (none: not a conflict of the unit's, or resolved in the meantime; a plain Conflict then)
        if (conflicts.length === 0) throw err;
        throw new RevertConflict(err.message, {
          conflicts,
          cause: err,
          ...(err.hint ? { hint: err.hint } : {}),
          ...(err.detail ? { detail: err.detail } : {}),
        });
      }
      await client.query('release savepoint pgcp_revert');
      return steps;
    });
  }

  /** unit_changes: the changes one unit of work made, in capture order, each with the columns it changed; [] when none. */
  async unitChanges(key: UnitKey): Promise<UnitChange[]> {
    return (await this.unitChangesPage(key, { limit: Number.MAX_SAFE_INTEGER - 1 })).items;
  }

  /** A page of unitChanges (by seq). */
  async unitChangesPage(key: UnitKey, page: PageInput = {}): Promise<Page<UnitChange>> {
    const args = validate(UnitKey, key);
    const { limit, cursor } = validate(AnyPage, page);
    const after = afterCursor(bySeq, cursor, 5);
    return inContext(this.pool, async (db) => {
      const { rows } = await db.query<UnitChange & { __cursor: string[] }>(
        `select seq, checkpoint_id as "checkpointId", entity_type as "entityType", entity_id as "entityId",
                operation, columns, created_by as "createdBy",
                ${isoTime('created_at')} as "createdAt", reason, ${cursorColumn(bySeq)}
         from unit_changes($1::uuid, $2::text, $3::text::xid8)
         where ${after.sql} order by ${orderBy(bySeq)} limit $4`,
        [args.requestId ?? null, args.traceId ?? null, args.transactionId ?? null, limit + 1, ...after.values],
      );
      return pageOf(rows, limit);
    });
  }

  /**
   * One checkpoint by id (a plain read of `checkpoints`: SELECT on it needed,
   * else Forbidden); NotFound (P0002) when there is none.
   */
  async get(checkpointId: string): Promise<Checkpoint> {
    const { checkpointId: id } = validate(RestoreArgs, { checkpointId });
    const rows = await inContext(this.pool, async (db) => {
      const result = await db.query<Checkpoint>(`select ${checkpointColumns} from checkpoints where id = $1`, [id]);
      return result.rows;
    });
    const row = rows[0];
    if (row === undefined) {
      throw new NotFound(`checkpoint ${id} not found`, {
        hint: 'entity_history(entity_type, entity_id) lists the checkpoints of an entity.',
      });
    }
    return row;
  }

  /**
   * The newest checkpoints of all entities (or of one type), newest first:
   * a plain read of `checkpoints` (SELECT on it needed, else Forbidden).
   */
  async recent(filter: z.input<typeof RecentArgs> = {}): Promise<Checkpoint[]> {
    const { entityType, limit } = validate(RecentArgs, filter);
    return inContext(this.pool, async (db) => {
      const { rows } = await db.query<Checkpoint>(
        `select ${checkpointColumns} from checkpoints
          where $1::text is null or entity_type = $1 order by seq desc limit $2`,
        [entityType ?? null, limit],
      );
      return rows;
    });
  }

  /** entity_history: every checkpoint of one entity, newest first. */
  async history(entityType: string, entityId: string): Promise<Checkpoint[]> {
    const args = validate(EntityArgs, { entityType, entityId });
    return inContext(this.pool, async (db) => {
      const { rows } = await db.query<Checkpoint>(`select ${checkpointColumns} from entity_history($1, $2)`, [
        args.entityType,
        args.entityId,
      ]);
      return rows;
    });
  }

  /** A page of history (newest first, by seq). */
  async historyPage(entityType: string, entityId: string, page: PageInput = {}): Promise<Page<Checkpoint>> {
    const args = validate(EntityArgs, { entityType, entityId });
    const { limit, cursor } = validate(PageInput, page);
    const keyset: Keyset = { ...bySeq, descending: true };
    const after = afterCursor(keyset, cursor, 4);
    return inContext(this.pool, async (db) => {
      const { rows } = await db.query<Checkpoint & { __cursor: string[] }>(
        `select ${checkpointColumns}, ${cursorColumn(keyset)} from entity_history($1, $2)
          where ${after.sql} order by ${orderBy(keyset)} limit $3`,
        [args.entityType, args.entityId, limit + 1, ...after.values],
      );
      return pageOf(rows, limit);
    });
  }

  /** entity_state_at: the row as it was at a time; null when the entity did not exist then. */
  async stateAt(entityType: string, entityId: string, at: Date | string): Promise<EntityState | null> {
    const args = validate(StateAtArgs, { entityType, entityId, at });
    return inContext(this.pool, async (db) => {
      const { rows } = await db.query<{ state: EntityState | null }>(
        'select entity_state_at($1, $2, $3) as state',
        [args.entityType, args.entityId, args.at],
      );
      return one(rows).state;
    });
  }

  /** checkpoint_diff: the columns that differ between two saved states ({} when equal). */
  async diff(fromCheckpoint: string, toCheckpoint: string): Promise<CheckpointDiff> {
    const args = validate(DiffArgs, { fromCheckpoint, toCheckpoint });
    return inContext(this.pool, async (db) => {
      const { rows } = await db.query<{ diff: CheckpointDiff }>('select checkpoint_diff($1, $2) as diff', [
        args.fromCheckpoint,
        args.toCheckpoint,
      ]);
      return one(rows).diff;
    });
  }

  /** verify_checkpoints: the checkpoints (of all, one type, or one entity) whose state no longer matches its hash. */
  async verify(filter: VerifyInput = {}): Promise<VerifyFinding[]> {
    const attributes = { [attr.entityType]: filter.entityType, [attr.entityId]: filter.entityId };
    return traced('pg-checkpoint verify_checkpoints', attributes, async (span) => {
      const { entityType, entityId } = validate(VerifyInput, filter);
      const findings = await inContext(this.pool, async (db) => {
        const { rows } = await db.query<VerifyFinding>(
          `select checkpoint_id as "checkpointId", expected_hash as "expectedHash", actual_hash as "actualHash"
           from verify_checkpoints($1, $2)`,
          [entityType ?? null, entityId ?? null],
        );
        return rows;
      });
      span.setAttributes({ [attr.rowsChanged]: 0, [attr.corrupted]: findings.length });
      return findings;
    });
  }

  /** prune_checkpoints: removes old checkpoints by the retention rule; how many. Owner only (Forbidden). */
  async prune(input: PruneInput): Promise<number> {
    const attributes = { [attr.pruneOlderThan]: input.olderThan, [attr.pruneKeepLast]: input.keepLast };
    return traced('pg-checkpoint prune_checkpoints', attributes, async (span) => {
      const { olderThan, keepLast } = validate(PruneInput, input);
      const removed = await inTransaction(this.pool, async (client) => {
        const { rows } = await client.query<{ removed: string }>(
          'select prune_checkpoints($1::interval, $2) as removed',
          [olderThan, keepLast],
        );
        return Number(one(rows).removed);
      });
      span.setAttribute(attr.rowsChanged, removed);
      return removed;
    });
  }
}

/** The one row a scalar function call returns. */
function one<R>(rows: R[]): R {
  const row = rows[0];
  if (row === undefined) throw new Error('expected one row from a scalar function call, got none');
  return row;
}
