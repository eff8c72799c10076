/**
 * PlanExecutor against a real database: a checkpoint before each step; no
 * transaction across a step (its writes commit as they happen, tagged with
 * the step's own request id, the task visibly running, nobody blocked); a
 * failed or timed-out step undone by rollback or by revert (another agent's
 * concurrent work surviving the revert, a conflict failing the step); the
 * stop / retry / skip policies, resume, and the run's record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckpointService } from '../src/lib/checkpoints.js';
import type { Entities } from '../src/app/entities.js';
import { Conflict, InvalidArgument } from '../src/lib/errors.js';
import { type ExecutorEvent, PlanExecutor, type StepHandler } from '../src/app/executor.js';
import { enqueueRun, getRun, recoverRuns } from '../src/app/runs.js';
import type { Plan, Task } from '../src/app/interfaces.js';
import { RunInterrupted, StepEnded, StepTimeout } from '../src/app/executor-errors.js';
import { openServiceDb, type TestDatabase, withSession } from './helpers/db.js';
import { waitFor } from './helpers/worker.js';

let db: TestDatabase;
let service: CheckpointService;
let e: Entities;

beforeAll(async () => {
  ({ db, service, e } = await openServiceDb());
});

afterAll(async () => {
  await db?.drop();
});

/** A plan whose tasks are titled (= handler names) in this order. */
async function makePlan(...titles: string[]): Promise<{ plan: Plan; tasks: Task[] }> {
  const plan = await e.plans.create({ title: 'agent plan' });
  const tasks: Task[] = [];
  for (const [i, title] of titles.entries()) tasks.push(await e.tasks.create({ planId: plan.id, title, position: i + 1 }));
  return { plan, tasks };
}

function executor(events: ExecutorEvent[] = []): PlanExecutor {
  return new PlanExecutor({ pool: db.pool, service, onEvent: (event) => events.push(event) });
}

/** Resolves when the signal fires (at once if it already has: a slow write may outlast a short timeout). */
function untilAborted(signal: AbortSignal): Promise<void> {
  return signal.aborted ? Promise.resolve() : new Promise((r) => signal.addEventListener('abort', () => r(), { once: true }));
}

const writes =
  (name: string): StepHandler =>
  async ({ artifacts }) => {
    await artifacts.write(name, `content of ${name}`);
  };

describe('PlanExecutor', () => {
  it('runs the steps in position order, a checkpoint before each; the plan succeeds', async () => {
    const { plan, tasks } = await makePlan('research', 'write');
    const order: string[] = [];
    const events: ExecutorEvent[] = [];
    const ex = executor(events)
      .register('research', async (step) => {
        order.push(step.task.title);
        expect(step.task.status).toBe('running');
        expect(step.plan).toMatchObject({ id: plan.id, status: 'running' });
        expect(step.attempt).toBe(1);
        await step.artifacts.write('notes.md', 'found things');
      })
      .register('write', async ({ task, transaction }) => {
        order.push(task.title);
        await transaction((client) =>
          client.query(`insert into artifacts (task_id, name, content) values ($1, 'draft.md', 'text')`, [task.id]),
        );
      });

    const result = await ex.run(plan.id);
    expect(order).toEqual(['research', 'write']);
    expect(result).toEqual({
      runId: expect.any(String),
      planId: plan.id,
      status: 'succeeded',
      steps: [
        { taskId: tasks[0]?.id, title: 'research', position: 1, status: 'done', attempts: 1 },
        { taskId: tasks[1]?.id, title: 'write', position: 2, status: 'done', attempts: 1 },
      ],
    });
    expect((await e.plans.get(plan.id)).status).toBe('succeeded');
    expect((await e.artifacts.listByTask(tasks[0]?.id ?? '')).map((a) => a.name)).toEqual(['notes.md']);

    const manual = (await service.history('plan', plan.id)).filter((c) => c.operation === 'manual');
    expect(manual.map((c) => c.reason).reverse()).toEqual(['before step 1: research', 'before step 2: write']);
    // The step's writes are captured with the step's reason and its own request id (its unit).
    const [artifactInsert] = await service.history('artifact', (await e.artifacts.listByTask(tasks[0]?.id ?? ''))[0]?.id ?? '');
    expect(artifactInsert?.reason).toBe('step 1: research');
    const run = await getRun(db.pool, result.runId);
    expect(run).toMatchObject({ status: 'succeeded', planId: plan.id, options: { onFailure: 'rollback', policy: 'stop' } });
    expect(run.steps.map((s) => [s.title, s.attempt, s.status])).toEqual([
      ['research', 1, 'done'],
      ['write', 1, 'done'],
    ]);
    expect(artifactInsert?.requestId).toBe(run.steps[0]?.requestId);
    expect(run.steps[0]?.requestId).not.toBe(run.steps[1]?.requestId);
    const units = await service.unitChanges({ requestId: run.steps[1]?.requestId ?? '' });
    expect(units.map((u) => [u.entityType, u.operation])).toEqual([['artifact', 'insert']]);
    expect(events.map((ev) => ev.type)).toEqual([
      'plan.started',
      'step.started',
      'step.done',
      'step.started',
      'step.done',
      'plan.finished',
    ]);
  });

  it('rollback: a failing step is undone (its committed writes and everything else below the plan since), the task and plan fail', async () => {
    const { plan, tasks } = await makePlan('first', 'second', 'third');
    const events: ExecutorEvent[] = [];
    let thirdRan = false;
    const ex = executor(events)
      .register('first', writes('first.txt'))
      .register('second', async ({ artifacts, task, transaction }) => {
        await artifacts.write('half-done.txt', 'partial');
        await transaction((client) => client.query(`update tasks set title = 'renamed by a broken step' where id = $1`, [task.id]));
        // A write on another connection, outside the step's unit: the
        // rollback to the step's checkpoint undoes it too.
        await db.pool.query(`update plans set title = 'mangled' where id = $1`, [plan.id]);
        throw new Error('model returned garbage');
      })
      .register('third', async () => {
        thirdRan = true;
      });

    const result = await ex.run(plan.id);
    expect(result.status).toBe('failed');
    expect(result.steps).toEqual([
      { taskId: tasks[0]?.id, title: 'first', position: 1, status: 'done', attempts: 1 },
      {
        taskId: tasks[1]?.id,
        title: 'second',
        position: 2,
        status: 'failed',
        attempts: 1,
        error: 'model returned garbage',
      },
      { taskId: tasks[2]?.id, title: 'third', position: 3, status: 'pending', attempts: 0 },
    ]);
    expect(thirdRan).toBe(false);

    const plan2 = await e.plans.get(plan.id);
    expect(plan2).toMatchObject({ status: 'failed', title: 'agent plan' });
    expect(await e.tasks.get(tasks[1]?.id ?? '')).toMatchObject({
      title: 'second',
      status: 'failed',
      error: 'model returned garbage',
    });
    expect(await e.artifacts.listByTask(tasks[1]?.id ?? '')).toEqual([]);
    expect((await e.artifacts.listByTask(tasks[0]?.id ?? '')).map((a) => a.content)).toEqual([
      'content of first.txt',
    ]);
    const failed = events.find((ev) => ev.type === 'step.failed');
    expect(failed).toMatchObject({ taskId: tasks[1]?.id, attempt: 1, error: 'model returned garbage', willRetry: false });
    expect(failed?.type === 'step.failed' ? failed.undo : undefined).toEqual({
      onFailure: 'rollback',
      steps: expect.arrayContaining([
        { entityType: 'plan', entityId: plan.id, action: 'updated' },
        { entityType: 'task', entityId: tasks[1]?.id, action: 'updated' },
        { entityType: 'artifact', entityId: expect.any(String), action: 'deleted' },
      ]),
    });
    // The step's artifact was committed (no transaction across the step), then undone.
    const { rows } = await db.pool.query<{ operation: string }>(
      `select operation from checkpoints where entity_type = 'artifact' and state_data ->> 'name' = 'half-done.txt' order by seq`,
    );
    expect(rows.map((r) => r.operation)).toEqual(['insert', 'delete']);
  });

  it('retry: a step that fails once then succeeds; the failed attempt leaves nothing behind', async () => {
    const { plan, tasks } = await makePlan('flaky');
    const events: ExecutorEvent[] = [];
    const ex = executor(events).register('flaky', async ({ artifacts, attempt }) => {
      await artifacts.write(`attempt-${attempt}.txt`, 'x');
      if (attempt === 1) throw new Error('rate limited');
    });
    const result = await ex.run(plan.id, { policy: 'retry', retries: 2 });
    expect(result.status).toBe('succeeded');
    expect(result.steps).toEqual([
      { taskId: tasks[0]?.id, title: 'flaky', position: 1, status: 'done', attempts: 2 },
    ]);
    expect((await e.artifacts.listByTask(tasks[0]?.id ?? '')).map((a) => a.name)).toEqual(['attempt-2.txt']);
    expect(events.filter((ev) => ev.type === 'step.failed')).toMatchObject([{ attempt: 1, willRetry: true }]);
    expect((await e.plans.get(plan.id)).status).toBe('succeeded');
  });

  it('retry: when the retries are used up the plan fails', async () => {
    const { plan } = await makePlan('broken');
    let calls = 0;
    const ex = executor().register('broken', async () => {
      calls++;
      throw new Error(`failure ${calls}`);
    });
    const result = await ex.run(plan.id, { policy: 'retry', retries: 2 });
    expect(calls).toBe(3);
    expect(result).toMatchObject({ status: 'failed', steps: [{ status: 'failed', attempts: 3, error: 'failure 3' }] });
    expect((await e.plans.get(plan.id)).status).toBe('failed');
  });

  it('skip: the failed task is skipped with its error and the plan goes on', async () => {
    const { plan, tasks } = await makePlan('ok-1', 'bad', 'ok-2');
    const events: ExecutorEvent[] = [];
    const ex = executor(events)
      .register('ok-1', writes('one.txt'))
      .register('bad', async ({ artifacts }) => {
        await artifacts.write('never.txt', 'x');
        throw new Error('cannot do this one');
      })
      .register('ok-2', writes('two.txt'));
    const result = await ex.run(plan.id, { policy: 'skip' });
    expect(result.status).toBe('succeeded');
    expect(result.steps.map((s) => [s.title, s.status, s.error])).toEqual([
      ['ok-1', 'done', undefined],
      ['bad', 'skipped', 'cannot do this one'],
      ['ok-2', 'done', undefined],
    ]);
    expect(await e.artifacts.listByTask(tasks[1]?.id ?? '')).toEqual([]);
    expect((await e.artifacts.listByTask(tasks[2]?.id ?? '')).map((a) => a.name)).toEqual(['two.txt']);
    expect((await e.plans.get(plan.id)).status).toBe('succeeded');
    expect(events.some((ev) => ev.type === 'step.skipped' && ev.taskId === tasks[1]?.id)).toBe(true);
  });

  it('resume after fixing the handler runs the failed task and the rest, not the done ones', async () => {
    const { plan, tasks } = await makePlan('fetch', 'parse', 'store');
    const calls: string[] = [];
    const ex = executor()
      .register('fetch', async ({ artifacts }) => {
        calls.push('fetch');
        await artifacts.write('page.html', '<html>');
      })
      .register('parse', async () => {
        calls.push('parse');
        throw new Error('parser bug');
      })
      .register('store', async () => {
        calls.push('store');
      });
    expect((await ex.run(plan.id)).status).toBe('failed');
    expect(calls).toEqual(['fetch', 'parse']);

    ex.register('parse', async ({ artifacts, task }) => {
      calls.push('parse fixed');
      expect(task.error).toBeNull(); // cleared when the task runs again
      await artifacts.write('parsed.json', '{}');
    });
    const resumed = await ex.resume(plan.id);
    expect(calls).toEqual(['fetch', 'parse', 'parse fixed', 'store']);
    expect(resumed.status).toBe('succeeded');
    expect(resumed.steps.map((s) => [s.title, s.status, s.attempts])).toEqual([
      ['fetch', 'done', 0],
      ['parse', 'done', 1],
      ['store', 'done', 1],
    ]);
    expect(await e.tasks.get(tasks[1]?.id ?? '')).toMatchObject({ status: 'done', error: null });
    expect((await e.artifacts.listByTask(tasks[0]?.id ?? '')).map((a) => a.name)).toEqual(['page.html']);
    expect((await e.plans.get(plan.id)).status).toBe('succeeded');
  });

  it('a task without a handler fails its step', async () => {
    const { plan } = await makePlan('unknown step');
    const result = await executor().run(plan.id);
    expect(result).toMatchObject({
      status: 'failed',
      steps: [{ status: 'failed', error: 'no handler registered for task "unknown step" (registered: none)' }],
    });
    const other = await makePlan('mystery');
    const named = await executor().register('known', writes('x')).run(other.plan.id, { policy: 'retry', retries: 3 });
    // named, and not retried: running it again cannot help
    expect(named.steps[0]).toMatchObject({ attempts: 1, error: 'no handler registered for task "mystery" (registered: "known")' });
  });

  it('tasks a step adds to its plan run in the same run', async () => {
    const { plan } = await makePlan('planner');
    const ex = executor()
      .register('planner', async ({ plan: p, transaction }) => {
        await transaction(() => e.tasks.create({ planId: p.id, title: 'generated', position: 2 }));
      })
      .register('generated', writes('generated.txt'));
    const result = await ex.run(plan.id);
    expect(result.steps.map((s) => [s.title, s.status])).toEqual([
      ['planner', 'done'],
      ['generated', 'done'],
    ]);
  });

  it('artifacts cannot be written once the step has ended', async () => {
    const { plan } = await makePlan('leaky');
    let late: Promise<unknown> = Promise.resolve();
    const ex = executor().register('leaky', async ({ artifacts }) => {
      // Settled into a value at once: the rejection may come before run() returns.
      late = new Promise((r) => setTimeout(r, 30))
        .then(() => artifacts.write('late.txt', 'x'))
        .catch((err: unknown) => err);
    });
    expect((await ex.run(plan.id)).status).toBe('succeeded');
    expect(await late).toEqual(expect.objectContaining({ message: expect.stringMatching(/has ended/) }));
  });

  it('refuses a cancelled plan, an unknown plan, bad options, and a second concurrent run', async () => {
    const { plan } = await makePlan('slow');
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let started = false;
    const ex = executor().register('slow', () => {
      started = true;
      return gate;
    });
    const first = ex.run(plan.id);
    await waitFor('the first run to start its step', () => (started ? true : undefined), 5_000);
    await expect(ex.run(plan.id)).rejects.toBeInstanceOf(Conflict);
    release();
    expect((await first).status).toBe('succeeded');

    const cancelled = await e.plans.create({ title: 'cancelled', status: 'cancelled' });
    await expect(ex.run(cancelled.id)).rejects.toBeInstanceOf(Conflict);
    await expect(ex.run('00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({ code: 'P0002' });
    await expect(ex.run(plan.id, { policy: 'sometimes' as 'stop' })).rejects.toBeInstanceOf(InvalidArgument);
    await expect(ex.run(plan.id, { policy: 'retry', retries: 1_000_000 })).rejects.toBeInstanceOf(InvalidArgument);
  });

  it('two executors (two processes) running one plan at once: the second gets 409, each step runs once', async () => {
    const { plan, tasks } = await makePlan('collect');
    let calls = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const handler: StepHandler = async ({ artifacts }) => {
      calls++;
      await gate;
      await artifacts.write('data.csv', 'q3');
    };
    const first = executor().register('collect', handler).run(plan.id);
    // the first run has claimed the plan once its first step is running
    await waitFor('the first run to start its step', () => (calls > 0 ? true : undefined), 5_000);
    await expect(executor().register('collect', handler).run(plan.id)).rejects.toMatchObject({
      message: expect.stringMatching(/already running/),
    });
    release();
    expect((await first).status).toBe('succeeded');
    expect(calls).toBe(1);
    const artifacts = await db.pool.query('select count(*)::int as n from artifacts where task_id = $1', [tasks[0]!.id]);
    expect(artifacts.rows[0]).toEqual({ n: 1 });

    // a plan marked running with no live run (its process gone before runs were recorded) runs
    const marked = await e.plans.create({ title: 'marked running', status: 'running' });
    expect((await executor().run(marked.id)).status).toBe('succeeded');
  });

  it('no transaction across a step: other connections see the task running and its writes, and are not blocked', async () => {
    const { plan, tasks } = await makePlan('think', 'after');
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let inStep = false;
    const ex = executor()
      .register('think', async ({ artifacts }) => {
        await artifacts.write('notes.md', 'first thoughts');
        inStep = true;
        await gate; // an LLM call of minutes
      })
      .register('after', writes('after.txt'));
    const running = ex.run(plan.id);
    await waitFor('the step to be under way', () => (inStep ? true : undefined), 10_000);
    await withSession(db.url, async (other) => {
      // Any lock the step held would make these fail at once instead of wait.
      await other.query(`set lock_timeout = '200ms'`);
      const task = await other.query(`select status from tasks where id = $1`, [tasks[0]!.id]);
      expect(task.rows).toEqual([{ status: 'running' }]);
      const plans = await other.query(`select status from plans where id = $1`, [plan.id]);
      expect(plans.rows).toEqual([{ status: 'running' }]);
      const seen = await other.query(`select content from artifacts where task_id = $1`, [tasks[0]!.id]);
      expect(seen.rows).toEqual([{ content: 'first thoughts' }]);
      await other.query(`update artifacts set content = 'edited by a person' where task_id = $1`, [tasks[0]!.id]);
      await other.query(`update tasks set title = title where id = $1`, [tasks[0]!.id]);
      await other.query(`update plans set title = 'renamed meanwhile' where id = $1`, [plan.id]);
    });
    release();
    const result = await running;
    expect(result.status).toBe('succeeded');
    expect(await e.plans.get(plan.id)).toMatchObject({ title: 'renamed meanwhile', status: 'succeeded' });
  });

  /** A plan with one task of another agent's (with an artifact) and the step's task. */
  async function sharedPlan(): Promise<{ plan: Plan; step: Task; theirs: Task; theirArtifact: string }> {
    const { plan, tasks } = await makePlan('edit');
    const theirs = await e.tasks.create({ planId: plan.id, title: 'their task', position: 99, status: 'done' });
    const theirArtifact = (await e.artifacts.create({ taskId: theirs.id, name: 'theirs.md', content: 'v1' })).id;
    return { plan, step: tasks[0]!, theirs, theirArtifact };
  }

  it('revert: a failing step undoes only its own writes; another agent writing the same plan meanwhile keeps its work', async () => {
    const { plan, step, theirs, theirArtifact } = await sharedPlan();
    const events: ExecutorEvent[] = [];
    const handler: StepHandler = async ({ artifacts, transaction, task }) => {
      await artifacts.write('draft.md', 'half a draft');
      await transaction((client) => client.query(`update tasks set title = 'edit (renamed)' where id = $1`, [task.id]));
      // Meanwhile another agent (its own request) works in the same plan.
      await e.artifacts.update(theirArtifact, { content: 'v2 by the other agent' });
      await e.artifacts.create({ taskId: theirs.id, name: 'more.md', content: 'new' });
      await e.plans.update(plan.id, { title: 'retitled by the other agent' });
      throw new Error('model returned garbage');
    };
    const result = await executor(events).register('edit', handler).run(plan.id, { onFailure: 'revert' });
    expect(result.status).toBe('failed');
    expect(await e.tasks.get(step.id)).toMatchObject({ title: 'edit', status: 'failed', error: 'model returned garbage' });
    expect(await e.artifacts.listByTask(step.id)).toEqual([]);
    // The other agent's work survives.
    expect(await e.artifacts.get(theirArtifact)).toMatchObject({ content: 'v2 by the other agent' });
    expect((await e.artifacts.listByTask(theirs.id)).map((a) => a.name).sort()).toEqual(['more.md', 'theirs.md']);
    expect(await e.plans.get(plan.id)).toMatchObject({ title: 'retitled by the other agent', status: 'failed' });
    const failed = events.find((ev) => ev.type === 'step.failed');
    expect(failed?.type === 'step.failed' ? failed.undo : undefined).toEqual({
      onFailure: 'revert',
      steps: expect.arrayContaining([
        expect.objectContaining({ entityType: 'task', entityId: step.id, action: 'updated', conflict: null }),
        expect.objectContaining({ entityType: 'artifact', action: 'deleted', conflict: null }),
      ]),
    });
    const run = await getRun(db.pool, result.runId);
    expect(run.steps).toMatchObject([{ status: 'failed', onFailure: 'revert', error: 'model returned garbage', undo: { onFailure: 'revert' } }]);

    // The same under 'rollback' loses the other agent's work: that is what revert is for.
    const again = await sharedPlan();
    await executor().register('edit', handler.bind(null)).run(again.plan.id);
    expect((await e.artifacts.listByTask(again.theirs.id)).map((a) => a.name)).toEqual(['theirs.md']);
  });

  it('revert: a conflict with a later change fails the step with the conflict report, changes nothing, ends the run', async () => {
    const { plan, step, theirArtifact } = await sharedPlan();
    const events: ExecutorEvent[] = [];
    let calls = 0;
    const ex = executor(events).register('edit', async ({ transaction }) => {
      calls++;
      await transaction(() => e.artifacts.update(theirArtifact, { content: 'v2 by the step' }));
      // Someone changes the same column after the step.
      await e.artifacts.update(theirArtifact, { content: 'v3 by a person' });
      throw new Error('step broke');
    });
    const result = await ex.run(plan.id, { onFailure: 'revert', policy: 'retry', retries: 3 });
    expect(calls).toBe(1); // not retried: its writes are still there
    expect(result.status).toBe('failed');
    const error = `step broke; not reverted, its writes conflict with later changes (artifact ${theirArtifact}: content)`;
    expect(await e.tasks.get(step.id)).toMatchObject({ status: 'failed', error });
    expect(await e.artifacts.get(theirArtifact)).toMatchObject({ content: 'v3 by a person' });
    const run = await getRun(db.pool, result.runId);
    expect(run.steps).toMatchObject([
      {
        status: 'failed',
        error,
        undo: { onFailure: 'revert', conflicts: [{ entityType: 'artifact', entityId: theirArtifact, conflict: 'content' }] },
      },
    ]);
    expect(run).toMatchObject({ status: 'failed', error });
    expect(events.find((ev) => ev.type === 'step.failed')).toMatchObject({ willRetry: false });
  });

  it('timeout: a hung step is failed and undone; its signal fires; later writes are refused', async () => {
    const { plan, tasks } = await makePlan('hang');
    await e.tasks.update(tasks[0]!.id, { timeoutMs: 50 });
    let late: unknown;
    let aborted: unknown;
    const ex = executor().register('hang', async ({ artifacts, signal }) => {
      await artifacts.write('partial.md', 'x');
      await untilAborted(signal);
      aborted = signal.reason;
      late = await artifacts.write('late.md', 'y').catch((err: unknown) => err);
    });
    const result = await ex.run(plan.id, { onFailure: 'revert' });
    expect(result.steps).toMatchObject([{ status: 'failed', error: 'step timed out after 50 ms' }]);
    expect(aborted).toBeInstanceOf(StepTimeout);
    await waitFor('the handler to try its late write', () => late);
    expect(late).toBeInstanceOf(StepEnded);
    expect(await e.artifacts.listByTask(tasks[0]!.id)).toEqual([]);
    expect((await getRun(db.pool, result.runId)).steps).toMatchObject([{ timeoutMs: 50, status: 'failed' }]);

    // The run's default applies to tasks without timeout_ms; retry then succeeds.
    const other = await makePlan('slow once');
    const ok = await executor()
      .register('slow once', async ({ attempt, signal }) => {
        if (attempt === 1) await untilAborted(signal);
      })
      .run(other.plan.id, { stepTimeoutMs: 30, policy: 'retry' });
    expect(ok.steps).toMatchObject([{ status: 'done', attempts: 2 }]);
  });

  it('recoverRuns queues again the runs no live process holds, not those being run; execute() of a deleted run is a no-op', async () => {
    const idle = await makePlan('first');
    const queued = await enqueueRun(db.pool, idle.plan.id);
    const busy = await makePlan('busy');
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let started = false;
    const running = executor()
      .register('busy', () => {
        started = true;
        return gate;
      })
      .run(busy.plan.id);
    await waitFor('the busy step', () => (started ? true : undefined), 5_000);
    const recovered = await recoverRuns(db.pool);
    expect(recovered).toContain(queued.id);
    expect(recovered).toHaveLength(1);
    release();
    await running;

    // A handler that throws before returning a promise, or returns none, is a step like any other.
    const sync = await makePlan('throws at once', 'returns nothing');
    const ex = executor()
      .register('throws at once', (() => {
        throw new Error('sync failure');
      }) as StepHandler)
      .register('returns nothing', (() => undefined) as unknown as StepHandler);
    expect((await ex.run(sync.plan.id, { policy: 'skip' })).steps.map((st) => [st.status, st.error])).toEqual([
      ['skipped', 'sync failure'],
      ['done', undefined],
    ]);

    await e.plans.delete(idle.plan.id); // the queued run goes with it
    expect(await executor().execute(queued.id)).toBeNull();
  });

  it('run(): an error that ends the run (here, from onEvent) marks it failed, so the plan can run again', async () => {
    const { plan } = await makePlan('first');
    const boom = new PlanExecutor({
      pool: db.pool,
      service,
      onEvent: (ev) => {
        if (ev.type === 'step.done') throw new Error('listener broke');
      },
    }).register('first', writes('a.txt'));
    await expect(boom.run(plan.id)).rejects.toThrow('listener broke');
    const { rows } = await db.pool.query(`select status, error from plan_runs where plan_id = $1`, [plan.id]);
    expect(rows).toEqual([{ status: 'failed', error: 'stopped on an error: listener broke' }]);
    expect((await executor().register('first', writes('a.txt')).run(plan.id)).status).toBe('succeeded');
  });

  it('execute() stopped by its signal: between steps nothing starts; mid-step the step is left running for the next execute, which undoes and resumes it', async () => {
    const { plan, tasks } = await makePlan('first', 'second');
    const queued = await enqueueRun(db.pool, plan.id, { policy: 'retry' });
    const stopping = new AbortController();
    stopping.abort();
    const stopping2 = new AbortController();
    const ex = executor()
      .register('first', writes('first.txt'))
      .register('second', async ({ artifacts, attempt }) => {
        await artifacts.write(`second-${attempt}.txt`, 'x');
        if (attempt === 1) stopping2.abort(); // the worker is asked to stop mid-step
        if (attempt === 1) await new Promise(() => {});
      });
    await expect(ex.execute(queued.id, stopping.signal)).rejects.toBeInstanceOf(RunInterrupted);
    expect(await getRun(db.pool, queued.id)).toMatchObject({ status: 'running', steps: [] });

    await expect(ex.execute(queued.id, stopping2.signal)).rejects.toBeInstanceOf(RunInterrupted);
    expect((await getRun(db.pool, queued.id)).steps.map((st) => [st.title, st.status])).toEqual([
      ['first', 'done'],
      ['second', 'running'],
    ]);
    expect((await ex.execute(queued.id))?.status).toBe('succeeded');
    expect((await getRun(db.pool, queued.id)).steps.map((st) => [st.title, st.attempt, st.status])).toEqual([
      ['first', 1, 'done'],
      ['second', 1, 'interrupted'],
      ['second', 2, 'done'],
    ]);
    expect((await e.artifacts.listByTask(tasks[1]!.id)).map((a) => a.name)).toEqual(['second-2.txt']);
    expect(await ex.execute(queued.id)).toBeNull(); // finished: nothing to do
  });
});

