/**
 * The HTTP API's checkpoint operations against a real, migrated database:
 * create, get, restore, rollback (dry run, targets), history, state at a
 * time, diff, verify, the background scan's findings, prune; and the 403
 * (a role without privileges) and 500 (a corrupted checkpoint) problems of
 * real failing calls.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../src/db.ts';
import { buildApp } from '../src/http/app.ts';
import type { Checkpoint } from '../src/lib/interfaces.ts';
import type { Artifact, Plan, Task } from '../src/app/interfaces.ts';
import { pause, type TestDatabase, withSession } from './helpers/db.ts';
import { call, closeApp, ok, openApp, problem, grantServiceTables, shareKey } from './helpers/http.ts';

let db: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  ({ db, app } = await openApp());
});

afterAll(() => closeApp({ db, app }));

const missing = '00000000-0000-4000-8000-000000000000';

interface Tree {
  plan: Plan;
  task: Task;
  artifact: Artifact;
}

/** A plan with one task holding one artifact, made through the API. */
async function tree(title = 'plan'): Promise<Tree> {
  const plan = ok<Plan>(await call(app, 'POST', '/plans', { body: { title } }), 201);
  const task = ok<Task>(
    await call(app, 'POST', `/plans/${plan.id}/tasks`, { body: { title: 'task', position: 1 } }),
    201,
  );
  const artifact = ok<Artifact>(
    await call(app, 'POST', `/tasks/${task.id}/artifacts`, { body: { name: 'a.txt', content: 'v1' } }),
    201,
  );
  return { plan, task, artifact };
}

async function checkpoint(entityType: string, entityId: string, reason?: string): Promise<string> {
  const body = reason === undefined ? { entityType, entityId } : { entityType, entityId, reason };
  return ok<{ id: string }>(await call(app, 'POST', '/checkpoints', { body }), 201).id;
}

async function history(type: string, id: string): Promise<Checkpoint[]> {
  return ok<Checkpoint[]>(await call(app, 'GET', `/entities/${type}/${id}/history`));
}

/** Everything under a plan, and the number of checkpoints: what a dry run must leave as it was. */
async function snapshot(planId: string): Promise<unknown> {
  const { rows } = await db.pool.query(
    `select (select to_jsonb(p) from plans p where p.id = $1) as plan,
            (select jsonb_agg(to_jsonb(t) order by t.id) from tasks t where t.plan_id = $1) as tasks,
            (select jsonb_agg(to_jsonb(a) order by a.id) from artifacts a join tasks t on t.id = a.task_id
              where t.plan_id = $1) as artifacts,
            (select count(*) from checkpoints) as checkpoints`,
    [planId],
  );
  return rows[0];
}

describe('checkpoints', () => {
  it('POST /checkpoints saves a manual checkpoint (201, Location); GET /checkpoints/{id} reads it', async () => {
    const { plan } = await tree();
    const res = await call(app, 'POST', '/checkpoints', {
      body: { entityType: 'plan', entityId: plan.id, reason: 'before step 3' },
    });
    const { id } = ok<{ id: string }>(res, 201);
    expect(res.headers.location).toBe(`/checkpoints/${id}`);
    const cp = ok<Checkpoint>(await call(app, 'GET', `/checkpoints/${id}`));
    expect(cp).toMatchObject({
      id,
      entityType: 'plan',
      entityId: plan.id,
      operation: 'manual',
      reason: 'before step 3',
      createdBy: 'test-admin',
      requestId: res.headers['x-request-id'],
    });
    expect(cp.stateData).toMatchObject({ id: plan.id, title: 'plan', status: 'draft' });
    expect(cp.stateHash).toMatch(/^[0-9a-f]{64}$/);
    expect(cp.seq).toMatch(/^[0-9]+$/);
  });

  it('404 for an unknown checkpoint or entity; 422 for an unknown type or a bad id', async () => {
    const nf = problem(await call(app, 'GET', `/checkpoints/${missing}`), 404, 'P0002');
    expect(nf.detail).toBe(`checkpoint ${missing} not found`);
    problem(await call(app, 'POST', `/checkpoints/${missing}/restore`), 404, 'P0002');
    problem(await call(app, 'POST', '/checkpoints', { body: { entityType: 'plan', entityId: missing } }), 404, 'P0002');
    problem(
      await call(app, 'POST', '/checkpoints', { body: { entityType: 'ghost', entityId: missing } }),
      422,
      '22023',
    );
    const bad = problem(await call(app, 'GET', '/checkpoints/123'), 422, '22023');
    expect(bad.issues?.[0]?.path).toBe('params.id');
  });

  it('restore makes the row equal to the checkpoint again (204)', async () => {
    const { plan } = await tree('before');
    const id = await checkpoint('plan', plan.id);
    ok<Plan>(await call(app, 'PATCH', `/plans/${plan.id}`, { body: { title: 'after', status: 'failed' } }));
    const res = await call(app, 'POST', `/checkpoints/${id}/restore`);
    expect(res.statusCode, res.body).toBe(204);
    expect(ok<Plan>(await call(app, 'GET', `/plans/${plan.id}`))).toEqual(plan);
    const [latest] = await history('plan', plan.id);
    expect(latest).toMatchObject({ operation: 'update', reason: `restore of checkpoint ${id}` });
    expect(latest?.requestId).toBe(res.headers['x-request-id']);
  });

  it('diff lists the columns that differ; {} for equal states; 404 for an unknown one', async () => {
    const { plan } = await tree('one');
    const from = await checkpoint('plan', plan.id);
    ok<Plan>(await call(app, 'PATCH', `/plans/${plan.id}`, { body: { title: 'two' } }));
    const to = await checkpoint('plan', plan.id);
    const res = ok<{ from: string; to: string; diff: Record<string, { from: unknown; to: unknown }> }>(
      await call(app, 'GET', `/checkpoints/${from}/diff/${to}`),
    );
    expect(res.from).toBe(from);
    expect(res.to).toBe(to);
    expect(Object.keys(res.diff).sort()).toEqual(['title', 'updated_at']);
    expect(res.diff.title).toEqual({ from: 'one', to: 'two' });
    expect(ok<{ diff: object }>(await call(app, 'GET', `/checkpoints/${to}/diff/${to}`)).diff).toEqual({});
    problem(await call(app, 'GET', `/checkpoints/${from}/diff/${missing}`), 404, 'P0002');
  });
});

describe('entities', () => {
  it('history lists every checkpoint, newest first; [] without history; 422 for an unknown type', async () => {
    const { plan } = await tree();
    ok<Plan>(await call(app, 'PATCH', `/plans/${plan.id}`, { body: { title: 'v2' } }));
    const manual = await checkpoint('plan', plan.id, 'mark');
    const list = await history('plan', plan.id);
    expect(list.map((c) => c.operation)).toEqual(['manual', 'update', 'insert']);
    expect(list[0]?.id).toBe(manual);
    expect(await history('plan', missing)).toEqual([]);
    problem(await call(app, 'GET', `/entities/ghost/${plan.id}/history`), 422, '22023');
  });

  it('state at a time: the row then; null before it existed; 422 without an offset', async () => {
    const before = (await pause()).toISOString();
    const { plan } = await tree('first title');
    const between = (await pause()).toISOString();
    ok<Plan>(await call(app, 'PATCH', `/plans/${plan.id}`, { body: { title: 'second title' } }));

    const then = ok<{ state: Record<string, unknown> | null; at: string }>(
      await call(app, 'GET', `/entities/plan/${plan.id}/state?at=${encodeURIComponent(between)}`),
    );
    expect(then).toMatchObject({ entityType: 'plan', entityId: plan.id, at: between });
    expect(then.state).toMatchObject({ id: plan.id, title: 'first title' });
    const earlier = ok<{ state: unknown }>(
      await call(app, 'GET', `/entities/plan/${plan.id}/state?at=${encodeURIComponent(before)}`),
    );
    expect(earlier.state).toBeNull();

    const bad = problem(await call(app, 'GET', `/entities/plan/${plan.id}/state?at=2026-01-01T10:00:00`), 422, '22023');
    expect(bad.issues?.[0]?.path).toBe('querystring.at');
    problem(await call(app, 'GET', `/entities/plan/${plan.id}/state`), 422, '22023');
  });

  it('rollback ?dry_run=true returns the steps and changes nothing; then the real one does exactly that', async () => {
    const { plan, task, artifact } = await tree('original');
    await checkpoint('plan', plan.id, 'safe point');
    // Since: the plan changed, a task was added, the artifact deleted.
    ok<Plan>(await call(app, 'PATCH', `/plans/${plan.id}`, { body: { title: 'changed' } }));
    const added = ok<Task>(
      await call(app, 'POST', `/plans/${plan.id}/tasks`, { body: { title: 'new', position: 2 } }),
      201,
    );
    expect((await call(app, 'DELETE', `/artifacts/${artifact.id}`)).statusCode).toBe(204);

    const expected = [
      { entityType: 'plan', entityId: plan.id, action: 'updated' },
      { entityType: 'task', entityId: added.id, action: 'deleted' },
      { entityType: 'artifact', entityId: artifact.id, action: 'inserted' },
    ];
    const sortSteps = (steps: typeof expected) => [...steps].sort((a, b) => a.entityId.localeCompare(b.entityId));

    const before = await snapshot(plan.id);
    const dry = ok<{ dryRun: boolean; steps: typeof expected }>(
      await call(app, 'POST', `/entities/plan/${plan.id}/rollback?dry_run=true`, { body: {} }),
    );
    expect(dry.dryRun).toBe(true);
    expect(sortSteps(dry.steps)).toEqual(sortSteps(expected));
    expect(await snapshot(plan.id)).toEqual(before);

    const res = await call(app, 'POST', `/entities/plan/${plan.id}/rollback`);
    const real = ok<{ dryRun: boolean; steps: typeof expected }>(res);
    expect(real.dryRun).toBe(false);
    expect(sortSteps(real.steps)).toEqual(sortSteps(dry.steps));
    expect(ok<Plan>(await call(app, 'GET', `/plans/${plan.id}`))).toEqual(plan);
    expect(ok<Task[]>(await call(app, 'GET', `/plans/${plan.id}/tasks`))).toEqual([task]);
    expect(ok<Artifact>(await call(app, 'GET', `/artifacts/${artifact.id}`))).toEqual(artifact);
    const [latest] = await history('plan', plan.id);
    expect(latest?.requestId).toBe(res.headers['x-request-id']);
    expect(latest?.reason).toMatch(/^rollback of plan/);
  });

  it('rollback to a time, to a checkpoint, without cascade', async () => {
    const { plan, task, artifact } = await tree('t0');
    const at = (await pause()).toISOString();
    ok<Plan>(await call(app, 'PATCH', `/plans/${plan.id}`, { body: { title: 't1' } }));
    ok<Task>(await call(app, 'PATCH', `/tasks/${task.id}`, { body: { status: 'done' } }));

    const rootOnly = ok<{ steps: unknown[] }>(
      await call(app, 'POST', `/entities/plan/${plan.id}/rollback`, { body: { toTime: at, cascade: false } }),
    );
    expect(rootOnly.steps).toEqual([{ entityType: 'plan', entityId: plan.id, action: 'updated' }]);
    expect(ok<Task>(await call(app, 'GET', `/tasks/${task.id}`)).status).toBe('done');

    // The task's insert came before its artifact: with cascade, the artifact goes too.
    const [insert] = (await history('task', task.id)).slice(-1);
    const toCp = ok<{ steps: unknown[] }>(
      await call(app, 'POST', `/entities/task/${task.id}/rollback`, { body: { toCheckpoint: insert?.id } }),
    );
    expect(toCp.steps).toHaveLength(2);
    expect(toCp.steps).toEqual(
      expect.arrayContaining([
        { entityType: 'task', entityId: task.id, action: 'updated' },
        { entityType: 'artifact', entityId: artifact.id, action: 'deleted' },
      ]),
    );
    expect(ok<Task>(await call(app, 'GET', `/tasks/${task.id}`))).toEqual(task);
    expect(ok<Artifact[]>(await call(app, 'GET', `/tasks/${task.id}/artifacts`))).toEqual([]);
  });

  it('rollback problems: both targets 422, a checkpoint of another entity 422, no manual checkpoint 404', async () => {
    const { plan, task } = await tree();
    const cp = await checkpoint('plan', plan.id);
    const both = problem(
      await call(app, 'POST', `/entities/plan/${plan.id}/rollback`, {
        body: { toCheckpoint: cp, toTime: new Date().toISOString() },
      }),
      422,
      '22023',
    );
    expect(both.type).toBe('urn:pg-checkpoint:problem:invalid-argument');
    problem(
      await call(app, 'POST', `/entities/task/${task.id}/rollback`, { body: { toCheckpoint: cp } }),
      422,
      '22023',
    );
    problem(await call(app, 'POST', `/entities/task/${task.id}/rollback`), 404, 'P0002');
    problem(await call(app, 'POST', `/entities/plan/${plan.id}/rollback?dry_run=maybe`), 422, '22023');
    problem(await call(app, 'POST', `/entities/plan/${plan.id}/rollback`, { body: { cascade: 'yes' } }), 422, '22023');
  });
});

describe('integrity and retention', () => {
  it('verify: [] when sound, by type, entity, or an id alone', async () => {
    const { plan } = await tree();
    expect(ok<unknown[]>(await call(app, 'GET', `/verify?entityType=plan&entityId=${plan.id}`))).toEqual([]);
    expect(ok<unknown[]>(await call(app, 'GET', '/verify?entityType=task'))).toEqual([]);
    expect(ok<unknown[]>(await call(app, 'GET', '/verify'))).toEqual([]);
    expect(ok<unknown[]>(await call(app, 'GET', `/verify?entityId=${plan.id}`))).toEqual([]);
  });

  it('a corrupted checkpoint: restore and rollback are 500 "Checkpoint corrupted" (XX001), nothing changes; verify and the findings list it', async () => {
    const { plan } = await tree('genuine');
    const cp = await checkpoint('plan', plan.id, 'good state');
    ok<Plan>(await call(app, 'PATCH', `/plans/${plan.id}`, { body: { title: 'later' } }));
    await withSession(db.url, async (client) => {
      await client.query('set session_replication_role = replica');
      await client.query(`update checkpoints set state_data = state_data || '{"title": "forged"}' where id = $1`, [cp]);
    });

    const restore = problem(await call(app, 'POST', `/checkpoints/${cp}/restore`), 500, 'XX001');
    expect(restore).toMatchObject({
      type: 'urn:pg-checkpoint:problem:checkpoint-corrupted',
      title: 'Checkpoint corrupted',
    });
    expect(restore.detail).toContain(cp);
    const rollback = problem(await call(app, 'POST', `/entities/plan/${plan.id}/rollback`), 500, 'XX001');
    expect(rollback.detail).toContain(cp);
    expect(ok<Plan>(await call(app, 'GET', `/plans/${plan.id}`)).title).toBe('later');

    const found = ok<{ checkpointId: string; expectedHash: string; actualHash: string }[]>(
      await call(app, 'GET', `/verify?entityType=plan&entityId=${plan.id}`),
    );
    expect(found).toHaveLength(1);
    expect(found[0]?.checkpointId).toBe(cp);
    expect(found[0]?.expectedHash).not.toBe(found[0]?.actualHash);

    expect(ok<unknown[]>(await call(app, 'GET', '/verify/findings'))).toEqual([]);
    await db.pool.query('select * from pgcheckpoint.verify_step(100000)');
    const findings = ok<{ checkpointId: string; entityType: string; entityId: string; foundAt: string }[]>(
      await call(app, 'GET', '/verify/findings?limit=10'),
    );
    expect(findings).toEqual([
      expect.objectContaining({ checkpointId: cp, entityType: 'plan', entityId: plan.id, seq: expect.any(String) }),
    ]);
    problem(await call(app, 'GET', '/verify/findings?limit=0'), 422, '22023');
  });

  it('prune removes old checkpoints and says how many; 422 for a bad interval or keepLast', async () => {
    const { plan } = await tree();
    for (const title of ['b', 'c', 'd']) ok<Plan>(await call(app, 'PATCH', `/plans/${plan.id}`, { body: { title } }));
    const before = (await history('plan', plan.id)).length;
    const res = ok<{ removed: number }>(
      await call(app, 'POST', '/prune', { body: { olderThan: '0 seconds', keepLast: 1 } }),
    );
    expect(res.removed).toBeGreaterThanOrEqual(before - 1);
    expect(await history('plan', plan.id)).toHaveLength(1);
    const bad = problem(await call(app, 'POST', '/prune', { body: { olderThan: 'a fortnight' } }), 422, '22007');
    expect(bad.detail).toContain('a fortnight');
    problem(await call(app, 'POST', '/prune', { body: { olderThan: '1 day', keepLast: -1 } }), 422, '22023');
  });
});

describe('403: a role without the privileges', () => {
  it('may write (capture needs nothing on checkpoints) but not read history, restore, roll back or prune', async () => {
    const role = `pgcp_http_${randomBytes(5).toString('hex')}`;
    await db.pool.query(`create role ${role} login`);
    await db.pool.query(`grant select, insert, update, delete on plans, tasks, artifacts, prompts to ${role}`);
    await db.pool.query(`grant insert on request_logs to ${role}`);
    await grantServiceTables(db.pool, role);
    const url = new URL(db.url);
    url.username = role;
    url.password = '';
    const pool: pg.Pool = createPool(url.toString());
    const limited = await buildApp({ pool });
    shareKey(app, limited);
    try {
      const plan = ok<Plan>(await call(limited, 'POST', '/plans', { body: { title: 'mine' } }), 201);
      const [insert] = await history('plan', plan.id);
      expect(insert?.createdBy).toBe('test-admin');

      const forbidden = problem(await call(limited, 'GET', `/entities/plan/${plan.id}/history`), 403, '42501');
      expect(forbidden).toMatchObject({ type: 'urn:pg-checkpoint:problem:forbidden', title: 'Insufficient privilege' });
      problem(await call(limited, 'GET', `/checkpoints/${insert?.id}`), 403, '42501');
      problem(await call(limited, 'POST', `/checkpoints/${insert?.id}/restore`), 403, '42501');
      problem(
        await call(limited, 'POST', `/entities/plan/${plan.id}/rollback`, { body: { toCheckpoint: insert?.id } }),
        403,
        '42501',
      );
      problem(await call(limited, 'POST', '/prune', { body: { olderThan: '1 day' } }), 403, '42501');
      problem(await call(limited, 'GET', '/verify/findings'), 403, '42501');
    } finally {
      await limited.close();
      await pool.end();
      await db.pool.query(`drop owned by ${role}`);
      await db.pool.query(`drop role ${role}`);
    }
  });
});
