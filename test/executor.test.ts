/**
 * PlanExecutor against a real database: a checkpoint before each step, a
 * failed step leaves no trace of its writes, and the stop / retry / skip
 * policies and resume.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckpointService } from '../src/lib/checkpoints.js';
import type { Entities } from '../src/app/entities.js';
import { Conflict, InvalidArgument } from '../src/lib/errors.js';
import { type ExecutorEvent, PlanExecutor, type StepHandler } from '../src/app/executor.js';
import type { Plan, Task } from '../src/app/interfaces.js';
import { openServiceDb, type TestDatabase } from './helpers/db.js';
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
      .register('write', async ({ task, client }) => {
        order.push(task.title);
        await client.query(`insert into artifacts (task_id, name, content) values ($1, 'draft.md', 'text')`, [task.id]);
      });

    const result = await ex.run(plan.id);
    expect(order).toEqual(['research', 'write']);
    expect(result).toEqual({
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
    // The step's writes are captured with the step's reason.
    const [artifactInsert] = await service.history('artifact', (await e.artifacts.listByTask(tasks[0]?.id ?? ''))[0]?.id ?? '');
    expect(artifactInsert?.reason).toBe('step 1: research');
    expect(events.map((ev) => ev.type)).toEqual([
      'plan.started',
      'step.started',
      'step.done',
      'step.started',
      'step.done',
      'plan.finished',
    ]);
  });

  it('a failing step leaves no trace: its artifacts vanish, the task fails with the error, the plan fails', async () => {
    const { plan, tasks } = await makePlan('first', 'second', 'third');
    const events: ExecutorEvent[] = [];
    let thirdRan = false;
    const ex = executor(events)
      .register('first', writes('first.txt'))
      .register('second', async ({ artifacts, task, client }) => {
        await artifacts.write('half-done.txt', 'partial');
        await client.query(`update tasks set title = 'renamed by a broken step' where id = $1`, [task.id]);
        // A write committed on another connection, outside the step's transaction:
        // the rollback to the step's checkpoint undoes it.
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
    expect(failed).toMatchObject({
      taskId: tasks[1]?.id,
      attempt: 1,
      error: 'model returned garbage',
      willRetry: false,
      rolledBack: [{ entityType: 'plan', entityId: plan.id, action: 'updated' }],
    });
    // No artifact of the failed step was ever committed.
    const { rows } = await db.pool.query(
      `select 1 from checkpoints where entity_type = 'artifact' and state_data ->> 'name' = 'half-done.txt'`,
    );
    expect(rows).toEqual([]);
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
      steps: [{ status: 'failed', error: 'no handler registered for task "unknown step"' }],
    });
  });

  it('tasks a step adds to its plan run in the same run', async () => {
    const { plan } = await makePlan('planner');
    const ex = executor()
      .register('planner', async ({ plan: p }) => {
        await e.tasks.create({ planId: p.id, title: 'generated', position: 2 });
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
    const ex = executor().register('slow', () => gate);
    const first = ex.run(plan.id);
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

    // a plan marked running (by another process) is refused too
    const marked = await e.plans.create({ title: 'marked running', status: 'running' });
    await expect(executor().run(marked.id)).rejects.toBeInstanceOf(Conflict);
  });
});
