/**
 * graphile-worker task `verify_checkpoints`: the incremental integrity scan.
 *
 * Calls `pgcheckpoint.verify_step` (one short transaction each) until it
 * reports nothing remaining, or this run has scanned `maxRows`. The cursor
 * lives in `pgcheckpoint.scan_progress`, so a run that stops early (cap,
 * shutdown, SIGKILL) loses nothing: the next one continues where it left.
 * Every corrupted checkpoint recorded in `pgcheckpoint.findings` by this run is
 * logged at error level, by id, with its entity and both hashes.
 *
 * Payload (all optional; the worker's configuration gives the defaults):
 *   { "stepRows": 10000, "maxRows": 5000000 }
 */
import type { JobHelpers, Task } from 'graphile-worker';
import { z } from 'zod';
import { attr, traced } from '../../lib/tracing.ts';
import type { WorkerConfig } from '../config.ts';
import { formatCount, formatSeconds, perMinute, ProgressClock } from '../progress.ts';

export const VerifyPayload = z
  .object({
    stepRows: z.number().int().min(1).max(10_000_000).optional(),
    maxRows: z.number().int().min(1).optional(),
    /** Added by graphile-worker to jobs made by the crontab. */
    _cron: z.unknown().optional(),
  })
  .strict();
export type VerifyPayload = z.infer<typeof VerifyPayload>;

export type VerifyDefaults = Pick<WorkerConfig, 'verifyStepRows' | 'verifyMaxRows'>;

/** At most this many findings are logged one by one per run; the rest are counted. */
export const MAX_FINDINGS_LOGGED = 100;

export interface Finding {
  checkpoint_id: string;
  seq: string;
  entity_type: string;
  entity_id: string;
  expected_hash: string;
  actual_hash: string;
}

/** What one run did; also the `meta` of its final log line. */
export interface VerifySummary {
  [key: string]: unknown;
  scanned: number;
  found: number;
  steps: number;
  lastSeq: string;
  remaining: number;
  ms: number;
  /** Ids of the corrupted checkpoints this run found (all of them). */
  corrupted: string[];
}

interface StepRow {
  scanned: string;
  found: string;
  last_seq: string;
  remaining: string;
}

/**
 * One step and the findings it recorded, in one transaction: the step's own
 * inserts are the findings rows whose xmin is this transaction.
 */
async function step(helpers: JobHelpers, maxRows: number): Promise<{ row: StepRow; findings: Finding[] }> {
  return helpers.withPgClient(async (client) => {
    await client.query('begin');
    try {
      const { rows } = await client.query<StepRow>(
        'select scanned, found, last_seq, remaining from pgcheckpoint.verify_step($1::integer)',
        [maxRows],
      );
      const row = rows[0];
      if (!row) throw new Error('pgcheckpoint.verify_step returned no row');
      const findings =
        Number(row.found) > 0
          ? (
              await client.query<Finding>(
                `select checkpoint_id, seq, entity_type, entity_id, expected_hash, actual_hash
                   from pgcheckpoint.findings
                  where xmin = pg_current_xact_id()::xid
                  order by seq`,
              )
            ).rows
          : [];
      await client.query('commit');
      return { row, findings };
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw err;
    }
  });
}

export function verifyCheckpointsTask(defaults: VerifyDefaults): Task {
  return async (rawPayload, helpers) => {
    const payload = VerifyPayload.parse(rawPayload ?? {});
    const stepRows = payload.stepRows ?? defaults.verifyStepRows;
    const maxRows = payload.maxRows ?? defaults.verifyMaxRows;
    const { logger } = helpers;

    const clock = new ProgressClock();
    const corrupted: string[] = [];
    let scanned = 0;
    let steps = 0;
    let lastSeq = '0';
    let remaining = 0;
    const describe = (): string =>
      `verified ${formatCount(scanned)} checkpoints in ${formatCount(steps)} steps, ${formatSeconds(clock.elapsedMs())}, ` +
      `${formatCount(perMinute(scanned, clock.elapsedMs()))} rows/min, ${formatCount(corrupted.length)} corrupted, cursor at seq ${lastSeq}`;

    for (;;) {
      if (helpers.abortSignal.aborted) {
        throw new Error(`verify_checkpoints: stopped by shutdown after ${describe()}; the retry continues from the cursor`);
      }
      // one span per step (a short transaction of its own), as prune has per batch
      const { row, findings } = await traced('pg-checkpoint verify_step', {}, async (span) => {
        const result = await step(helpers, Math.min(stepRows, maxRows - scanned));
        span.setAttributes({ [attr.rowsChanged]: 0, [attr.corrupted]: result.findings.length, [attr.scanned]: Number(result.row.scanned) });
        return result;
      });
      steps += 1;
      scanned += Number(row.scanned);
      lastSeq = row.last_seq;
      remaining = Number(row.remaining);
      for (const f of findings) {
        corrupted.push(f.checkpoint_id);
        if (corrupted.length <= MAX_FINDINGS_LOGGED) {
          logger.error(
            `verify_checkpoints: CORRUPTED checkpoint ${f.checkpoint_id} (${f.entity_type} ${f.entity_id}, seq ${f.seq}): ` +
              `stored hash ${f.expected_hash}, state hashes to ${f.actual_hash}`,
            { ...f },
          );
        }
      }
      logger.debug(`verify_checkpoints: step ${steps}: scanned ${row.scanned}, found ${row.found}, last seq ${row.last_seq}`);
      if (remaining === 0 || Number(row.scanned) === 0 || scanned >= maxRows) break;
      if (clock.due()) logger.info(`verify_checkpoints: ${describe()}, ~${formatCount(remaining)} to go`);
    }

    // The step's findings are exactly the rows it recorded, so found is their count.
    const found = corrupted.length;
    const summary: VerifySummary = { scanned, found, steps, lastSeq, remaining, ms: clock.elapsedMs(), corrupted };
    if (found > 0) {
      const more = corrupted.length > MAX_FINDINGS_LOGGED ? ` (first ${MAX_FINDINGS_LOGGED} logged above)` : '';
      logger.error(
        `verify_checkpoints: ${formatCount(found)} CORRUPTED checkpoint(s) found in this run${more}: ` +
          `${corrupted.slice(0, MAX_FINDINGS_LOGGED).join(', ')}; they are listed in pgcheckpoint.findings, ` +
          'and restoring from them fails with XX001',
        summary,
      );
    }
    const capped = remaining > 0 ? `; stopped at the per-run cap of ${formatCount(maxRows)}, the next run continues` : '';
    logger.info(`verify_checkpoints: done: ${describe()}${capped}`, summary);
  };
}
