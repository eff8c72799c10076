/**
 * The background worker: a graphile-worker runner with pg-checkpoint's tasks
 * (src/worker/tasks/prune_checkpoints.ts, src/worker/tasks/verify_checkpoints.ts) and its crontab
 * (src/worker/crontab.ts), configured from the environment (src/worker/config.ts),
 * and the plan executor's run_plan task (src/worker/tasks/run_plan.ts) with the
 * handlers of PGCHECKPOINT_HANDLERS; at start, and every minute, it queues
 * again the plan runs whose worker died (src/app/runs.ts).
 *
 * In-process use (e.g. next to the HTTP API):
 *
 *   const worker = await startWorker({ connectionString: db.url });
 *   …
 *   await worker.stop();   // on shutdown, before the database goes away
 *
 * The worker has its own connection pool (WORKER_CONCURRENCY + 2
 * connections), so a long prune never takes the API's connections. It
 * installs no signal handlers: the caller stops it. `stop()` is graceful and
 * idempotent: no new job starts; a running prune or verify stops at its next
 * batch boundary, fails, and is retried (graphile-worker's back-off) by the
 * next worker that runs. Several workers, in one process or many, may share one
 * database: graphile-worker locks each job to one worker and schedules each
 * cron time once, and the SQL is safe under concurrent runs.
 */
import type { Logger, Runner, WorkerEvents } from 'graphile-worker';
import { run } from 'graphile-worker';
import pg from 'pg';
import { PlanExecutor, type StepHandler } from '../app/executor.ts';
import { loadHandlers } from '../app/handlers.ts';
import { recoverRuns, RUN_PLAN_TASK } from '../app/runs.ts';
import { CheckpointService } from '../lib/checkpoints.ts';
import { pruneCheckpointsTask } from './tasks/prune_checkpoints.ts';
import { pruneServiceRowsTask } from './tasks/prune_service_rows.ts';
import { runPlanTask } from './tasks/run_plan.ts';
import { verifyCheckpointsTask } from './tasks/verify_checkpoints.ts';
import { type WorkerConfig, WorkerConfigError, workerConfigFromEnv } from './config.ts';
// What an application that runs the worker needs with it ('pg-checkpoint/worker').
export { defaultWorkerConfig, WorkerConfigError, workerConfigFromEnv, type WorkerConfig } from './config.ts';
import { checkpointCronItems, PRUNE_TASK, SERVICE_PRUNE_TASK, VERIFY_TASK } from './crontab.ts';
import { errorMessage, isDatabaseError } from '../lib/errors.ts';
import { pruneHorizon } from '../lib/prune.ts';

export interface StartWorkerOptions {
  /** The pg-checkpoint database (its migrations already applied). */
  connectionString: string;
  /** Default: workerConfigFromEnv(process.env). */
  config?: WorkerConfig;
  /** false: no crontab, jobs run only when added (tests, one-off workers). Default true. */
  schedule?: boolean;
  /** Default: graphile-worker's console logger (debug lines with GRAPHILE_LOGGER_DEBUG=1). */
  logger?: Logger;
  /** How often to look for jobs scheduled for later (ms); new jobs are seen at once via LISTEN. Default 2000. */
  pollInterval?: number;
  /** How often to look for plan runs whose worker died (ms); also done at start. Default 60000. */
  recoverInterval?: number;
  /** The plan executor's step handlers. Default: the module of PGCHECKPOINT_HANDLERS (src/app/handlers.ts), or none. */
  handlers?: ReadonlyMap<string, StepHandler>;
  /**
   * graphile-worker's event emitter to use (default: a new one). Give one to
   * hear the first jobs too: a backfilled cron job can start, and end,
   * before startWorker returns.
   */
  events?: WorkerEvents;
}

export interface CheckpointWorker {
  readonly config: WorkerConfig;
  /** graphile-worker's events (job:start, job:success, job:error, cron:schedule, …). */
  readonly events: WorkerEvents;
  /** Resolves when the worker has stopped; rejects if it stopped on an error. */
  readonly promise: Promise<void>;
  /** Adds a job, e.g. addJob('prune_checkpoints', { retention: '7 days' }). */
  readonly addJob: Runner['addJob'];
  /** Graceful stop; safe to call more than once. */
  stop(): Promise<void>;
}

/**
 * How long after stop() the running tasks' abortSignal fires. At once: both
 * tasks stop cleanly at their next batch boundary and are retried.
 */
const ABORT_AFTER_MS = 0;

/** How often a worker looks for plan runs whose worker died, besides at start. */
const RECOVER_INTERVAL_MS = 60_000;

/** Checks the retention interval with PostgreSQL itself (as the prune job will read it), before any job runs. */
async function checkRetention(pool: pg.Pool, retention: string): Promise<void> {
  let negative: boolean;
  try {
    ({ negative } = await pruneHorizon(pool, retention));
  } catch (err) {
    // A data exception (22xxx) is the interval; anything else (the database
    // unreachable, say) is reported as it is.
    if (!(isDatabaseError(err) && err.code?.startsWith('22'))) throw err;
    throw new WorkerConfigError(
      `CHECKPOINT_RETENTION="${retention}": not a PostgreSQL interval (${errorMessage(err)}); e.g. "30 days", "2 weeks", "12 hours"`,
    );
  }
  if (negative) throw new WorkerConfigError(`CHECKPOINT_RETENTION="${retention}": must not be negative`);
}

async function hasPlanRuns(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ found: boolean }>(`select to_regclass('plan_runs') is not null as found`);
  return rows[0]?.found === true;
}

export async function startWorker(options: StartWorkerOptions): Promise<CheckpointWorker> {
  const config = options.config ?? workerConfigFromEnv();
  // Our own pool rather than graphile-worker's: its release calls pool.end()
  // without waiting for it and drops the pool's error listener first, so a
  // connection closed by the server right after stop() (say, the database
  // being dropped) became an uncaught exception. This one keeps its listener
  // and stop() waits for every connection to close.
  const pool = new pg.Pool({ connectionString: options.connectionString, max: config.concurrency + 2 });
  const report = (what: string, err: Error): void => {
    if (pool.ending || runPool.ending) return; // closing connections of a pool being ended (see createPool)
    const message = `pg-checkpoint worker: ${what}: ${err.message}`;
    if (options.logger) options.logger.error(message, { error: err });
    else console.error(message);
  };
  // Idle connections report on the pool; connections in use on themselves
  // (pg also fails their next query, so logging is all there is to do).
  pool.on('error', (err) => report('idle database connection error', err));
  pool.on('connect', (client) => {
    client.on('error', (err) => report('database connection error', err));
  });
  // Plan runs hold a connection each (their lock) beside their steps'
  // short transactions: a pool of their own, so they never starve the jobs' queue.
  const runPool = new pg.Pool({ connectionString: options.connectionString, max: 2 * config.concurrency + 1 });
  runPool.on('error', (err) => report('idle database connection error', err));
  runPool.on('connect', (client) => {
    client.on('error', (err) => report('database connection error', err));
  });
  const endPools = (): Promise<void> =>
    Promise.all([pool.end(), runPool.end()]).then(
      () => {},
      () => {},
    );
  let runner: Runner;
  let plans: boolean;
  try {
    await checkRetention(pool, config.retention);
    // The demo application's plan runs, where its tables exist (this
    // repository's schema); a database with only the core (an application
    // that installed pg-checkpoint) has no plan_runs and gets prune and verify.
    plans = await hasPlanRuns(pool);
    const executor = new PlanExecutor({
      pool: runPool,
      service: new CheckpointService(runPool),
      handlers: options.handlers ?? (await loadHandlers()),
    });
    runner = await run({
      pgPool: pool,
      concurrency: config.concurrency,
      noHandleSignals: true,
      gracefulShutdownAbortTimeout: ABORT_AFTER_MS,
      // Batched (after 0 ms) rather than fire-and-forget, so that stopping
      // waits for the outcome of the last jobs to be written: otherwise a job
      // failed by the shutdown stays locked for 4 hours once the process exits.
      preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
      ...(options.pollInterval !== undefined ? { pollInterval: options.pollInterval } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.events ? { events: options.events } : {}),
      taskList: {
        [PRUNE_TASK]: pruneCheckpointsTask(config),
        [VERIFY_TASK]: verifyCheckpointsTask(config),
        [SERVICE_PRUNE_TASK]: pruneServiceRowsTask(config),
        ...(plans ? { [RUN_PLAN_TASK]: runPlanTask(executor) } : {}),
      },
      parsedCronItems: options.schedule === false ? [] : checkpointCronItems(config),
    });
  } catch (err) {
    await endPools();
    throw err;
  }
  // Plan runs whose worker died (their lock is free) go back to the queue:
  // at start, then every recoverInterval while this worker runs.
  let recovery: NodeJS.Timeout | undefined;
  if (plans) {
    try {
      await recoverRuns(pool);
    } catch (err) {
      await runner.stop().finally(endPools);
      throw err;
    }
    recovery = setInterval(() => {
      recoverRuns(pool).catch((err: unknown) => report('recovering plan runs', err instanceof Error ? err : new Error(String(err))));
    }, options.recoverInterval ?? RECOVER_INTERVAL_MS);
    recovery.unref();
  }
  let stopped = false;
  const settled = (): void => {
    stopped = true;
    clearInterval(recovery);
  };
  runner.promise.then(settled, settled);
  let stopping: Promise<void> | undefined;
  return {
    config,
    events: runner.events,
    promise: runner.promise,
    addJob: runner.addJob,
    stop: () => {
      // A runner that already stopped on an error has nothing left to stop
      // (its promise carries the error).
      clearInterval(recovery);
      stopping ??= (stopped ? Promise.resolve() : runner.stop()).finally(endPools);
      return stopping;
    },
  };
}
