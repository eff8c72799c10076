/**
 * Runs of the plan executor, as the database records them: a plan_runs row
 * per run and a plan_run_steps row per attempt of a step (tables in
 * migrations/fixtures/domain.sql). The executor (executor.ts) writes them;
 * GET /runs/{id} reads them; enqueueRun() queues a run for a worker.
 *
 * A run is queued in the same transaction as its graphile-worker job
 * (graphile_worker.add_job), so there is never a queued run without a job
 * nor a job without its run. One queued or running run per plan: a unique
 * index decides between two callers, the loser gets Conflict (409).
 *
 * Who runs a run: whoever holds its advisory lock (runLockKey) on a
 * connection of its own. A worker that dies (SIGKILL, OOM) loses its
 * connection and with it the lock, so a run that is `running` while nobody
 * holds its lock is an orphan, which recoverRuns() queues again.
 */
import { randomUUID } from 'node:crypto';
import { runMigrations as migrateWorkerSchema } from 'graphile-worker';
import type pg from 'pg';
import { z } from 'zod';
import { inContext, type Queryable, withContext } from '../lib/context.js';
import { Conflict, isDatabaseError, NotFound, validate } from '../lib/errors.js';
import { Context, RevertConflictEntity, RevertStep, RollbackStep, Uuid } from '../lib/interfaces.js';
import { isoTime, IsoTimeMicros } from '../lib/iso-time.js';

/** graphile-worker task that runs a queued run (src/worker/tasks/run_plan.ts). */
export const RUN_PLAN_TASK = 'run_plan';

/** Ten minutes: an LLM call may be slow, a step that takes longer is taken for hung. */
export const DEFAULT_STEP_TIMEOUT_MS = 600_000;

export const StepPolicy = z.enum(['stop', 'retry', 'skip']);
export type StepPolicy = z.infer<typeof StepPolicy>;

/** How a failed step is undone: back to the plan's checkpoint before it, or only the step's own writes. */
export const OnFailure = z.enum(['rollback', 'revert']);
export type OnFailure = z.infer<typeof OnFailure>;

const TimeoutMs = z.number().int().min(1).max(2_147_483_647);

export const RunOptions = z.object({
  policy: StepPolicy.default('stop'),
  /** With policy 'retry': how many times a failed step runs again (at most 100: each attempt is an undo). */
  retries: z.number().int().min(0).max(100).default(1),
  /**
   * 'rollback' (default): the plan goes back to the checkpoint taken before
   * the step, whoever made the changes since. 'revert': only the step's own
   * writes (its unit: its request id) are undone, so what other agents did
   * in the same plan meanwhile survives; a conflict with them fails the step
   * and leaves it as it is.
   */
  onFailure: OnFailure.default('rollback'),
  /** How long a step may run before it is failed as hung (ms), unless its task sets timeout_ms. */
  stepTimeoutMs: TimeoutMs.default(DEFAULT_STEP_TIMEOUT_MS),
  /**
   * Who runs the plan and for which request: carried by the executor's own
   * writes (task and plan status, undo); each step's writes carry a request
   * id of their own, under the same actor and trace.
   */
  context: Context.omit({ reason: true }).default({}),
});
export type RunOptions = z.input<typeof RunOptions>;
export type ResolvedRunOptions = z.output<typeof RunOptions>;

export const RunStatus = z.enum(['queued', 'running', 'succeeded', 'failed']);
export type RunStatus = z.infer<typeof RunStatus>;

export const StepStatus = z.enum(['running', 'done', 'failed', 'interrupted']);
export type StepStatus = z.infer<typeof StepStatus>;

/** What undoing a failed step did. */
export const StepUndo = z.object({
  onFailure: OnFailure,
  /** The entities the rollback or revert changed (none: the step had written nothing). */
  steps: z.array(z.union([RevertStep, RollbackStep])).optional(),
  /** The revert met these conflicts, so nothing was undone. */
  conflicts: z.array(RevertConflictEntity).optional(),
  /** The undo itself failed (the step's writes are still there). */
  error: z.string().optional(),
});
export type StepUndo = z.infer<typeof StepUndo>;

/** One attempt of one step. */
export const RunStep = z.object({
  taskId: Uuid,
  title: z.string(),
  position: z.number().int().nullable(),
  attempt: z.number().int(),
  status: StepStatus.describe('running; done; failed (and undone, unless undo says otherwise); interrupted (its process died, undone on restart)'),
  onFailure: OnFailure,
  requestId: Uuid.describe("The step's unit of work: the request id its writes carry (revert it, or list it under /units/changes)"),
  checkpointId: Uuid.describe("The plan's checkpoint taken before the step"),
  timeoutMs: z.number().int(),
  error: z.string().nullable(),
  undo: StepUndo.nullable(),
  startedAt: IsoTimeMicros,
  finishedAt: IsoTimeMicros.nullable(),
});
export type RunStep = z.infer<typeof RunStep>;

export const Run = z.object({
  id: Uuid,
  planId: Uuid,
  status: RunStatus,
  options: RunOptions.omit({ context: true }),
  error: z.string().nullable(),
  createdAt: IsoTimeMicros,
  startedAt: IsoTimeMicros.nullable(),
  finishedAt: IsoTimeMicros.nullable(),
  /** Every attempt of every step, in the order they started. */
  steps: z.array(RunStep),
});
export type Run = z.infer<typeof Run>;

/** A run as stored, with the context it runs under. */
export interface StoredRun extends Omit<Run, 'options'> {
  options: ResolvedRunOptions;
}

/** The key of a run's advisory lock (held by the process running it). */
export function runLockKey(runId: string): string {
  return `pgcheckpoint.plan_run:${runId}`;
}

const runColumns = `id, plan_id as "planId", status, options, context, error, ${isoTime('created_at')} as "createdAt",
  ${isoTime('started_at')} as "startedAt", ${isoTime('finished_at')} as "finishedAt"`;
const stepColumns = `task_id as "taskId", title, position, attempt, status, on_failure as "onFailure",
  request_id as "requestId", checkpoint_id as "checkpointId", timeout_ms as "timeoutMs", error, undo,
  ${isoTime('started_at')} as "startedAt", ${isoTime('finished_at')} as "finishedAt"`;

interface RunRow extends Omit<StoredRun, 'options' | 'steps'> {
  options: Record<string, unknown>;
  context: Record<string, unknown>;
}

/** The run with its steps; NotFound when there is none. */
export async function getRun(pool: pg.Pool, runId: string): Promise<StoredRun> {
  const id = validate(Uuid, runId);
  return inContext(pool, async (db) => {
    const { rows } = await db.query<RunRow>(`select ${runColumns} from plan_runs where id = $1`, [id]);
    const row = rows[0];
    if (row === undefined) throw new NotFound(`run ${id} not found`);
    const steps = await db.query<RunStep>(
      `select ${stepColumns} from plan_run_steps where run_id = $1 order by started_at, attempt`,
      [id],
    );
    const { context, options, ...rest } = row;
    return { ...rest, options: RunOptions.parse({ ...options, context }), steps: steps.rows };
  });
}

/** The run as the API shows it (without the context it runs under). */
export function publicRun(run: StoredRun): Run {
  const { context: _context, ...options } = run.options;
  return { ...run, options };
}

/**
 * Claims the plan for a new run (inside the caller's transaction): the plan
 * exists, is not cancelled, and has no queued or running run.
 */
export async function insertRun(
  client: pg.PoolClient,
  runId: string,
  planId: string,
  options: ResolvedRunOptions,
  status: 'queued' | 'running',
): Promise<void> {
  const { rows } = await client.query<{ status: string }>('select status from plans where id = $1 for update', [planId]);
  const planStatus = rows[0]?.status;
  if (planStatus === undefined) throw new NotFound(`plan ${planId} not found`);
  if (planStatus === 'cancelled') {
    throw new Conflict(`plan ${planId} is cancelled`, { hint: 'Set its status to draft to run it again.' });
  }
  const { context, ...rest } = options;
  try {
    await client.query('savepoint pgcp_run');
    await client.query(
      `insert into plan_runs (id, plan_id, status, options, context, started_at)
       values ($1, $2, $3, $4, $5, case when $3 = 'running' then now() end)`,
      [runId, planId, status, JSON.stringify(rest), JSON.stringify(context)],
    );
    await client.query('release savepoint pgcp_run');
  } catch (err) {
    if (!isDatabaseError(err) || err.code !== '23505') throw err;
    await client.query('rollback to savepoint pgcp_run; release savepoint pgcp_run');
    const active = await client.query<{ id: string }>(
      `select id from plan_runs where plan_id = $1 and status in ('queued', 'running')`,
      [planId],
    );
    throw new Conflict(`plan ${planId} is already running (run ${active.rows[0]?.id ?? '?'})`, {
      code: '23505',
      hint: 'Wait for that run to finish (GET /runs/{id}); a run whose worker died is resumed by the next worker that starts.',
    });
  }
}

const schemaReady = new WeakMap<pg.Pool, Promise<void>>();

/** graphile-worker's schema, installed once per pool (an API may queue runs before any worker has started). */
function workerSchema(pool: pg.Pool): Promise<void> {
  let ready = schemaReady.get(pool);
  if (ready === undefined) {
    ready = migrateWorkerSchema({ pgPool: pool });
    ready.catch(() => schemaReady.delete(pool));
    schemaReady.set(pool, ready);
  }
  return ready;
}

/** Queues a run of the plan for a worker (job run_plan); returns it, status queued. */
export async function enqueueRun(pool: pg.Pool, planId: string, options: RunOptions = {}): Promise<StoredRun> {
  const id = validate(Uuid, planId);
  const opts = validate(RunOptions, options);
  await workerSchema(pool);
  const runId = randomUUID();
  await withContext(pool, { ...opts.context, reason: 'queue plan run' }, async (client) => {
    await insertRun(client, runId, id, opts, 'queued');
    await addRunJob(client, runId);
  });
  return getRun(pool, runId);
}

/** Adds the run_plan job of a run (one waiting job per run: a second add replaces it). */
async function addRunJob(db: Queryable, runId: string): Promise<void> {
  await db.query(`select graphile_worker.add_job($1, $2::json, job_key => $3, max_attempts => 5)`, [
    RUN_PLAN_TASK,
    JSON.stringify({ runId }),
    `${RUN_PLAN_TASK}:${runId}`,
  ]);
}

/**
 * Queues again every queued or running run that no live process holds
 * (its worker died): the job resumes it, undoing the step it was in. What a
 * worker does when it starts. Returns the ids queued.
 */
export async function recoverRuns(pool: pg.Pool): Promise<string[]> {
  await workerSchema(pool);
  const { rows } = await pool.query<{ id: string }>(
    `select id from plan_runs where status in ('queued', 'running') order by created_at`,
  );
  const orphans: string[] = [];
  // Lock and unlock on one session: a lock that is free has no process
  // behind it. The job takes it for real (and if a live worker takes it
  // first, the job finds it held and leaves the run to that worker).
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    for (const { id } of rows) {
      const key = runLockKey(id);
      const { rows: lock } = await client.query<{ free: boolean }>(
        'select pg_try_advisory_lock(hashtextextended($1, 0)) as free',
        [key],
      );
      if (lock[0]?.free !== true) continue;
      await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]);
      orphans.push(id);
    }
  } catch (err) {
    // Destroyed, not pooled: a lock it may still hold goes with it.
    broken = err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    client.release(broken);
  }
  for (const id of orphans) await addRunJob(pool, id);
  return orphans;
}
