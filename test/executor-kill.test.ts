/**
 * A worker process (src/worker/main.ts, handlers from PGCHECKPOINT_HANDLERS)
 * SIGKILLed in the middle of two steps, then a new worker started: it finds
 * both runs orphaned (their advisory locks gone with the dead connections),
 * undoes the step each was in per its onFailure, and goes on per policy:
 * 'retry' runs the step again and finishes the plan; 'stop' fails it. A
 * worker stopped with SIGTERM mid-step leaves the step the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entities, type Entities } from '../src/app/entities.ts';
import { enqueueRun, getRun } from '../src/app/runs.ts';
import { createTestDatabase, type TestDatabase, withSession } from './helpers/db.ts';
import { waitFor } from './helpers/worker.ts';
import { killAll, spawnWorker, type WorkerProcess } from './helpers/worker-process.ts';

const workerEnv = { PGCHECKPOINT_HANDLERS: 'test/fixtures/hang-handlers.ts', WORKER_CONCURRENCY: '2' };

let db: TestDatabase;
let e: Entities;
const spawned: WorkerProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  e = entities(db.pool);
}, 120_000);

afterAll(async () => {
  killAll(spawned);
  await db?.drop();
});

async function plan(title: string): Promise<{ planId: string; taskIds: string[] }> {
  const p = await e.plans.create({ title });
  const taskIds: string[] = [];
  for (const [i, t] of ['first', 'hang', 'after'].entries()) taskIds.push((await e.tasks.create({ planId: p.id, title: t, position: i + 1 })).id);
  return { planId: p.id, taskIds };
}

async function artifactNames(taskId: string): Promise<string[]> {
  return (await e.artifacts.listByTask(taskId)).map((a) => a.name).sort();
}

describe('a worker killed mid-step', () => {
  it('SIGKILL in two steps, then SIGTERM in a third; the next worker undoes each (rollback, revert) and resumes (retry) or fails (stop)', async () => {
    const retried = await plan('retried');
    const stopped = await plan('stopped');
    const retryRun = await enqueueRun(db.pool, retried.planId, { policy: 'retry', onFailure: 'rollback' });
    const stopRun = await enqueueRun(db.pool, stopped.planId, { policy: 'stop', onFailure: 'revert' });

    const first = spawnWorker(db, workerEnv);
    spawned.push(first);
    // Both steps under way, their first writes committed and seen from another session.
    await withSession(db.url, async (other) => {
      await waitFor(
        'both steps to have written',
        async () => {
          if (first.child.exitCode !== null) throw new Error(`worker exited early:\n${first.output.join('')}`);
          const { rows } = await other.query(
            `select count(*)::int as n from artifacts a join tasks t on t.id = a.task_id
              where a.name = 'attempt-1.md' and t.status = 'running' and t.id = any($1)`,
            [[retried.taskIds[1], stopped.taskIds[1]]],
          );
          return rows[0].n === 2 ? true : undefined;
        },
        60_000,
      );
    });
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    for (const id of [retryRun.id, stopRun.id]) {
      const run = await getRun(db.pool, id);
      expect(run.status).toBe('running');
      expect(run.steps.map((s) => [s.title, s.attempt, s.status])).toEqual([
        ['first', 1, 'done'],
        ['hang', 1, 'running'],
      ]);
    }

    const second = spawnWorker(db, workerEnv);
    spawned.push(second);
    const done = async (id: string) =>
      waitFor(
        `run ${id} to finish`,
        async () => {
          if (second.child.exitCode !== null) throw new Error(`worker exited:\n${second.output.join('')}`);
          const run = await getRun(db.pool, id);
          return run.status === 'succeeded' || run.status === 'failed' ? run : undefined;
        },
        60_000,
      );

    // retry + rollback: attempt 1 rolled back to the checkpoint before the step, attempt 2 runs, the plan finishes.
    const r = await done(retryRun.id);
    expect(r.status, second.output.join('')).toBe('succeeded');
    expect(r.steps.map((s) => [s.title, s.attempt, s.status])).toEqual([
      ['first', 1, 'done'],
      ['hang', 1, 'interrupted'],
      ['hang', 2, 'done'],
      ['after', 1, 'done'],
    ]);
    expect(r.steps[1]).toMatchObject({
      error: 'interrupted: the process running attempt 1 stopped',
      undo: { onFailure: 'rollback', steps: expect.arrayContaining([expect.objectContaining({ entityType: 'artifact', action: 'deleted' })]) },
    });
    expect(await artifactNames(retried.taskIds[0]!)).toEqual(['first.md']);
    expect(await artifactNames(retried.taskIds[1]!)).toEqual(['attempt-2.md']);
    expect(await artifactNames(retried.taskIds[2]!)).toEqual(['after.md']);
    expect((await e.plans.get(retried.planId)).status).toBe('succeeded');

    // stop + revert: the step's unit reverted, the task and the plan failed, nothing after it ran.
    const s = await done(stopRun.id);
    expect(s).toMatchObject({ status: 'failed', error: 'interrupted: the process running attempt 1 stopped' });
    expect(s.steps.map((x) => [x.title, x.attempt, x.status])).toEqual([
      ['first', 1, 'done'],
      ['hang', 1, 'interrupted'],
    ]);
    expect(s.steps[1]?.undo).toEqual({
      onFailure: 'revert',
      steps: [expect.objectContaining({ entityType: 'artifact', action: 'deleted', conflict: null })],
    });
    expect(await artifactNames(stopped.taskIds[1]!)).toEqual([]);
    expect(await e.tasks.get(stopped.taskIds[1]!)).toMatchObject({ status: 'failed', error: 'interrupted: the process running attempt 1 stopped' });
    expect(await artifactNames(stopped.taskIds[2]!)).toEqual([]);
    expect((await e.plans.get(stopped.planId)).status).toBe('failed');

    // SIGTERM mid-step: the worker stops at once (exit 0), leaving the step to the next one.
    const termed = await plan('stopped gracefully');
    const termRun = await enqueueRun(db.pool, termed.planId, { policy: 'retry', onFailure: 'revert' });
    await waitFor('the step to have written', async () =>
      (await artifactNames(termed.taskIds[1]!)).includes('attempt-1.md') ? true : undefined,
    );
    second.child.kill('SIGTERM');
    expect(await second.exited, second.output.join('')).toEqual({ code: 0, signal: null });
    expect((await getRun(db.pool, termRun.id)).steps.map((x) => [x.title, x.status])).toEqual([
      ['first', 'done'],
      ['hang', 'running'],
    ]);
    const third = spawnWorker(db, workerEnv);
    spawned.push(third);
    const t = await waitFor(
      'the third worker to finish the run',
      async () => {
        const run = await getRun(db.pool, termRun.id);
        return run.status === 'succeeded' || run.status === 'failed' ? run : undefined;
      },
      60_000,
    );
    expect(t.steps.map((x) => [x.title, x.attempt, x.status]), third.output.join('')).toEqual([
      ['first', 1, 'done'],
      ['hang', 1, 'interrupted'],
      ['hang', 2, 'done'],
      ['after', 1, 'done'],
    ]);
    expect(await artifactNames(termed.taskIds[1]!)).toEqual(['attempt-2.md']);
    third.child.kill('SIGTERM');
    expect(await third.exited).toEqual({ code: 0, signal: null });
  }, 150_000);
});
