/**
 * Configuration of the background worker (src/worker/worker.ts), read from the
 * environment and validated with zod. Unset or empty variables take the
 * default.
 *
 * | variable                      | default       | meaning |
 * |-------------------------------|---------------|---------|
 * | CHECKPOINT_RETENTION          | `30 days`     | PostgreSQL interval: checkpoints older than now() - this may be pruned |
 * | CHECKPOINT_KEEP_LAST          | `1`           | every entity keeps at least its newest N checkpoints (integer >= 0) |
 * | CHECKPOINT_PRUNE_SCHEDULE     | `0 3 * * *`   | cron (UTC, graphile-worker syntax) of the prune jobs (checkpoints, and the HTTP service's rows); `off` disables them |
 * | SERVICE_RETENTION             | `7 days`      | PostgreSQL interval: idempotency records, and request_logs rows no checkpoint references, older than this are removed |
 * | CHECKPOINT_VERIFY_SCHEDULE    | `0 * * * *`   | cron (UTC) of the integrity scan; `off` disables it |
 * | CHECKPOINT_PRUNE_BATCH        | `500`         | most entities per prune batch (one short transaction each; fewer when batches take over 1 s) |
 * | CHECKPOINT_PRUNE_THROTTLE     | `0.5`         | pause after each prune batch, as a multiple of its duration (0: none; 1: half speed) |
 * | CHECKPOINT_VERIFY_BATCH       | `10000`       | checkpoints per verify step (one short transaction each) |
 * | CHECKPOINT_VERIFY_MAX_ROWS    | `5000000`     | most checkpoints one verify run scans; the next run continues |
 * | WORKER_CONCURRENCY            | `2`           | jobs one worker process runs at once |
 *
 * The retention interval is checked by PostgreSQL itself when the worker
 * starts (src/worker/worker.ts), so any interval syntax it accepts works.
 */
import { parseCrontab } from 'graphile-worker';
import { z } from 'zod';

/** The schedule value that switches a cron entry off. */
export const SCHEDULE_OFF = 'off';

export interface WorkerConfig {
  /** PostgreSQL interval text, e.g. `30 days`. */
  retention: string;
  /** Retention of the HTTP service's request_logs and idempotency records (interval text). */
  serviceRetention: string;
  keepLast: number;
  /** Five-field cron expression (UTC), or null when the entry is off. */
  pruneSchedule: string | null;
  verifySchedule: string | null;
  /** Most entities per pgcheckpoint.prune_batch call. */
  pruneBatchEntities: number;
  /** Pause after each prune batch, as a multiple of the batch's duration. */
  pruneThrottle: number;
  /** max_rows per pgcheckpoint.verify_step call. */
  verifyStepRows: number;
  /** Per-run cap of the verify job. */
  verifyMaxRows: number;
  concurrency: number;
}

/** Daily at 03:00 UTC. */
export const DEFAULT_PRUNE_SCHEDULE = '0 3 * * *';
/** Hourly, on the hour (UTC). */
export const DEFAULT_VERIFY_SCHEDULE = '0 * * * *';

export const defaultWorkerConfig: Readonly<WorkerConfig> = Object.freeze({
  retention: '30 days',
  serviceRetention: '7 days',
  keepLast: 1,
  pruneSchedule: DEFAULT_PRUNE_SCHEDULE,
  verifySchedule: DEFAULT_VERIFY_SCHEDULE,
  pruneBatchEntities: 500,
  pruneThrottle: 0.5,
  verifyStepRows: 10_000,
  verifyMaxRows: 5_000_000,
  concurrency: 2,
});

const unsetIfEmpty = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);

function integer(min: number, max: number, fallback: number) {
  return z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .trim()
      .regex(/^[0-9]+$/, `must be an integer between ${min} and ${max}`)
      .transform(Number)
      .pipe(z.number().int().min(min).max(max))
      .optional()
      .transform((n) => n ?? fallback),
  );
}

/** True when graphile-worker accepts `expr` as the time part of a crontab line. */
function isCronExpression(expr: string): boolean {
  try {
    parseCrontab(`${expr} check_schedule`);
    return true;
  } catch {
    return false;
  }
}

function decimal(max: number, fallback: number) {
  return z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .trim()
      .regex(/^[0-9]+(\.[0-9]+)?$/, `must be a number between 0 and ${max}`)
      .transform(Number)
      .pipe(z.number().min(0).max(max))
      .optional()
      .transform((n) => n ?? fallback),
  );
}

function schedule(fallback: string) {
  return z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .trim()
      .transform((s) => s.replace(/\s+/g, ' '))
      .refine(
        (s) => s.toLowerCase() === SCHEDULE_OFF || isCronExpression(s),
        `must be five cron fields (minute hour day-of-month month day-of-week, UTC), e.g. "0 3 * * *", or "${SCHEDULE_OFF}"`,
      )
      .optional()
      .transform((s): string | null => (s === undefined ? fallback : s.toLowerCase() === SCHEDULE_OFF ? null : s)),
  );
}

const WorkerEnv = z.object({
  CHECKPOINT_RETENTION: z.preprocess(
    unsetIfEmpty,
    z.string().trim().optional().transform((s) => s ?? defaultWorkerConfig.retention),
  ),
  SERVICE_RETENTION: z.preprocess(
    unsetIfEmpty,
    z.string().trim().optional().transform((s) => s ?? defaultWorkerConfig.serviceRetention),
  ),
  CHECKPOINT_KEEP_LAST: integer(0, 1_000_000, defaultWorkerConfig.keepLast),
  CHECKPOINT_PRUNE_SCHEDULE: schedule(DEFAULT_PRUNE_SCHEDULE),
  CHECKPOINT_VERIFY_SCHEDULE: schedule(DEFAULT_VERIFY_SCHEDULE),
  CHECKPOINT_PRUNE_BATCH: integer(1, 100_000, defaultWorkerConfig.pruneBatchEntities),
  CHECKPOINT_PRUNE_THROTTLE: decimal(100, defaultWorkerConfig.pruneThrottle),
  CHECKPOINT_VERIFY_BATCH: integer(1, 10_000_000, defaultWorkerConfig.verifyStepRows),
  CHECKPOINT_VERIFY_MAX_ROWS: integer(1, Number.MAX_SAFE_INTEGER, defaultWorkerConfig.verifyMaxRows),
  WORKER_CONCURRENCY: integer(1, 100, defaultWorkerConfig.concurrency),
});

export class WorkerConfigError extends Error {
  override name = 'WorkerConfigError';
}

/** The worker configuration from `env` (default: process.env); throws WorkerConfigError naming each bad variable. */
export function workerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = WorkerEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '?');
      return `${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
    });
    throw new WorkerConfigError(`invalid worker configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    retention: e.CHECKPOINT_RETENTION,
    serviceRetention: e.SERVICE_RETENTION,
    keepLast: e.CHECKPOINT_KEEP_LAST,
    pruneSchedule: e.CHECKPOINT_PRUNE_SCHEDULE,
    verifySchedule: e.CHECKPOINT_VERIFY_SCHEDULE,
    pruneBatchEntities: e.CHECKPOINT_PRUNE_BATCH,
    pruneThrottle: e.CHECKPOINT_PRUNE_THROTTLE,
    verifyStepRows: e.CHECKPOINT_VERIFY_BATCH,
    verifyMaxRows: e.CHECKPOINT_VERIFY_MAX_ROWS,
    concurrency: e.WORKER_CONCURRENCY,
  };
}
