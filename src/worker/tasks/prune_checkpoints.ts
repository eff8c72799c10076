/**
 * graphile-worker task `prune_checkpoints`: applies the retention rule
 * (CONTRACT "Pruning") to the whole history in short transactions.
 *
 * The horizon is computed once per run (`now() - retention`, by PostgreSQL)
 * and passed to every `pgcheckpoint.prune_batch` call, each one autocommitted
 * statement over the next entities after the cursor, until the cursor comes
 * back null. Nothing is kept between runs: a run that dies (SIGKILL, lost
 * connection) has committed only whole batches, each of which removed only
 * what the rule allows, and the next run simply walks again. On a graceful
 * shutdown the run stops at the next batch boundary and fails, so
 * graphile-worker retries it.
 *
 * Batches hold up to `batchSize` entities; a batch that takes longer than
 * TARGET_BATCH_MS (long histories) makes the next ones smaller, and quick
 * ones let the size grow back, so each transaction stays short whatever the
 * shape of the history. After each batch the run pauses `throttle` times as
 * long as the batch took (1: half speed), which leaves the disk and the WAL
 * to the application's writers most of the time (see bench/README.md).
 *
 * Payload (all optional; the worker's configuration gives the defaults):
 *   { "retention": "30 days", "keepLast": 1, "batchSize": 500, "throttle": 0.5 }
 */
import type { JobHelpers, Task } from 'graphile-worker';
import { z } from 'zod';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkerConfig } from '../config.ts';
import { pruneBatch, pruneHorizon, pruneStart } from '../../lib/prune.ts';
import { formatCount, formatSeconds, perMinute, ProgressClock } from '../progress.ts';

export const PrunePayload = z
  .object({
    retention: z.string().trim().min(1).optional(),
    keepLast: z.number().int().min(0).optional(),
    /** Most entities per batch. */
    batchSize: z.number().int().min(1).max(100_000).optional(),
    /** Pause after each batch, as a multiple of the batch's duration (0: none). */
    throttle: z.number().min(0).max(100).optional(),
    /** Added by graphile-worker to jobs made by the crontab. */
    _cron: z.unknown().optional(),
  })
  .strict();
export type PrunePayload = z.infer<typeof PrunePayload>;

export type PruneDefaults = Pick<WorkerConfig, 'retention' | 'keepLast' | 'pruneBatchEntities' | 'pruneThrottle'>;

/** A batch slower than this shrinks the next one. */
export const TARGET_BATCH_MS = 1_000;

/** What one run did; also the `meta` of its final log line. */
export interface PruneSummary {
  [key: string]: unknown;
  horizon: string;
  retention: string;
  keepLast: number;
  /** Most entities per batch. */
  batchSize: number;
  throttle: number;
  removed: number;
  batches: number;
  /**
   * Entities walked: the sizes of the batches asked for. Exact but for the
   * last batch, which may hold fewer (pgcheckpoint.prune_batch returns no count).
   */
  entities: number;
  /** Wall time of the run, pauses included; rowsPerMinute is over it too. */
  ms: number;
  rowsPerMinute: number;
}

function describeRun(removed: number, batches: number, ms: number): string {
  return (
    `removed ${formatCount(removed)} checkpoints in ${formatCount(batches)} batches, ${formatSeconds(ms)}, ` +
    `${formatCount(perMinute(removed, ms))} rows/min`
  );
}

/** The next batch size: smaller after a slow batch, back up (to `max`) after quick ones. */
export function nextBatchSize(size: number, tookMs: number, max: number): number {
  if (tookMs > TARGET_BATCH_MS) return Math.max(1, Math.floor((size * TARGET_BATCH_MS) / tookMs));
  if (tookMs < TARGET_BATCH_MS / 4) return Math.min(max, size * 2);
  return size;
}

/** Waits `ms`, or less if `signal` aborts first. */
async function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return;
  await sleep(ms, undefined, { signal }).catch(() => {});
}

async function horizonFor(helpers: JobHelpers, retention: string): Promise<string> {
  const { horizon, negative } = await helpers.withPgClient((client) => pruneHorizon(client, retention));
  if (negative) throw new Error(`prune_checkpoints: retention must not be negative (got "${retention}")`);
  return horizon;
}

export function pruneCheckpointsTask(defaults: PruneDefaults): Task {
  return async (rawPayload, helpers) => {
    const payload = PrunePayload.parse(rawPayload ?? {});
    const retention = payload.retention ?? defaults.retention;
    const keepLast = payload.keepLast ?? defaults.keepLast;
    const batchSize = payload.batchSize ?? defaults.pruneBatchEntities;
    const throttle = payload.throttle ?? defaults.pruneThrottle;
    const { logger } = helpers;

    const horizon = await horizonFor(helpers, retention);
    logger.info(
      `prune_checkpoints: start: horizon ${horizon} (now - ${retention}), keep_last ${keepLast}, ` +
        `up to ${batchSize} entities per batch, throttle ${throttle}`,
    );

    const clock = new ProgressClock();
    let removed = 0;
    let batches = 0;
    let entities = 0;
    let size = batchSize;
    let cursor = pruneStart;
    const summary = (): PruneSummary => {
      const ms = clock.elapsedMs();
      return {
        horizon,
        retention,
        keepLast,
        batchSize,
        throttle,
        removed,
        batches,
        entities,
        ms,
        rowsPerMinute: perMinute(removed, ms),
      };
    };

    for (;;) {
      if (helpers.abortSignal.aborted) {
        throw new Error(
          `prune_checkpoints: stopped by shutdown after ${describeRun(removed, batches, clock.elapsedMs())}; ` +
            'the retry walks the history again',
        );
      }
      const started = performance.now();
      const batch = await helpers.withPgClient((client) => pruneBatch(client, horizon, keepLast, cursor, size));
      const took = performance.now() - started;
      if (batch === null) break;
      batches += 1;
      entities += size;
      removed += batch.removed;
      cursor = batch.next;
      logger.debug(
        `prune_checkpoints: batch ${batches} (${size} entities, ${took.toFixed(0)} ms): removed ${batch.removed}, cursor ${cursor.afterType}:${cursor.afterId}`,
      );
      size = nextBatchSize(size, took, batchSize);
      if (clock.due()) {
        logger.info(
          `prune_checkpoints: ${describeRun(removed, batches, clock.elapsedMs())}, ` +
            `${formatCount(entities)} entities walked, at ${cursor.afterType}:${cursor.afterId}`,
          summary(),
        );
      }
      await pause(took * throttle, helpers.abortSignal);
    }

    const done = summary();
    logger.info(
      `prune_checkpoints: done: ${describeRun(removed, batches, done.ms)}, up to ${formatCount(entities)} entities walked`,
      done,
    );
  };
}
