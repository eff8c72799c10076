/**
 * The worker as a process (`src/worker/main.ts`, what `npm run worker`
 * runs): killed with SIGKILL in the middle of a prune, then stopped with
 * SIGTERM in the middle of the next one, then left to finish. Afterwards the
 * history is exactly what the retention rule keeps, and rolling back to a
 * time just inside the horizon gives back exactly the state of that time.
 */
import { makeWorkerUtils, type WorkerUtils } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import {
  checkpointCount,
  compareWithExpected,
  fabricatePlanHistory,
  recordExpectedKept,
  rollbackMismatches,
  statesAt,
} from './helpers/history.ts';
import { jobsOf, waitFor } from './helpers/worker.ts';
import { killAll, spawnWorker, type WorkerProcess } from './helpers/worker-process.ts';

const PLANS = 1_000;
const VERSIONS = 60;
/** Rows aged (rn - 1) days + 12 h: 30 of 60 are behind a 30-day horizon, the newest of them stays. */
const REMOVED = PLANS * 29;

const workerEnv = { WORKER_CONCURRENCY: '1' };

async function ready(worker: WorkerProcess): Promise<void> {
  await waitFor(
    'the worker to start',
    () => {
      if (worker.child.exitCode !== null) throw new Error(`worker exited early:\n${worker.output.join('')}`);
      return worker.output.join('').includes('pg-checkpoint worker: running') ? true : undefined;
    },
    60_000,
  );
}

let db: TestDatabase;
let utils: WorkerUtils;
const spawned: WorkerProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
}, 120_000);

afterAll(async () => {
  killAll(spawned);
  await utils?.release();
  await db?.drop();
});

describe('worker process', () => {
  it('killed mid-prune (SIGKILL), stopped mid-prune (SIGTERM), restarted: keeps exactly what the rule keeps', async () => {
    await fabricatePlanHistory(db, PLANS, VERSIONS);
    const total = await checkpointCount(db);
    const expected = await recordExpectedKept(db, '30 days', 1);
    expect(expected.removed).toBe(REMOVED);
    // Just inside the horizon: the state then is each plan's newest checkpoint behind it.
    const inside = await statesAt(db, `now() - interval '30 days' + interval '1 hour'`, 5);
    utils = await makeWorkerUtils({ connectionString: db.url });
    const removedSoFar = async (): Promise<number> => total - (await checkpointCount(db));

    // 1. SIGKILL once a tenth of the work is done.
    const first = spawnWorker(db, workerEnv);
    spawned.push(first);
    await ready(first);
    await utils.addJob('prune_checkpoints', { batchSize: 1 }, { jobKey: 'prune_checkpoints' });
    await waitFor('a tenth of the prune', async () => ((await removedSoFar()) >= REMOVED / 10 ? true : undefined), 60_000, 20);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const afterKill = await removedSoFar();
    expect(afterKill).toBeLessThan(REMOVED);
    // Its job stays locked by the dead worker.
    const [dead] = await jobsOf(db.pool, 'prune_checkpoints');
    expect(dead?.locked_at).not.toBeNull();

    // 2. A new worker; the job is added again (as the crontab would): the
    //    locked one loses its key, a new one runs. SIGTERM it mid-run.
    const second = spawnWorker(db, workerEnv);
    spawned.push(second);
    await ready(second);
    const retry = await utils.addJob('prune_checkpoints', { batchSize: 2 }, { jobKey: 'prune_checkpoints' });
    expect(retry.id).not.toBe(dead?.id);
    await waitFor('more progress', async () => ((await removedSoFar()) >= afterKill + REMOVED / 10 ? true : undefined), 60_000, 20);
    second.child.kill('SIGTERM');
    const stopped = await Promise.race([
      second.exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no exit 15 s after SIGTERM')), 15_000)),
    ]);
    expect(stopped, second.output.join('')).toEqual({ code: 0, signal: null });
    expect(await removedSoFar()).toBeLessThan(REMOVED);
    // The interrupted job failed (to be retried), and is not left locked.
    const interrupted = (await jobsOf(db.pool, 'prune_checkpoints')).find((j) => j.id === retry.id);
    expect(interrupted, second.output.join("")).toMatchObject({ attempts: 1, locked_at: null });
    expect(interrupted?.last_error).toMatch(/stopped by shutdown/);

    // 3. A third worker retries it (graphile-worker's back-off) and finishes.
    const third = spawnWorker(db, workerEnv);
    spawned.push(third);
    await ready(third);
    await waitFor(
      'the retried job to complete',
      async () => ((await jobsOf(db.pool, 'prune_checkpoints')).some((j) => j.id === retry.id) ? undefined : true),
      60_000,
      100,
    );
    expect(await removedSoFar()).toBe(REMOVED);
    expect(await compareWithExpected(db)).toEqual({ missing: 0, extra: 0 });
    expect(await rollbackMismatches(db, inside.at, inside.states)).toEqual([]);

    third.child.kill('SIGTERM');
    expect(await third.exited).toEqual({ code: 0, signal: null });
  }, 150_000);
});
