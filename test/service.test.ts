/**
 * CheckpointService, the entity CRUD and prompt versions against a real,
 * migrated database: every method, and every error class from a real
 * failing call.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointService } from '../src/lib/checkpoints.js';
import { withContext } from '../src/lib/context.js';
import { entities, type Entities } from '../src/app/entities.js';
import {
  CheckpointError,
  Conflict,
  Corrupted,
  Forbidden,
  InvalidArgument,
  NotFound,
  toCheckpointError,
} from '../src/lib/errors.js';
import { revertPrompt, updatePrompt } from '../src/app/prompts.js';
import { adminUrl, openServiceDb, pause, type TestDatabase } from './helpers/db.js';

let db: TestDatabase;
let service: CheckpointService;
let e: Entities;

beforeAll(async () => {
  ({ db, service, e } = await openServiceDb());
});

afterAll(async () => {
  await db?.drop();
});

/** Rejects with an instance of `Class` whose code and status are as given. */
async function expectError(
  promise: Promise<unknown>,
  Class: new (...args: never[]) => CheckpointError,
  code: string,
  status: number,
): Promise<CheckpointError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Class);
  const ce = err as CheckpointError;
  expect(ce.code).toBe(code);
  expect(ce.status).toBe(status);
  return ce;
}

/** A plan with one task holding one artifact. */
async function planTree(title = 'plan') {
  const plan = await e.plans.create({ title });
  const task = await e.tasks.create({ planId: plan.id, title: 'task', position: 1 });
  const artifact = await e.artifacts.create({ taskId: task.id, name: 'a.txt', content: 'v1' });
  return { plan, task, artifact };
}

describe('CheckpointService', () => {
  it('create saves a manual checkpoint with its reason; history lists it first, in camelCase', async () => {
    const { plan } = await planTree();
    const id = await service.create('plan', plan.id, 'before the big change');
    const history = await service.history('plan', plan.id);
    expect(history.map((c) => c.operation)).toEqual(['manual', 'insert']);
    const [manual, insert] = history;
    expect(manual).toMatchObject({
      id,
      entityType: 'plan',
      entityId: plan.id,
      operation: 'manual',
      reason: 'before the big change',
      stateData: expect.objectContaining({ id: plan.id, title: 'plan', status: 'draft' }),
      requestId: null,
      traceId: null,
      parentId: null,
      prevParentId: null,
    });
    expect(manual?.stateHash).toMatch(/^[0-9a-f]{64}$/);
    // ISO 8601 with the microseconds created_at has, so that it works as a
    // time as it is: the state at a checkpoint's createdAt is its state (a
    // Date, cut to milliseconds, named a point just before it).
    expect(manual?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    await e.plans.update(plan.id, { title: 'renamed' });
    const [renamed] = await service.history('plan', plan.id);
    expect(await service.stateAt('plan', plan.id, renamed!.createdAt)).toMatchObject({ title: 'renamed' });
    expect(typeof manual?.seq).toBe('string');
    expect(typeof manual?.transactionId).toBe('string');
    expect(BigInt(manual?.seq ?? 0) > BigInt(insert?.seq ?? 0)).toBe(true);
  });

  it('restore brings one row back to a checkpoint', async () => {
    const { plan } = await planTree('original');
    const cp = await service.create('plan', plan.id);
    await e.plans.update(plan.id, { title: 'changed', status: 'running' });
    await service.restore(cp);
    expect(await e.plans.get(plan.id)).toMatchObject({ title: 'original', status: 'draft' });
    // The restore is captured like any write, with the checkpoint's hash.
    const [latest] = await service.history('plan', plan.id);
    const saved = (await service.history('plan', plan.id)).find((c) => c.id === cp);
    expect(latest?.operation).toBe('update');
    expect(latest?.stateHash).toBe(saved?.stateHash);
  });

  it('rollback returns the scope to the latest manual checkpoint; dry run changes nothing', async () => {
    const { plan, task, artifact } = await planTree();
    await service.create('plan', plan.id);
    await e.tasks.update(task.id, { status: 'done' });
    const extra = await e.artifacts.create({ taskId: task.id, name: 'b.txt' });
    await e.artifacts.delete(artifact.id);

    const planned = await service.rollback({ entityType: 'plan', entityId: plan.id, dryRun: true });
    const sorted = (steps: typeof planned) =>
      [...steps].sort((a, b) => `${a.entityType}${a.entityId}`.localeCompare(`${b.entityType}${b.entityId}`));
    expect(sorted(planned)).toEqual(
      sorted([
        { entityType: 'task', entityId: task.id, action: 'updated' },
        { entityType: 'artifact', entityId: artifact.id, action: 'inserted' },
        { entityType: 'artifact', entityId: extra.id, action: 'deleted' },
      ]),
    );
    expect((await e.tasks.get(task.id)).status).toBe('done');

    const done = await service.rollback({ entityType: 'plan', entityId: plan.id });
    expect(sorted(done)).toEqual(sorted(planned));
    expect((await e.tasks.get(task.id)).status).toBe('pending');
    expect((await e.artifacts.listByTask(task.id)).map((a) => a.id)).toEqual([artifact.id]);
  });

  it('rollback to a checkpoint or a time, with and without cascade', async () => {
    const { plan, task } = await planTree('t0');
    const [insert] = await service.history('plan', plan.id);
    const between = await pause();
    await e.plans.update(plan.id, { title: 't1' });
    await e.tasks.update(task.id, { title: 'task changed' });

    const rootOnly = await service.rollback({
      entityType: 'plan',
      entityId: plan.id,
      toCheckpoint: insert?.id,
      cascade: false,
    });
    expect(rootOnly).toEqual([{ entityType: 'plan', entityId: plan.id, action: 'updated' }]);
    expect((await e.tasks.get(task.id)).title).toBe('task changed');

    const byTime = await service.rollback({ entityType: 'plan', entityId: plan.id, toTime: between });
    expect(byTime).toEqual([{ entityType: 'task', entityId: task.id, action: 'updated' }]);
    expect((await e.tasks.get(task.id)).title).toBe('task');
  });

  it('stateAt reads the state at a time (null before the entity existed)', async () => {
    const before = new Date(Date.now() - 60_000);
    const { plan } = await planTree('then');
    const after = await pause();
    await e.plans.update(plan.id, { title: 'now' });
    expect(await service.stateAt('plan', plan.id, before)).toBeNull();
    expect(await service.stateAt('plan', plan.id, after)).toMatchObject({ id: plan.id, title: 'then' });
    expect(await service.stateAt('plan', plan.id, (await pause()).toISOString())).toMatchObject({ title: 'now' });
  });

  it('a time given as text keeps its microseconds: a checkpoint\'s own created_at reads its state', async () => {
    const { plan } = await planTree('first');
    await e.plans.update(plan.id, { title: 'second' });
    const { rows } = await db.pool.query<{ at: string }>(
      `select to_json(created_at) #>> '{}' as at from checkpoints
        where entity_id = $1 and operation = 'update' order by seq desc limit 1`,
      [plan.id],
    );
    const at = rows[0]!.at; // e.g. 2026-11-25T13:25:38.123456+00:00
    expect(await service.stateAt('plan', plan.id, at)).toMatchObject({ title: 'second' });
  });

  it('diff lists only the columns that differ', async () => {
    const { plan } = await planTree('a');
    const from = await service.create('plan', plan.id);
    await e.plans.update(plan.id, { title: 'b' });
    const to = await service.create('plan', plan.id);
    const diff = await service.diff(from, to);
    expect(Object.keys(diff).sort()).toEqual(['title', 'updated_at']);
    expect(diff.title).toEqual({ from: 'a', to: 'b' });
    expect(await service.diff(to, to)).toEqual({});
  });

  it('verify is empty for a healthy entity', async () => {
    const { plan } = await planTree();
    expect(await service.verify({ entityType: 'plan', entityId: plan.id })).toEqual([]);
    expect(await service.verify({ entityType: 'prompt' })).toEqual([]);
  });

  it('prune removes old checkpoints by the retention rule and counts them', async () => {
    const { plan } = await planTree('p0');
    await e.plans.update(plan.id, { title: 'p1' });
    await e.plans.update(plan.id, { title: 'p2' });
    expect(await service.history('plan', plan.id)).toHaveLength(3);
    // Nothing is older than a day.
    expect(await service.prune({ olderThan: '1 day' })).toBe(0);
    // Everything is older than 0 seconds: each entity keeps its newest (keepLast 1).
    const removed = await service.prune({ olderThan: '0 seconds', keepLast: 1 });
    expect(removed).toBeGreaterThanOrEqual(2);
    expect((await service.history('plan', plan.id)).map((c) => c.stateData.title)).toEqual(['p2']);
  });
});

describe('errors', () => {
  it('NotFound (P0002, 404): unknown checkpoint, missing entity, no manual checkpoint', async () => {
    const err = await expectError(service.restore(randomUUID()), NotFound, 'P0002', 404);
    expect(err.message).toMatch(/checkpoint .* not found/);
    await expectError(service.create('plan', randomUUID()), NotFound, 'P0002', 404);
    const { plan } = await planTree();
    const noManual = await expectError(
      service.rollback({ entityType: 'plan', entityId: plan.id }),
      NotFound,
      'P0002',
      404,
    );
    expect(noManual.hint).toMatch(/create_checkpoint/);
    await expectError(e.plans.get(randomUUID()), NotFound, 'P0002', 404);
  });

  it('InvalidArgument (22023, 422) from SQL: unknown type, both targets, checkpoint of another entity', async () => {
    const unknown = await expectError(service.history('nope', randomUUID()), InvalidArgument, '22023', 422);
    expect(unknown.message).toContain("'nope'");
    expect(unknown.hint).toBeDefined();
    const a = await planTree();
    const b = await planTree();
    const cp = await service.create('plan', a.plan.id);
    await expectError(
      service.rollback({ entityType: 'plan', entityId: a.plan.id, toCheckpoint: cp, toTime: new Date() }),
      InvalidArgument,
      '22023',
      422,
    );
    await expectError(
      service.rollback({ entityType: 'plan', entityId: b.plan.id, toCheckpoint: cp }),
      InvalidArgument,
      '22023',
      422,
    );
    await expectError(service.prune({ olderThan: 'not an interval' }), InvalidArgument, '22007', 422);
  });

  it('InvalidArgument (22P02) from a real malformed value', async () => {
    const raw: unknown = await db.pool.query(`select 'not-a-uuid'::uuid`).catch((err: unknown) => err);
    const mapped = toCheckpointError(raw);
    expect(mapped).toBeInstanceOf(InvalidArgument);
    expect(mapped).toMatchObject({ code: '22P02', status: 422 });
  });

  it('InvalidArgument from zod never reaches SQL', async () => {
    // A pool that cannot connect: reaching SQL would be a connection error.
    const nowhere = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/nowhere', connectionTimeoutMillis: 500 });
    try {
      const offline = new CheckpointService(nowhere);
      const err = await expectError(offline.history('', 'not-a-uuid'), InvalidArgument, '22023', 422);
      expect(err instanceof InvalidArgument && err.issues.map((i) => i.path)).toEqual(['entityType', 'entityId']);
      await expectError(offline.restore('x'), InvalidArgument, '22023', 422);
      await expectError(offline.rollback({ entityType: 'plan', entityId: 'x' }), InvalidArgument, '22023', 422);
      await expectError(offline.stateAt('plan', randomUUID(), 'yesterday'), InvalidArgument, '22023', 422);
      await expectError(offline.diff(randomUUID(), '1'), InvalidArgument, '22023', 422);
      await expectError(offline.verify({ entityId: 'x' }), InvalidArgument, '22023', 422);
      await expectError(offline.prune({ olderThan: '1 day', keepLast: -1 }), InvalidArgument, '22023', 422);
      await expectError(offline.create('x'.repeat(51), randomUUID()), InvalidArgument, '22023', 422);
      await expectError(entities(nowhere).plans.create({ title: '' }), InvalidArgument, '22023', 422);
    } finally {
      await nowhere.end();
    }
  });

  it('Conflict (409): unique violation, lock not available', async () => {
    await e.prompts.create({ name: 'dup', template: 'x' });
    await expectError(e.prompts.create({ name: 'dup', template: 'y' }), Conflict, '23505', 409);

    const { plan } = await planTree();
    await service.create('plan', plan.id);
    const holder = await db.pool.connect();
    try {
      await holder.query('begin');
      await holder.query('select 1 from plans where id = $1 for update', [plan.id]);
      await expectError(
        withContext(db.pool, {}, async (client) => {
          await client.query(`set local lock_timeout = '100ms'`);
          return service.rollback({ entityType: 'plan', entityId: plan.id });
        }),
        Conflict,
        '55P03',
        409,
      );
    } finally {
      await holder.query('rollback');
      holder.release();
    }
  });

  describe('as a role without privileges', () => {
    const role = `pgcp_svc_${randomBytes(5).toString('hex')}`;
    let rolePool: pg.Pool;
    let admin: pg.Client;

    beforeAll(async () => {
      admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`create role ${role} login`);
      // May read and write plans, but has no privilege on checkpoints.
      await db.pool.query(`grant select, insert, update, delete on plans to ${role}`);
      const url = new URL(db.url);
      url.username = role;
      url.password = '';
      rolePool = new pg.Pool({ connectionString: url.toString() });
    });

    afterAll(async () => {
      await rolePool?.end();
      await db.pool.query(`drop owned by ${role}`).catch(() => {});
      await admin?.query(`drop role if exists ${role}`);
      await admin?.end();
    });

    it('Forbidden (42501, 403): history without SELECT on checkpoints, prune as non-owner', async () => {
      const restricted = new CheckpointService(rolePool);
      const plan = await entities(rolePool).plans.create({ title: 'made by a restricted role' });
      // Capture works without any privilege on checkpoints...
      const [insert] = await service.history('plan', plan.id);
      expect(insert?.createdBy).toBe(role);
      // ...reading it does not.
      await expectError(restricted.history('plan', plan.id), Forbidden, '42501', 403);
      await expectError(restricted.restore(insert?.id ?? ''), Forbidden, '42501', 403);
      await expectError(restricted.prune({ olderThan: '1 day' }), Forbidden, '42501', 403);
    });
  });

  it('Corrupted (XX001, 500): restore from a tampered checkpoint; verify lists it', async () => {
    const { plan } = await planTree('intact');
    const cp = await service.create('plan', plan.id);
    await e.plans.update(plan.id, { title: 'later' });
    // Tamper as superuser, with the append-only triggers off for this session.
    const su = new pg.Client({ connectionString: db.url });
    await su.connect();
    try {
      await su.query('set session_replication_role = replica');
      await su.query(`update checkpoints set state_data = state_data || '{"title": "forged"}' where id = $1`, [cp]);
    } finally {
      await su.end();
    }
    const err = await expectError(service.restore(cp), Corrupted, 'XX001', 500);
    expect(err.message).toContain(cp);
    expect(err.hint).toMatch(/Nothing was changed/);
    expect((await e.plans.get(plan.id)).title).toBe('later');
    await expectError(
      service.rollback({ entityType: 'plan', entityId: plan.id }),
      Corrupted,
      'XX001',
      500,
    );

    const findings = await service.verify({ entityType: 'plan', entityId: plan.id });
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    const stored = (await service.history('plan', plan.id)).find((c) => c.id === cp);
    expect(finding).toMatchObject({ checkpointId: cp, expectedHash: stored?.stateHash });
    expect(finding?.actualHash).toMatch(/^[0-9a-f]{64}$/);
    expect(finding?.actualHash).not.toBe(finding?.expectedHash);
  });

  it('toCheckpointError leaves errors it does not know unchanged', () => {
    const plain = new Error('boom');
    expect(toCheckpointError(plain)).toBe(plain);
    expect(toCheckpointError('text')).toBe('text');
  });
});

describe('entities', () => {
  it('create / get / list / update / delete plans, tasks (by position), artifacts (by task), prompts (by name)', async () => {
    const plan = await e.plans.create({ title: 'crud' });
    expect(plan).toMatchObject({ title: 'crud', status: 'draft' });
    expect(plan.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect((await e.plans.list()).map((p) => p.id)).toContain(plan.id);

    const t2 = await e.tasks.create({ planId: plan.id, title: 'second', position: 2 });
    const t1 = await e.tasks.create({ planId: plan.id, title: 'first', position: 1 });
    const t0 = await e.tasks.create({ planId: plan.id, title: 'unplaced' });
    expect((await e.tasks.listByPlan(plan.id)).map((t) => t.id)).toEqual([t1.id, t2.id, t0.id]);
    expect(await e.tasks.update(t0.id, { position: 0, error: 'x' })).toMatchObject({ position: 0, error: 'x' });
    expect((await e.tasks.listByPlan(plan.id)).map((t) => t.id)).toEqual([t0.id, t1.id, t2.id]);

    const art = await e.artifacts.create({ taskId: t1.id, name: 'out.md', content: '# hi' });
    expect(await e.artifacts.listByTask(t1.id)).toEqual([art]);
    expect(await e.artifacts.update(art.id, { content: null })).toMatchObject({ content: null });

    const prompt = await e.prompts.create({ name: `p-${randomUUID()}`, template: 'Hello {{name}}' });
    expect(await e.prompts.getByName(prompt.name)).toEqual(prompt);
    await expectError(e.prompts.getByName('no such prompt'), NotFound, 'P0002', 404);

    const updated = await e.plans.update(plan.id, { status: 'running' });
    expect(updated.status).toBe('running');
    // touch_updated_at stamped the update's now(), later than the insert's (µs, in SQL: a Date has ms).
    const stamped = await db.pool.query<{ later: boolean }>('select updated_at > created_at as later from plans where id = $1', [
      plan.id,
    ]);
    expect(stamped.rows[0]?.later).toBe(true);
    expect(await e.plans.update(plan.id, {})).toEqual(updated);

    await e.plans.delete(plan.id);
    await expectError(e.plans.get(plan.id), NotFound, 'P0002', 404);
    await expectError(e.tasks.get(t1.id), NotFound, 'P0002', 404); // cascaded
    await expectError(e.plans.delete(plan.id), NotFound, 'P0002', 404);
    await expectError(e.tasks.create({ planId: randomUUID(), title: 'orphan' }), Conflict, '23503', 409);
    await expectError(e.plans.update(plan.id, { status: 'bogus' as 'draft' }), InvalidArgument, '22023', 422);
  });

  it('every write is captured', async () => {
    const plan = await e.plans.create({ title: 'tracked' });
    await e.plans.update(plan.id, { title: 'tracked 2' });
    await e.plans.delete(plan.id);
    expect((await service.history('plan', plan.id)).map((c) => c.operation)).toEqual(['delete', 'update', 'insert']);
  });
});

describe('prompts', () => {
  it('updatePrompt checkpoints the old version first; revertPrompt goes back to it', async () => {
    const name = `greeting-${randomUUID()}`;
    const created = await e.prompts.create({ name, template: 'v1' });
    const first = await updatePrompt(service, name, 'v2', 'tone change');
    expect(first.prompt).toMatchObject({ id: created.id, template: 'v2' });
    const second = await updatePrompt(service, name, 'v3');
    expect((await e.prompts.getByName(name)).template).toBe('v3');

    const history = await service.history('prompt', created.id);
    expect(history.map((c) => [c.operation, c.stateData.template, c.reason])).toEqual([
      ['update', 'v3', null],
      ['manual', 'v2', `before update of prompt ${name}`],
      ['update', 'v2', 'tone change'],
      ['manual', 'v1', 'tone change'],
      ['insert', 'v1', null],
    ]);

    const reverted = await revertPrompt(service, name, first.checkpointId);
    expect(reverted.template).toBe('v1');
    expect((await revertPrompt(service, name, second.checkpointId)).template).toBe('v2');

    const other = await e.prompts.create({ name: `other-${randomUUID()}`, template: 'x' });
    const otherCp = await service.create('prompt', other.id);
    await expectError(revertPrompt(service, name, otherCp), InvalidArgument, '22023', 422);
    await expectError(updatePrompt(service, 'missing prompt', 'x'), NotFound, 'P0002', 404);
  });
});
