/**
 * The background worker against real PostgreSQL and real graphile-worker:
 * jobs made by the crontab, jobs added by hand, two workers on one database,
 * the integrity scan's findings and logs, and the configuration.
 */
import { EventEmitter } from 'node:events';
import { makeWorkerUtils, parseCrontab, runMigrations as installWorkerSchema, type WorkerEvents, type WorkerUtils } from 'graphile-worker';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultWorkerConfig, workerConfigFromEnv, type WorkerConfig } from '../src/worker/config.ts';
import { type CheckpointWorker, startWorker } from '../src/worker/worker.ts';
import { checkpointCrontab } from '../src/worker/crontab.ts';
import { nextBatchSize } from '../src/worker/tasks/prune_checkpoints.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import {
  ageHistory,
  compareWithExpected,
  corruptCheckpoint,
  fabricatePlanHistory,
  newestCheckpoints,
  recordExpectedKept,
  writePlanHistory,
} from './helpers/history.ts';
import { captureLog, type CapturedLog, finishedRuns, jobsOf, type JobRun, sleep, trackJobs, waitFor } from './helpers/worker.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => {});
});

async function testDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  cleanups.push(() => db.drop());
  return db;
}

async function utilsFor(db: TestDatabase): Promise<WorkerUtils> {
  const utils = await makeWorkerUtils({ connectionString: db.url });
  cleanups.push(async () => utils.release());
  return utils;
}

interface Started {
  worker: CheckpointWorker;
  log: CapturedLog;
  runs: JobRun[];
}

async function start(db: TestDatabase, config: Partial<WorkerConfig> = {}, schedule = false): Promise<Started> {
  const log = captureLog();
  // tracked from the start: a backfilled cron job may run before startWorker returns
  const events: WorkerEvents = new EventEmitter();
  const runs = trackJobs(events);
  const worker = await startWorker({
    connectionString: db.url,
    config: { ...defaultWorkerConfig, ...config },
    schedule,
    logger: log.logger,
    pollInterval: 200,
    events,
  });
  cleanups.push(() => worker.stop());
  return { worker, log, runs };
}

/** The `meta` of a task's final "done" log line(s). */
function summaries(log: CapturedLog, task: string): Array<Record<string, unknown>> {
  return log.find('info', `${task}: done`).map((l) => l.meta ?? {});
}

describe('worker configuration', () => {
  it('has documented defaults and reads the environment', () => {
    expect(workerConfigFromEnv({})).toEqual(defaultWorkerConfig);
    expect(defaultWorkerConfig).toMatchObject({
      retention: '30 days',
      keepLast: 1,
      pruneSchedule: '0 3 * * *',
      verifySchedule: '0 * * * *',
    });
    const config = workerConfigFromEnv({
      CHECKPOINT_RETENTION: '7 days',
      CHECKPOINT_KEEP_LAST: '5',
      CHECKPOINT_PRUNE_SCHEDULE: '15  2 * * 0',
      CHECKPOINT_VERIFY_SCHEDULE: 'off',
      WORKER_CONCURRENCY: '4',
      CHECKPOINT_PRUNE_BATCH: '',
      CHECKPOINT_PRUNE_THROTTLE: '0.5',
    });
    expect(config).toMatchObject({
      retention: '7 days',
      keepLast: 5,
      pruneSchedule: '15 2 * * 0',
      verifySchedule: null,
      concurrency: 4,
      pruneBatchEntities: defaultWorkerConfig.pruneBatchEntities,
      pruneThrottle: 0.5,
    });
  });

  it('names every bad variable', () => {
    expect(() =>
      workerConfigFromEnv({
        CHECKPOINT_KEEP_LAST: '-1',
        CHECKPOINT_PRUNE_SCHEDULE: 'daily',
        CHECKPOINT_PRUNE_THROTTLE: 'slow',
        WORKER_CONCURRENCY: '0',
      }),
    ).toThrow(/CHECKPOINT_KEEP_LAST="-1".*CHECKPOINT_PRUNE_SCHEDULE="daily".*CHECKPOINT_PRUNE_THROTTLE="slow".*WORKER_CONCURRENCY="0"/);
  });

  it('builds a crontab graphile-worker parses: keyed, backfilled, entries that are off left out', () => {
    const text = checkpointCrontab(defaultWorkerConfig);
    const items = parseCrontab(text);
    expect(items.map((i) => [i.task, i.identifier, i.options.jobKey, i.options.backfillPeriod])).toEqual([
      ['prune_checkpoints', 'prune_checkpoints', 'prune_checkpoints', 24 * 3600_000],
      ['prune_service_rows', 'prune_service_rows', 'prune_service_rows', 24 * 3600_000],
      ['verify_checkpoints', 'verify_checkpoints', 'verify_checkpoints', 3600_000],
    ]);
    expect(parseCrontab(checkpointCrontab({ pruneSchedule: '0 4 * * *', verifySchedule: null })).map((i) => i.task)).toEqual([
      'prune_checkpoints',
      'prune_service_rows',
    ]);
  });

  it('sizes prune batches to stay short: smaller after a slow one, back up to the maximum after quick ones', () => {
    expect(nextBatchSize(500, 2_000, 500)).toBe(250);
    expect(nextBatchSize(1, 5_000, 500)).toBe(1);
    expect(nextBatchSize(250, 600, 500)).toBe(250);
    expect(nextBatchSize(250, 100, 500)).toBe(500);
    expect(nextBatchSize(400, 10, 500)).toBe(500);
  });

  it('refuses a retention PostgreSQL does not read as an interval, before running anything', async () => {
    const db = await testDatabase();
    await expect(start(db, { retention: 'thirty days' })).rejects.toThrow(/CHECKPOINT_RETENTION="thirty days": not a PostgreSQL interval/);
    await expect(start(db, { retention: '-1 day' })).rejects.toThrow(/must not be negative/);
  });
});

describe('worker jobs', () => {
  it('raises no uncaught error when its database is dropped while stop() runs', async () => {
    // graphile-worker's own pool was ended without waiting, its error
    // listener already gone: a connection the server closed just after
    // stop() (the database dropped) was an uncaught exception. Twelve
    // rounds at different moments, because that window was a race.
    const uncaught: unknown[] = [];
    const record = (err: unknown): void => {
      uncaught.push(err);
    };
    // graphile-worker warns when a pool handed to it lacks error handlers.
    const warn = vi.spyOn(console, 'warn');
    process.on('uncaughtException', record);
    try {
      for (let round = 0; round < 12; round++) {
        const db = await createTestDatabase();
        const url = new URL(db.url);
        url.searchParams.set('application_name', 'pgcp_worker_under_test');
        const worker = await startWorker({
          connectionString: url.toString(),
          config: defaultWorkerConfig,
          schedule: false,
          logger: captureLog().logger,
          pollInterval: 200,
        });
        await waitFor('the worker to connect', async () => {
          const { rows } = await db.pool.query<{ n: number }>(
            `select count(*)::int as n from pg_stat_activity where application_name = 'pgcp_worker_under_test'`,
          );
          return (rows[0]?.n ?? 0) > 0 ? true : undefined;
        });
        // The database goes away while stop() runs, at a different moment
        // each round.
        const stopping = worker.stop();
        await sleep(round % 6);
        await db.drop();
        await stopping;
        await sleep(50);
      }
    } finally {
      process.off('uncaughtException', record);
    }
    expect(uncaught.map((e) => (e instanceof Error ? e.message : String(e)))).toEqual([]);
    expect(warn.mock.calls.filter((c) => String(c[0]).includes('error handlers'))).toEqual([]);
    warn.mockRestore();
  });

  it('runs prune and verify from the crontab: a missed time is backfilled once, even with two workers', async () => {
    const db = await testDatabase();
    await writePlanHistory(db, 40, 40);
    await ageHistory(db);
    const [bad] = await newestCheckpoints(db, 1);
    if (!bad) throw new Error('no checkpoint to corrupt');
    await corruptCheckpoint(db, bad);
    const expected = await recordExpectedKept(db, defaultWorkerConfig.retention, defaultWorkerConfig.keepLast);
    expect(expected.removed).toBe(40 * 9);

    // The crontab's entries have been known for two days and never ran: the
    // workers are "starting after a missed 03:00 and a missed hh:00".
    await installWorkerSchema({ connectionString: db.url, logger: captureLog().logger });
    await db.pool.query(
      `insert into graphile_worker._private_known_crontabs (identifier, known_since)
       values ('prune_checkpoints', now() - interval '2 days'), ('verify_checkpoints', now() - interval '2 days'),
              ('prune_service_rows', now() - interval '2 days')`,
    );
    const [a, b] = await Promise.all([start(db, {}, true), start(db, {}, true)]);
    const runs = (): JobRun[] => [...(a?.runs ?? []), ...(b?.runs ?? [])];
    await finishedRuns(runs, 'prune_checkpoints', 1);
    await finishedRuns(runs, 'verify_checkpoints', 1);
    await finishedRuns(runs, 'prune_service_rows', 1);
    await waitFor('an empty job table', async () => ((await jobsOf(db.pool, 'prune_checkpoints')).length === 0 ? true : undefined));

    for (const task of ['prune_checkpoints', 'verify_checkpoints', 'prune_service_rows']) {
      const backfilled = runs().filter((r) => r.task === task && r.cron?.backfilled === true);
      expect(backfilled, task).toHaveLength(1);
      expect(backfilled[0]?.key).toBe(task);
    }
    const known = await db.pool.query<{ identifier: string; last_execution: Date | null }>(
      'select identifier, last_execution from graphile_worker._private_known_crontabs order by identifier',
    );
    expect(known.rows.map((r) => [r.identifier, r.last_execution !== null])).toEqual([
      ['prune_checkpoints', true],
      ['prune_service_rows', true],
      ['verify_checkpoints', true],
    ]);

    expect(await compareWithExpected(db)).toEqual({ missing: 0, extra: 0 });
    const findings = await db.pool.query<{ checkpoint_id: string }>('select checkpoint_id from pgcheckpoint.findings');
    expect(findings.rows.map((r) => r.checkpoint_id)).toEqual([bad]);
    const errors = [...(a?.log.lines ?? []), ...(b?.log.lines ?? [])].filter(
      (l) => l.level === 'error' && l.message.includes(`CORRUPTED checkpoint ${bad}`),
    );
    expect(errors).toHaveLength(1);
  });

  it('prunes by hand with the payload overriding retention and keep_last, in batches, logging progress', async () => {
    const db = await testDatabase();
    await writePlanHistory(db, 30, 30);
    await ageHistory(db);
    const expected = await recordExpectedKept(db, '10 days', 25);
    expect(expected.removed).toBeGreaterThan(0);
    const { runs, log } = await start(db);
    const utils = await utilsFor(db);
    await utils.addJob('prune_checkpoints', { retention: '10 days', keepLast: 25, batchSize: 7, throttle: 0.5 });
    await finishedRuns(runs, 'prune_checkpoints', 1);

    expect(await compareWithExpected(db)).toEqual({ missing: 0, extra: 0 });
    const [summary] = summaries(log, 'prune_checkpoints');
    expect(summary).toMatchObject({
      removed: expected.removed,
      keepLast: 25,
      retention: '10 days',
      batchSize: 7,
      throttle: 0.5,
      batches: 5,
    });
    expect(log.find('info', 'prune_checkpoints: start: horizon')).toHaveLength(1);
    expect(log.find('debug', 'prune_checkpoints: batch 5 (7 entities')).toHaveLength(1);
    expect(log.find('debug', 'prune_checkpoints: batch 6')).toHaveLength(0);
  });

  it('prune_service_rows: old idempotency records and old request logs no checkpoint names go; the rest stays', async () => {
    const db = await testDatabase();
    const q = (text: string, values: unknown[] = []) => db.pool.query(text, values);
    const [oldLone, oldNamed, recent] = ['a', 'b', 'c'].map((c) => `${c.repeat(8)}-0000-4000-8000-000000000000`);
    await q(`insert into request_logs (id, method, path, created_at) values
      ($1, 'POST', '/plans', now() - interval '9 days'), ($2, 'POST', '/plans', now() - interval '9 days'),
      ($3, 'POST', '/plans', now())`, [oldLone, oldNamed, recent]);
    // a checkpoint names oldNamed: its log row must stay (revert by request id needs it)
    const client = await db.pool.connect();
    try {
      await client.query('begin');
      await client.query(`select set_config('checkpoint.request_id', $1, true)`, [oldNamed]);
      await client.query(`insert into plans (title) values ('logged')`);
      await client.query('commit');
    } finally {
      client.release();
    }
    const { rows: keys } = await q(`insert into pgcheckpoint_api.keys (key_hash, prefix, actor, role)
      values (repeat('0', 64), 'pgcp_x', 'worker-test', 'writer') returning id`);
    await q(`insert into pgcheckpoint_api.idempotency (key_id, idempotency_key, request_hash, created_at) values
      ($1, 'old', 'h', now() - interval '9 days'), ($1, 'new', 'h', now())`, [keys[0]?.id]);

    const { runs, log } = await start(db);
    const utils = await utilsFor(db);
    await utils.addJob('prune_service_rows', { retention: '1 day' });
    await finishedRuns(runs, 'prune_service_rows', 1);

    expect(summaries(log, 'prune_service_rows')).toEqual([{ retention: '1 day', requestLogs: 1, idempotency: 1 }]);
    const { rows: logs } = await q(`select id from request_logs where id = any($1) order by id`, [[oldLone, oldNamed, recent]]);
    expect(logs.map((r) => r.id)).toEqual([oldNamed, recent]);
    const { rows: records } = await q(`select idempotency_key from pgcheckpoint_api.idempotency`);
    expect(records.map((r) => r.idempotency_key)).toEqual(['new']);
  });

  it('refuses a bad payload (the job fails, nothing is removed)', async () => {
    const db = await testDatabase();
    await writePlanHistory(db, 3, 3);
    const { runs } = await start(db);
    const utils = await utilsFor(db);
    await utils.addJob('prune_checkpoints', { retension: '1 day' }, { maxAttempts: 1 });
    const run = await waitFor('the job to fail', () => runs.find((r) => r.endedAt !== undefined));
    expect(String(run.error)).toMatch(/retension/);
    expect((await db.pool.query('select 1 from checkpoints')).rowCount).toBe(9);
  });

  it('two workers pruning at once remove exactly what the rule allows, between them', async () => {
    const db = await testDatabase();
    await fabricatePlanHistory(db, 300, 20, 2);
    const expected = await recordExpectedKept(db, '30 days', 1);
    expect(expected.removed).toBe(300 * 4);
    const [a, b] = await Promise.all([start(db, { concurrency: 1 }), start(db, { concurrency: 1 })]);
    if (!a || !b) throw new Error('workers did not start');
    const utils = await utilsFor(db);
    await Promise.all([
      utils.addJob('prune_checkpoints', { batchSize: 1 }),
      utils.addJob('prune_checkpoints', { batchSize: 1 }),
    ]);
    const [runA] = await finishedRuns(a.runs, 'prune_checkpoints', 1);
    const [runB] = await finishedRuns(b.runs, 'prune_checkpoints', 1);
    if (!runA || !runB) throw new Error('a worker ran no prune');
    // They really ran at the same time.
    expect(runA.startedAt).toBeLessThan(runB.endedAt ?? 0);
    expect(runB.startedAt).toBeLessThan(runA.endedAt ?? 0);

    const removed = [...summaries(a.log, 'prune_checkpoints'), ...summaries(b.log, 'prune_checkpoints')].map((s) =>
      Number(s.removed),
    );
    expect(removed).toHaveLength(2);
    expect(removed.reduce((x, y) => x + y, 0)).toBe(expected.removed);
    expect(await compareWithExpected(db)).toEqual({ missing: 0, extra: 0 });
  });

  it('verify records corrupted checkpoints in pgcheckpoint.findings and logs each one, once', async () => {
    const db = await testDatabase();
    await writePlanHistory(db, 20, 5);
    const bad = await newestCheckpoints(db, 2);
    for (const id of bad) await corruptCheckpoint(db, id);
    const { runs, log } = await start(db);
    const utils = await utilsFor(db);

    await utils.addJob('verify_checkpoints', { stepRows: 7 });
    await finishedRuns(runs, 'verify_checkpoints', 1);
    const findings = await db.pool.query<{ checkpoint_id: string; expected_hash: string; actual_hash: string }>(
      'select checkpoint_id, expected_hash, actual_hash from pgcheckpoint.findings order by checkpoint_id',
    );
    expect(findings.rows.map((r) => r.checkpoint_id)).toEqual([...bad].sort());
    for (const f of findings.rows) {
      const lines = log.find('error', `CORRUPTED checkpoint ${f.checkpoint_id}`);
      expect(lines).toHaveLength(1);
      expect(lines[0]?.message).toContain(f.expected_hash);
      expect(lines[0]?.message).toContain(f.actual_hash);
    }
    const [summary] = log.find('error', 'CORRUPTED checkpoint(s) found in this run').map((l) => l.meta);
    expect(summary).toMatchObject({ scanned: 100, found: 2, steps: 15, remaining: 0 });
    expect([...((summary?.corrupted as string[] | undefined) ?? [])].sort()).toEqual([...bad].sort());

    // The next run continues from the cursor: nothing new, nothing logged again.
    await writePlanHistory(db, 3, 1);
    await utils.addJob('verify_checkpoints', {});
    await finishedRuns(runs, 'verify_checkpoints', 2);
    expect(log.find('error', 'CORRUPTED')).toHaveLength(3);
    expect(summaries(log, 'verify_checkpoints')[1]).toMatchObject({ scanned: 3, found: 0 });
  });

  it('verify stops at the per-run cap and the next run continues', async () => {
    const db = await testDatabase();
    await writePlanHistory(db, 10, 3);
    const { runs, log } = await start(db, { verifyStepRows: 4, verifyMaxRows: 10 });
    const utils = await utilsFor(db);
    await utils.addJob('verify_checkpoints', {});
    await finishedRuns(runs, 'verify_checkpoints', 1);
    await utils.addJob('verify_checkpoints', { maxRows: 100 });
    await finishedRuns(runs, 'verify_checkpoints', 2);
    const [first, second] = summaries(log, 'verify_checkpoints');
    expect(first).toMatchObject({ scanned: 10, steps: 3 });
    expect(Number(first?.remaining)).toBeGreaterThan(0);
    expect(log.find('info', 'per-run cap')).toHaveLength(1);
    expect(second).toMatchObject({ scanned: 20, remaining: 0 });
  });
});
