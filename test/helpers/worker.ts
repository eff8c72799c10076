/**
 * Helpers for the background-worker tests: a graphile-worker Logger that
 * records what it is given, a poller, and graphile-worker job queries.
 */
import { Logger, type Job, type WorkerEvents } from 'graphile-worker';
import type pg from 'pg';

export interface LogLine {
  level: string;
  message: string;
  meta: Record<string, unknown> | undefined;
  scope: Record<string, unknown>;
}

export interface CapturedLog {
  logger: Logger;
  lines: LogLine[];
  /** Lines at `level` whose message contains `text`. */
  find(level: string, text: string): LogLine[];
}

/** A logger that keeps every line (debug included); set WORKER_TEST_LOG=1 to also print them. */
export function captureLog(): CapturedLog {
  const lines: LogLine[] = [];
  const echo = process.env.WORKER_TEST_LOG === '1';
  const logger = new Logger((scope) => (level, message, meta) => {
    const line = { level: String(level), message, meta, scope: { ...scope } };
    lines.push(line);
    if (echo) console.log(`[${line.level}] ${message}`);
  });
  return {
    logger,
    lines,
    find: (level, text) => lines.filter((l) => l.level === level && l.message.includes(text)),
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns a value other than undefined; fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export interface JobRow {
  id: string;
  task_identifier: string;
  key: string | null;
  attempts: number;
  max_attempts: number;
  locked_at: Date | null;
  locked_by: string | null;
  last_error: string | null;
}

/** graphile-worker's jobs (its public `jobs` view) for one task. */
export async function jobsOf(pool: pg.Pool, task: string): Promise<JobRow[]> {
  const { rows } = await pool.query<JobRow>(
    `select id::text, task_identifier, key, attempts, max_attempts, locked_at, locked_by, last_error
       from graphile_worker.jobs where task_identifier = $1 order by id`,
    [task],
  );
  return rows;
}

/** The `_cron` part of a job's payload, when the crontab made the job. */
export function cronInfo(job: Job): { ts: string; backfilled?: boolean } | undefined {
  const payload = job.payload;
  if (typeof payload !== 'object' || payload === null || !('_cron' in payload)) return undefined;
  const cron: unknown = payload._cron;
  if (typeof cron !== 'object' || cron === null || !('ts' in cron) || typeof cron.ts !== 'string') return undefined;
  return { ts: cron.ts, ...('backfilled' in cron && typeof cron.backfilled === 'boolean' ? { backfilled: cron.backfilled } : {}) };
}

export interface JobRun {
  id: string;
  task: string;
  key: string | null;
  cron: { ts: string; backfilled?: boolean } | undefined;
  workerId: string;
  startedAt: number;
  endedAt?: number;
  error?: unknown;
}

/** Records every job a runner starts and finishes (from its events). */
export function trackJobs(events: WorkerEvents): JobRun[] {
  const runs: JobRun[] = [];
  events.on('job:start', ({ job, worker }) => {
    runs.push({
      id: job.id,
      task: job.task_identifier,
      key: job.key,
      cron: cronInfo(job),
      workerId: worker.workerId,
      startedAt: performance.now(),
    });
  });
  events.on('job:complete', ({ job, error }) => {
    const run = runs.find((r) => r.id === job.id && r.endedAt === undefined);
    if (run) {
      run.endedAt = performance.now();
      if (error) run.error = error;
    }
  });
  return runs;
}

/** Waits until `count` runs of `task` have finished (in `runs`, or what it returns each time); fails on a failed one. */
export async function finishedRuns(
  runs: JobRun[] | (() => JobRun[]),
  task: string,
  count: number,
  timeoutMs = 60_000,
): Promise<JobRun[]> {
  return waitFor(
    `${count} finished ${task} job(s)`,
    () => {
      const done = (typeof runs === 'function' ? runs() : runs).filter((r) => r.task === task && r.endedAt !== undefined);
      const failed = done.find((r) => r.error !== undefined);
      if (failed) throw new Error(`${task} job ${failed.id} failed: ${String(failed.error)}`);
      return done.length >= count ? done : undefined;
    },
    timeoutMs,
  );
}
