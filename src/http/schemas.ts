/**
 * The HTTP API's wire schemas. They are built from src/lib/interfaces.ts (and the
 * executor's runs), so the zod schemas stay the single source of the
 * request and response types: fastify-type-provider-zod validates requests
 * with them, serializes responses through them, and turns them into the
 * OpenAPI document.
 *
 * Request bodies are strict (an unknown field is a 422, not silently
 * dropped). Times on the wire are ISO 8601 strings with an offset, passed to
 * PostgreSQL as they are (see Timestamp in src/lib/interfaces.ts).
 */
import { z } from 'zod';
import { IsoTimeMicros } from '../lib/iso-time.ts';
import { PageInput } from '../lib/keyset.ts';
import { Checkpoint, EntityState, EntityType, OnConflict, PruneInput, RevertConflictEntity, RevertStep, RollbackInput, RollbackStep, Seq, UNIT_KEY_MESSAGE, UnitChange, unitKeyGiven, unitKeyShape, Uuid, VerifyFinding } from '../lib/interfaces.ts';
import { Run, RunOptions } from '../app/runs.ts';
import { Artifact, ArtifactCreate, ArtifactUpdate, Plan, PlanCreate, PlanUpdate, Prompt, PromptCreate, Task, TaskCreate, TaskStatus, TaskUpdate } from '../app/interfaces.ts';

/**
 * The named schemas of the OpenAPI document (components.schemas). A registry
 * of our own, not zod's global one, so that building several apps in one
 * process (tests) never registers an id twice.
 */
export const registry = z.registry<{ id?: string; description?: string }>();

function named<S extends z.ZodType>(schema: S, id: string, description?: string): S {
  registry.add(schema, { id, ...(description === undefined ? {} : { description }) });
  return schema;
}

// ---- Errors -----------------------------------------------------------------

export const ArgumentIssue = z.object({
  path: z.string().describe("Where the offending value is: 'body.title', 'params.id', 'querystring.at', ..."),
  message: z.string(),
});

/** RFC 9457 problem details, with the SQLSTATE of the failure. */
export const Problem = named(
  z.object({
    type: z.string().describe('URI reference identifying the kind of problem (urn:pg-checkpoint:problem:<kind>)'),
    title: z.string().describe('Short summary of the kind of problem'),
    status: z.number().int().describe('HTTP status code'),
    detail: z.string().describe('What went wrong in this request'),
    code: z
      .string()
      .regex(/^[0-9A-Z]{5}$/)
      .describe(
        'SQLSTATE: P0002 not found, 22023/22P02 invalid, 23505/23503/40001 conflict, 55000 revert conflict, 42501 forbidden, XX001 corrupted',
      ),
    hint: z.string().optional().describe('How to fix it, when Postgres gave a HINT'),
    instance: z.string().optional().describe('urn:uuid:<request id> of this request'),
    requestId: Uuid.optional().describe('The x-request-id of this request'),
    issues: z.array(ArgumentIssue).optional().describe('Every field that failed validation (422)'),
    conflicts: z
      .array(named(RevertConflictEntity, 'RevertConflict'))
      .optional()
      .describe('Every entity a revert under onConflict abort found changed since (409 revert-conflict)'),
  }),
  'Problem',
  'RFC 9457 problem details (application/problem+json)',
);
export type Problem = z.infer<typeof Problem>;

// ---- Parameters -------------------------------------------------------------

/** An ISO 8601 time with an offset (Z or ±hh:mm), e.g. 2026-05-01T12:00:00Z. */
export const IsoTime = z.iso
  .datetime({ offset: true })
  .describe('ISO 8601 date-time with an offset, e.g. 2026-05-01T12:00:00Z');

export const IdParams = z.object({ id: Uuid });
export const PlanIdParams = z.object({ planId: Uuid });
export const TaskIdParams = z.object({ taskId: Uuid });
export const NameParams = z.object({ name: PromptCreate.shape.name });
export const EntityParams = z.object({
  type: EntityType.describe('plan, task, artifact, prompt, or a type registered with track_table'),
  id: Uuid,
});
export const DiffParams = z.object({ from: Uuid, to: Uuid });

/** A boolean query flag: 'true' or 'false'. */
const QueryFlag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true');

// ---- Entities ---------------------------------------------------------------

export const PlanBody = named(Plan, 'Plan');
export const TaskBody = named(Task, 'Task');
export const ArtifactBody = named(Artifact, 'Artifact');
export const PromptBody = named(Prompt, 'Prompt');

export const PlanCreateBody = z.strictObject(PlanCreate.shape);
export const PlanUpdateBody = z.strictObject(PlanUpdate.shape);
/** A task created under /plans/{planId}/tasks: the plan comes from the path. */
export const TaskCreateBody = z.strictObject(TaskCreate.omit({ planId: true }).shape);
/** planId moves the task to another plan. */
export const TaskUpdateBody = z.strictObject(TaskUpdate.shape);
export const ArtifactCreateBody = z.strictObject(ArtifactCreate.omit({ taskId: true }).shape);
/** taskId moves the artifact to another task. */
export const ArtifactUpdateBody = z.strictObject(ArtifactUpdate.shape);
export const PromptCreateBody = z.strictObject(PromptCreate.shape);

/** A prompt update: updatePrompt saves the current version as a manual checkpoint first. */
export const PromptUpdateBody = z.strictObject({
  template: PromptCreate.shape.template,
  reason: z
    .string()
    .optional()
    .describe('Reason of the checkpoint and of the update (default "before update of prompt <name>")'),
});
export const PromptUpdated = named(
  z.object({
    prompt: PromptBody,
    checkpointId: Uuid.describe('The manual checkpoint of the version before the update: the revert target to undo it'),
  }),
  'PromptUpdated',
);
export const PromptRevertBody = z.strictObject({
  checkpointId: Uuid.describe('Any checkpoint of this prompt (from an update, or from history)'),
});


// ---- Checkpoints --------------------------------------------------------------

export const CheckpointBody = named(Checkpoint, 'Checkpoint');

export const CheckpointCreateBody = z.strictObject({
  entityType: EntityType,
  entityId: Uuid,
  reason: z.string().optional(),
});
export const CheckpointCreated = z.object({ id: Uuid.describe('The new manual checkpoint') });

export const RollbackBody = z
  .strictObject({
    toCheckpoint: RollbackInput.shape.toCheckpoint.describe('A checkpoint of this same entity'),
    toTime: IsoTime.optional(),
    cascade: z.boolean().optional().describe('Also roll back every entity below it (default true)'),
  })
  .describe('No target (or no body): back to the latest manual checkpoint. Both targets: 422.');
export const RollbackQuery = z.object({
  dry_run: QueryFlag.describe('true: return what would change, change nothing'),
});
export const RollbackResult = named(
  z.object({
    dryRun: z.boolean(),
    steps: z.array(named(RollbackStep, 'RollbackStep')).describe('One row per entity changed (or that would be)'),
  }),
  'RollbackResult',
);

// ---- Units of work ----------------------------------------------------------------

const unitKeyRule = 'Exactly one of requestId, traceId, transactionId (else 422).';

export const RevertBody = z
  .strictObject({
    ...unitKeyShape,
    onConflict: OnConflict.optional().describe(
      'abort (default): any conflict is a 409 and nothing changes; skip: conflicting entities are left as they are; ' +
        'overwrite: every entity goes back to its state before the unit anyway',
    ),
    dryRun: z.boolean().optional().describe('true: return what would happen (conflicts included, never a 409), change nothing'),
  })
  .refine(unitKeyGiven, UNIT_KEY_MESSAGE)
  .describe(`The unit of work to revert, the conflict policy, dry run. ${unitKeyRule}`);
export const RevertResult = named(
  z.object({
    dryRun: z.boolean(),
    onConflict: OnConflict,
    steps: z
      .array(named(RevertStep, 'RevertStep'))
      .describe(
        'One row per entity the unit changed: action updated, inserted, deleted, skipped or none; conflict: what ' +
          'conflicts (the columns changed since, deleted since, exists again, children added since), or null',
      ),
  }),
  'RevertResult',
);

export const UnitQuery = z
  .object({ ...unitKeyShape, ...PageInput.shape })
  .refine(unitKeyGiven, UNIT_KEY_MESSAGE)
  .describe(unitKeyRule);
export const UnitChangeBody = named(UnitChange, 'UnitChange');

export const StateQuery = z.object({ at: IsoTime });
export const StateResult = z.object({
  entityType: EntityType,
  entityId: Uuid,
  at: IsoTime,
  state: EntityState.nullable().describe('The row as it was (to_jsonb); null: the entity did not exist then'),
});

export const DiffResult = z.object({
  from: Uuid,
  to: Uuid,
  diff: z
    .record(z.string(), z.object({ from: z.unknown(), to: z.unknown() }))
    .describe('Only the columns that differ; {} when the states are equal'),
});

// ---- Integrity and retention ------------------------------------------------------

export const VerifyQuery = z.object({
  entityType: EntityType.optional(),
  entityId: Uuid.optional().describe('Alone, checks that id under every type'),
});
export const VerifyFindingBody = named(VerifyFinding, 'VerifyFinding');

export const Finding = named(
  z.object({
    checkpointId: Uuid,
    seq: Seq,
    entityType: EntityType,
    entityId: Uuid,
    expectedHash: z.string(),
    actualHash: z.string(),
    foundAt: IsoTimeMicros,
  }),
  'Finding',
  'A corrupted checkpoint recorded by the background verify_checkpoints job',
);
export type Finding = z.infer<typeof Finding>;

export const PruneBody = z.strictObject({
  olderThan: PruneInput.shape.olderThan.describe("A Postgres interval, e.g. '30 days'"),
  keepLast: PruneInput.shape.keepLast.describe('Checkpoints every entity keeps whatever their age (default 1)'),
});
export const PruneResult = z.object({ removed: z.number().int() });

export const Empty = z.undefined().describe('No content');

// ---- Plan runs --------------------------------------------------------------

// (Without context: the run's actor, request id and trace come from the
// request's headers, as for every other write.)
export const RunBody = z.strictObject(RunOptions.omit({ context: true }).shape);
export const RunResponse = named(Run, 'Run', 'A run of a plan and every attempt of its steps');

/** A JSON response with its description (else the OpenAPI document says "Default Response"). */
export function json<S extends z.ZodType>(
  schema: S,
  description: string,
): { description: string; content: { 'application/json': { schema: S } } } {
  return { description, content: { 'application/json': { schema } } };
}
