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
 * checkpoint.* settings). The trace id is the active OpenTelemetry span's
 * when there is one, else the one in `traceparent`, else `traceId`.
 */
export const Context = z.object({
  actor: z.string().optional(),
  reason: z.string().optional(),
  /** The request_logs row the writes belong to. */
  requestId: Uuid.optional(),
  traceId: TraceId.optional(),
  /** An incoming W3C traceparent header. */
  traceparent: Traceparent.optional(),
});
export type Context = z.infer<typeof Context>;

// ---- The host application's entities -------------------------------------

const Title = z.string().min(1);

export const PlanStatus = z.enum(['draft', 'running', 'succeeded', 'failed', 'cancelled']);
export type PlanStatus = z.infer<typeof PlanStatus>;

export const Plan = z.object({
  id: Uuid,
  title: z.string(),
  status: PlanStatus,
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Plan = z.infer<typeof Plan>;

export const PlanCreate = z.object({ title: Title, status: PlanStatus.optional() });
export type PlanCreate = z.input<typeof PlanCreate>;
export const PlanUpdate = PlanCreate.partial();
export type PlanUpdate = z.input<typeof PlanUpdate>;

export const TaskStatus = z.enum(['pending', 'running', 'done', 'failed', 'skipped']);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const Task = z.object({
  id: Uuid,
  planId: Uuid,
  title: z.string(),
  position: z.number().int().nullable(),
  status: TaskStatus,
  /** Why the task last failed (set by the executor). */
  error: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Task = z.infer<typeof Task>;

const Position = z.number().int().min(-2147483648).max(2147483647);

export const TaskCreate = z.object({
  planId: Uuid,
  title: Title,
  position: Position.nullable().optional(),
  status: TaskStatus.optional(),
  error: z.string().nullable().optional(),
});
export type TaskCreate = z.input<typeof TaskCreate>;
export const TaskUpdate = TaskCreate.partial();
export type TaskUpdate = z.input<typeof TaskUpdate>;

export const Artifact = z.object({
  id: Uuid,
  taskId: Uuid,
  name: z.string(),
  content: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Artifact = z.infer<typeof Artifact>;

export const ArtifactCreate = z.object({
  taskId: Uuid,
  name: Title,
  content: z.string().nullable().optional(),
});
export type ArtifactCreate = z.input<typeof ArtifactCreate>;
export const ArtifactUpdate = ArtifactCreate.partial();
export type ArtifactUpdate = z.input<typeof ArtifactUpdate>;

export const Prompt = z.object({
  id: Uuid,
  name: z.string(),
  template: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Prompt = z.infer<typeof Prompt>;

export const PromptCreate = z.object({ name: Title, template: z.string() });
export type PromptCreate = z.input<typeof PromptCreate>;
export const PromptUpdate = PromptCreate.partial();
export type PromptUpdate = z.input<typeof PromptUpdate>;
