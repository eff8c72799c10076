/**
 * Plan runs as jobs, over real HTTP (fastify.inject) and a real
 * graphile-worker runner: POST /plans/{id}/run answers 202 with a queued
 * run (one per plan: 409), GET /runs/{id} follows it to its end with every
 * attempt of every step; the worker's handlers come from a module
 * (PGCHECKPOINT_HANDLERS, here examples/handlers.ts); an unknown handler
 * fails its step with an error that names it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HandlersModuleError } from '../src/app/executor-errors.ts';
import { loadHandlers } from '../src/app/handlers.ts';
import type { Artifact, Plan, Task } from '../src/app/interfaces.ts';
import { repoRoot } from '../src/db.ts';
import { defaultWorkerConfig } from '../src/worker/config.ts';
import { type CheckpointWorker, startWorker } from '../src/worker/worker.ts';
import type { TestDatabase } from './helpers/db.ts';
import { call, closeApp, ok, openApp, problem } from './helpers/http.ts';
import { captureLog, waitFor } from './helpers/worker.ts';

interface RunBody {
  id: string;
  planId: string;
  status: string;
  options: Record<string, unknown>;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  steps: {
    taskId: string;
    title: string;
    attempt: number;
    status: string;
    onFailure: string;
    requestId: string;
    error: string | null;
    undo: unknown;
    startedAt: string;
  }[];
}

let db: TestDatabase;
let app: FastifyInstance;
let worker: CheckpointWorker | undefined;

beforeAll(async () => {
  ({ db, app } = await openApp());
});

afterAll(async () => {
  await worker?.stop();
  await closeApp({ db, app });
});

async function planWith(title: string, ...tasks: string[]): Promise<{ plan: Plan; tasks: Task[] }> {
  const plan = ok<Plan>(await call(app, 'POST', '/plans', { body: { title } }), 201);
  const made: Task[] = [];
  for (const [i, t] of tasks.entries()) {
    made.push(ok<Task>(await call(app, 'POST', `/plans/${plan.id}/tasks`, { body: { title: t, position: i + 1 } }), 201));
  }
  return { plan, tasks: made };
}

async function finished(runId: string): Promise<RunBody> {
  return waitFor(
    `run ${runId} to finish`,
    async () => {
      const run = ok<RunBody>(await call(app, 'GET', `/runs/${runId}`));
      return run.status === 'succeeded' || run.status === 'failed' ? run : undefined;
    },
    30_000,
  );
}

describe('plan runs as jobs', () => {
  it('202 with a queued run and its Location; 409 while it is queued; a worker runs it; GET /runs reports every step', async () => {
    const { plan, tasks } = await planWith('Q3 report', 'collect', 'draft', 'review');
    const res = await call(app, 'POST', `/plans/${plan.id}/run`, { body: { onFailure: 'revert' } });
    const queued = ok<RunBody>(res, 202);
    expect(res.headers.location).toBe(`/runs/${queued.id}`);
    expect(queued).toMatchObject({
      planId: plan.id,
      status: 'queued',
      options: { onFailure: 'revert', policy: 'stop', retries: 1, stepTimeoutMs: 600_000 },
      steps: [],
    });
    const again = problem(await call(app, 'POST', `/plans/${plan.id}/run`), 409, '23505');
    expect(again.detail).toContain(queued.id);
    expect(ok<RunBody>(await call(app, 'GET', `/runs/${queued.id}`)).status).toBe('queued');

    // The worker, with the example handlers module.
    worker = await startWorker({
      connectionString: db.url,
      config: { ...defaultWorkerConfig, concurrency: 1 },
      schedule: false,
      logger: captureLog().logger,
      pollInterval: 200,
      recoverInterval: 200,
      handlers: await loadHandlers('examples/handlers.ts', repoRoot),
    });
    const run = await finished(queued.id);
    expect(run).toMatchObject({ status: 'succeeded', error: null });
    expect(run.steps.map((s) => [s.title, s.attempt, s.status, s.onFailure])).toEqual([
      ['collect', 1, 'done', 'revert'],
      ['draft', 1, 'done', 'revert'],
      ['review', 1, 'done', 'revert'],
    ]);
    expect(new Set(run.steps.map((s) => s.requestId)).size).toBe(3);
    expect(ok<Plan>(await call(app, 'GET', `/plans/${plan.id}`))).toMatchObject({ title: 'Q3 report (reviewed)', status: 'succeeded' });
    const drafts = ok<Artifact[]>(await call(app, 'GET', `/tasks/${tasks[1]!.id}/artifacts`));
    expect(drafts.map((a) => a.name)).toEqual(['draft.md']);
    // The step is a unit: what it did, from the HTTP API.
    const changes = ok<{ entityType: string; operation: string }[]>(
      await call(app, 'GET', `/units/changes?requestId=${run.steps[1]!.requestId}`),
    );
    expect(changes.map((c) => [c.entityType, c.operation])).toEqual([['artifact', 'insert']]);
  });

  it('an unknown handler fails its step at run time with an error that names it and the registered ones', async () => {
    expect(worker).toBeDefined();
    const { plan, tasks } = await planWith('typo', 'collect', 'colect');
    const queued = ok<RunBody>(await call(app, 'POST', `/plans/${plan.id}/run`), 202);
    const run = await finished(queued.id);
    const error = 'no handler registered for task "colect" (registered: "collect", "draft", "review")';
    expect(run).toMatchObject({ status: 'failed', error });
    // times as PostgreSQL has them, to the microsecond
    for (const time of [run.createdAt, run.finishedAt, run.steps[0]?.startedAt]) expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(run.steps.map((s) => [s.title, s.status, s.error])).toEqual([
      ['collect', 'done', null],
      ['colect', 'failed', error],
    ]);
    // Undone by rollback (the default): what it changed, as the API reports it.
    expect(run.steps[1]?.undo).toEqual({
      onFailure: 'rollback',
      steps: expect.arrayContaining([{ entityType: 'task', entityId: tasks[1]!.id, action: 'updated' }]),
    });
    expect(ok<Task>(await call(app, 'GET', `/tasks/${tasks[1]!.id}`))).toMatchObject({ status: 'failed', error });
    expect(ok<Plan>(await call(app, 'GET', `/plans/${plan.id}`)).status).toBe('failed');
  });

  it('a run left running by a worker that died while this one runs is picked up by its periodic recovery', async () => {
    expect(worker).toBeDefined();
    const { plan } = await planWith('orphan', 'collect');
    // As a dead worker leaves it: running, its job gone (or locked for hours).
    const { rows } = await db.pool.query<{ id: string }>(
      `insert into plan_runs (plan_id, status, started_at) values ($1, 'running', now()) returning id`,
      [plan.id],
    );
    const run = await finished(rows[0]!.id);
    expect(run.status).toBe('succeeded');
    expect(run.steps.map((s) => [s.title, s.status])).toEqual([['collect', 'done']]);
  });

  it('404 for an unknown plan or run, 409 for a cancelled plan, 422 for bad options', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    problem(await call(app, 'POST', `/plans/${missing}/run`, { body: {} }), 404, 'P0002');
    problem(await call(app, 'GET', `/runs/${missing}`), 404, 'P0002');
    const cancelled = ok<Plan>(await call(app, 'POST', '/plans', { body: { title: 'c', status: 'cancelled' } }), 201);
    expect(problem(await call(app, 'POST', `/plans/${cancelled.id}/run`, { body: {} }), 409, '55000').hint).toBe(
      'Set its status to draft to run it again.',
    );
    const { plan } = await planWith('bad options', 'collect');
    expect(problem(await call(app, 'POST', `/plans/${plan.id}/run`, { body: { onFailure: 'pray' } }), 422, '22023').issues?.[0]?.path).toBe(
      'body.onFailure',
    );
    problem(await call(app, 'POST', `/plans/${plan.id}/run`, { body: { stepTimeoutMs: 0 } }), 422, '22023');
    // the run's context comes from the request's headers: a context in the body is refused, not dropped
    problem(await call(app, 'POST', `/plans/${plan.id}/run`, { body: { context: { actor: 'x' } } }), 422, '22023');
  });
});

describe('handlers module', () => {
  it('loads the default export; a module that is missing or exports anything else is a named error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pgcp-handlers-'));
    try {
      expect([...(await loadHandlers('examples/handlers.ts', repoRoot)).keys()]).toEqual(['collect', 'draft', 'review']);
      expect((await loadHandlers(undefined)).size).toBe(0);
      await expect(loadHandlers('nowhere.js', dir)).rejects.toThrow(/PGCHECKPOINT_HANDLERS=nowhere\.js: cannot load/);
      await writeFile(join(dir, 'array.mjs'), 'export default [1];');
      await expect(loadHandlers('array.mjs', dir)).rejects.toBeInstanceOf(HandlersModuleError);
      await writeFile(join(dir, 'bad.mjs'), 'export default { summarize: 42 };');
      await expect(loadHandlers('bad.mjs', dir)).rejects.toThrow('PGCHECKPOINT_HANDLERS=bad.mjs: handler "summarize" is not a function');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
