/**
 * The shared types of the service layer, each next to the zod schema that
 * validates it. Input schemas are what the services check before any SQL
 * runs (a failure is InvalidArgument); row shapes are what the SQL returns,
 * in camelCase (the queries alias the columns).
 *
 * Conventions:
 * - Ids are uuids in Postgres' text form. `Uuid` accepts any 8-4-4-4-12 hex
 *   string (what the uuid type stores), not only RFC 9562 versions.
 * - `seq` (bigint) is a decimal string, as `pg` returns int8: exact beyond
 *   2^53. Compare two with BigInt(a) < BigInt(b).
 * - Times are Dates; inputs also take ISO 8601 strings with an offset.
 */
import { z } from 'zod';

export const Uuid = z.guid();
export type Uuid = z.infer<typeof Uuid>;

/** A registered entity type: `plan`, `task`, `artifact`, `prompt`, or one added with track_table. */
export const EntityType = z.string().min(1).max(50);
export type EntityType = z.infer<typeof EntityType>;

/** A bigint as a decimal string (see above). */
export const Seq = z.string().regex(/^[0-9]+$/);

/**
 * A point in time: a Date, or an ISO 8601 string with an offset. Strings are
 * passed to PostgreSQL as they are, so microseconds (as `created_at` has them)
 * survive; a Date has whole milliseconds only.
 */
export const Timestamp = z.union([z.date(), z.iso.datetime({ offset: true })]);

export const Operation = z.enum(['insert', 'update', 'delete', 'manual', 'baseline']);
export type Operation = z.infer<typeof Operation>;

export const EntityState = z.record(z.string(), z.unknown());
export type EntityState = z.infer<typeof EntityState>;

/** One row of `checkpoints`. */
export const Checkpoint = z.object({
  id: Uuid,
  seq: Seq,
  entityType: EntityType,
  entityId: Uuid,
  operation: Operation,
  stateData: EntityState,
  stateHash: z.string(),
  reason: z.string().nullable(),
  createdBy: z.string().nullable(),
  /** ISO 8601 in UTC with microseconds (e.g. 2026-11-25T17:13:04.581564Z): usable as to_time as it is. */
  createdAt: z.iso.datetime({ precision: 6 }),
  requestId: Uuid.nullable(),
  traceId: z.string().nullable(),
  /** The OpenTelemetry span that wrote it (16 hex digits): the service operation's own span, or the caller's. */
  spanId: z.string().nullable(),
  parentId: Uuid.nullable(),
  prevParentId: Uuid.nullable(),
  /** xid8 of the writing transaction, a decimal string. */
  transactionId: Seq,
});
export type Checkpoint = z.infer<typeof Checkpoint>;

/**
 * rollback_entity's arguments. The target is toCheckpoint (a checkpoint of
 * this entity), or toTime, or by default the entity's latest manual
 * checkpoint; both at once is SQL's 22023 (InvalidArgument).
 */
export const RollbackInput = z.object({
  entityType: EntityType,
  entityId: Uuid,
  toCheckpoint: Uuid.optional(),
  toTime: Timestamp.optional(),
  cascade: z.boolean().default(true),
  dryRun: z.boolean().default(false),
});
/** What callers pass (cascade and dryRun optional). */
export type RollbackInput = z.input<typeof RollbackInput>;

export const RollbackAction = z.enum(['inserted', 'updated', 'deleted']);
export type RollbackAction = z.infer<typeof RollbackAction>;

/** One entity a rollback changed (or, in a dry run, would change). */
export const RollbackStep = z.object({
  entityType: EntityType,
  entityId: Uuid,
  action: RollbackAction,
});
export type RollbackStep = z.infer<typeof RollbackStep>;

// ---- Units of work: what one request, trace or transaction changed --------

/**
 * A transaction id (xid8, as `pg_current_xact_id()` and the checkpoints'
 * transactionId give it): a decimal string, passed to PostgreSQL as text
 * cast to xid8, so it stays exact beyond 2^53.
 */
export const TransactionId = z
  .string()
  .regex(/^[0-9]{1,20}$/, 'expected a transaction id: a decimal xid8, e.g. 7890')
  // (checks run on after a failed regex too: only digits reach BigInt)
  .refine((s) => !/^[0-9]+$/.test(s) || BigInt(s) < 2n ** 64n, 'transaction id out of range for xid8');
export type TransactionId = z.infer<typeof TransactionId>;

/** A trace id as the checkpoints record it (checkpoint.trace_id): any text of 1 to 255 characters. */
export const UnitTraceId = z.string().min(1).max(255);

/** The three keys of a unit of work; exactly one is given (unitKeyGiven). */
export const unitKeyShape = {
  requestId: Uuid.optional().describe('The request_logs id the changes were captured under (checkpoint.request_id)'),
  traceId: UnitTraceId.optional().describe('The trace id the changes were captured under (checkpoint.trace_id)'),
  transactionId: TransactionId.optional().describe(
    'The xid8 of the writing transaction, a decimal string (a checkpoint’s transactionId; pg_current_xact_id())',
  ),
};

export const UNIT_KEY_MESSAGE = 'give exactly one of requestId, traceId, transactionId';

/** True when exactly one of the unit's keys is given (the refine of every unit-keyed input). */
export function unitKeyGiven(key: { requestId?: unknown; traceId?: unknown; transactionId?: unknown }): boolean {
  return [key.requestId, key.traceId, key.transactionId].filter((v) => v !== undefined).length === 1;
}

/** One unit of work: everything captured under one request id, one trace id, or by one transaction. */
export const UnitKey = z.object(unitKeyShape).refine(unitKeyGiven, UNIT_KEY_MESSAGE);
export type UnitKey = z.input<typeof UnitKey>;

/**
 * What revert_changes does with an entity someone else changed since the
 * unit: abort (nothing changes, RevertConflict), skip (leave it), overwrite
 * (back to before anyway).
 */
export const OnConflict = z.enum(['abort', 'skip', 'overwrite']);
export type OnConflict = z.infer<typeof OnConflict>;

/** revert_changes's arguments: the unit (exactly one key), the policy, dry run. */
export const RevertInput = z
  .object({
    ...unitKeyShape,
    onConflict: OnConflict.default('abort'),
    dryRun: z.boolean().default(false),
  })
  .refine(unitKeyGiven, UNIT_KEY_MESSAGE);
/** What callers pass (onConflict and dryRun optional). */
export type RevertInput = z.input<typeof RevertInput>;

export const RevertAction = z.enum(['updated', 'inserted', 'deleted', 'skipped', 'none']);
export type RevertAction = z.infer<typeof RevertAction>;

/** One entity the unit changed, and what the revert did (or, in a dry run, would do) with it. */
export const RevertStep = z.object({
  entityType: EntityType,
  entityId: Uuid,
  action: RevertAction,
  /**
   * What conflicts, or null: the columns changed since by someone else
   * (comma-separated), `deleted since`, `exists again`, `children added
   * since`, `changed since: <columns>` (a row the unit inserted). Under
   * overwrite, what was overwritten.
   */
  conflict: z.string().nullable(),
});
export type RevertStep = z.infer<typeof RevertStep>;

/** An entity a revert under `abort` refused to take back (RevertConflict's conflicts). */
export const RevertConflictEntity = z.object({
  entityType: EntityType,
  entityId: Uuid,
  conflict: z.string(),
});
export type RevertConflictEntity = z.infer<typeof RevertConflictEntity>;

/** One change of a unit of work (unit_changes), in capture order. */
export const UnitChange = z.object({
  seq: Seq,
  checkpointId: Uuid,
  entityType: EntityType,
  entityId: Uuid,
  operation: z.enum(['insert', 'update', 'delete']),
  /** The columns it changed (against the entity's previous checkpoint); all of them for an insert or a delete. */
  columns: z.array(z.string()),
  createdBy: z.string().nullable(),
  /** ISO 8601 in UTC with microseconds, as Checkpoint.createdAt. */
  createdAt: z.iso.datetime({ precision: 6 }),
  reason: z.string().nullable(),
});
export type UnitChange = z.infer<typeof UnitChange>;

export const VerifyInput = z.object({
  entityType: EntityType.optional(),
  entityId: Uuid.optional(),
});
export type VerifyInput = z.input<typeof VerifyInput>;

/** A checkpoint whose state no longer hashes to its stored hash. */
export const VerifyFinding = z.object({
  checkpointId: Uuid,
  /** The stored state_hash. */
  expectedHash: z.string(),
  /** SHA-256 of the state as it is now. */
  actualHash: z.string(),
});
export type VerifyFinding = z.infer<typeof VerifyFinding>;

export const PruneInput = z.object({
  /** A Postgres interval, e.g. '30 days'; Postgres parses it (bad text: InvalidArgument). */
  olderThan: z.string().trim().min(1),
  /** Checkpoints every entity keeps whatever their age. */
  keepLast: z.number().int().min(0).default(1),
});
export type PruneInput = z.input<typeof PruneInput>;

/** A column that differs between two checkpoints (checkpoint_diff). */
export interface ColumnChange {
  from: unknown;
  to: unknown;
}
export type CheckpointDiff = Record<string, ColumnChange>;

/** A W3C traceparent: version 00, trace id, parent span id, flags (lower-case hex). */
export const Traceparent = z
  .string()
  .regex(/^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/, 'not a W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>)')
  .refine((s) => !/^00-0{32}-/.test(s), 'traceparent has an all-zero trace id')
  .refine((s) => !/^00-[0-9a-f]{32}-0{16}-/.test(s), 'traceparent has an all-zero parent id');

/** An OpenTelemetry trace id: 32 lower-case hex digits, not all zero. */
export const TraceId = z
  .string()
  .regex(/^[0-9a-f]{32}$/, 'not a trace id (32 lower-case hex digits)')
  .refine((s) => !/^0{32}$/.test(s), 'all-zero trace id');

/**
 * Who and why, recorded on every checkpoint a transaction writes (the
 * checkpoint.* settings). The trace: an explicit trace context (`carrier`,
 * `traceparent`) first, else `traceId`, else the active OpenTelemetry span
 * (src/lib/context.ts says exactly).
 */
export const Context = z.object({
  actor: z.string().optional(),
  reason: z.string().optional(),
  /** The request_logs row the writes belong to. */
  requestId: Uuid.optional(),
  traceId: TraceId.optional(),
  /** An incoming W3C traceparent header (shorthand for a carrier holding only it). */
  traceparent: Traceparent.optional(),
  /**
   * Incoming trace-context headers (traceparent and tracestate, b3, …),
   * read by the configured OpenTelemetry propagator (W3C when none is).
   */
  carrier: z.record(z.string(), z.string()).optional(),
});
export type Context = z.infer<typeof Context>;
