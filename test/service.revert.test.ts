/**
 * CheckpointService.revert and unitChanges against a real, migrated
 * database: units of work by request, trace and transaction; the merge of
 * what two agents did to the same rows; each conflict policy; dry runs; the
 * RevertConflict of `abort` with every conflicting entity; validation before
 * any SQL.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointService } from '../src/lib/checkpoints.js';
import { withContext } from '../src/lib/context.js';
import type { Entities } from '../src/app/entities.js';
import {
  type CheckpointError,
  Conflict,
  Corrupted,
  InvalidArgument,
  NotFound,
  RevertConflict,
} from '../src/lib/errors.js';
import { type RevertStep, UNIT_KEY_MESSAGE } from '../src/lib/interfaces.js';
import { openServiceDb, type TestDatabase, withSession } from './helpers/db.js';

let db: TestDatabase;
let service: CheckpointService;
let e: Entities;

beforeAll(async () => {
  ({ db, service, e } = await openServiceDb());
});

afterAll(async () => {
  await db?.drop();
});

/** The error a promise rejects with (fails if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => expect.fail(`expected a rejection, got ${JSON.stringify(value)}`),
    (err: unknown) => err,
  );
}

/** A request_logs row: the id a unit of work's writes carry. */
async function newRequest(): Promise<string> {
  const id = randomUUID();
  await db.pool.query(`insert into request_logs (id, method, path) values ($1, 'TEST', '/agent')`, [id]);
  return id;
}

/** Runs fn as one agent's request (one transaction carrying its request id). */
function asRequest<T>(requestId: string, fn: () => Promise<T>): Promise<T> {
  return withContext(db.pool, { requestId, actor: 'agent' }, fn);
}

/** Rows in a stable order, for comparing sets of steps. */
function sorted(steps: readonly RevertStep[]): RevertStep[] {
  return [...steps].sort((a, b) => `${a.entityType} ${a.entityId}`.localeCompare(`${b.entityType} ${b.entityId}`));
}

/** Everything a revert could touch, and the size of the history: what a refused revert or a dry run must leave. */
async function snapshot(): Promise<unknown> {
  const { rows } = await db.pool.query(
    `select (select jsonb_agg(to_jsonb(p) order by p.id) from plans p) as plans,
            (select jsonb_agg(to_jsonb(t) order by t.id) from tasks t) as tasks,
            (select jsonb_agg(to_jsonb(a) order by a.id) from artifacts a) as artifacts,
            (select count(*) from checkpoints) as checkpoints`,
  );
  return rows[0];
}

describe('unitChanges', () => {
  it('lists a request’s changes in capture order with the columns each changed; the same unit by transaction and by trace', async () => {
    const plan = await e.plans.create({ title: 'report' });
    const request = await newRequest();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const task = await withContext(db.pool, { requestId: request, actor: 'agent:planner', traceId }, async () => {
      await e.plans.update(plan.id, { title: 'quarterly report' });
      const t = await e.tasks.create({ planId: plan.id, title: 'collect', position: 1 });
      await e.tasks.update(t.id, { status: 'running' });
      return t;
    });

    const changes = await service.unitChanges({ requestId: request });
    expect(changes.map((c) => [c.entityType, c.entityId, c.operation, c.columns])).toEqual([
      ['plan', plan.id, 'update', ['title', 'updated_at']],
      ['task', task.id, 'insert', ['created_at', 'error', 'id', 'plan_id', 'position', 'status', 'timeout_ms', 'title', 'updated_at']],
      // (same transaction as the insert: updated_at, the transaction's now(), did not change)
      ['task', task.id, 'update', ['status']],
    ]);
    const seqs = changes.map((c) => BigInt(c.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const c of changes) {
      expect(c).toMatchObject({ createdBy: 'agent:planner', reason: null });
      expect(c.checkpointId).toMatch(/^[0-9a-f-]{36}$/);
      expect(c.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    }

    const [newest] = await service.history('task', task.id);
    expect(await service.unitChanges({ transactionId: newest?.transactionId ?? '' })).toEqual(changes);
    expect(await service.unitChanges({ traceId })).toEqual(changes);
    expect(await service.unitChanges({ requestId: randomUUID() })).toEqual([]);
  });
});

describe('revert', () => {
  it('undoes one agent’s request and keeps the other’s work, merged column by column; its transaction id reverts the revert', async () => {
    const plan = await e.plans.create({ title: 'launch' });
    const task = await e.tasks.create({ planId: plan.id, title: 'draft', position: 1 });
    const planner = await newRequest();
    const writer = await newRequest();
    const research = await asRequest(planner, async () => {
      await e.plans.update(plan.id, { status: 'running' });
      await e.tasks.update(task.id, { title: 'draft v2' });
      return e.tasks.create({ planId: plan.id, title: 'research', position: 2 });
    });
    const artifact = await asRequest(writer, async () => {
      await e.tasks.update(task.id, { status: 'done' });
      return e.artifacts.create({ taskId: task.id, name: 'draft.md', content: '# Launch' });
    });

    const steps = await service.revert({ requestId: planner });
    expect(sorted(steps)).toEqual(
      sorted([
        { entityType: 'plan', entityId: plan.id, action: 'updated', conflict: null },
        { entityType: 'task', entityId: task.id, action: 'updated', conflict: null },
        { entityType: 'task', entityId: research.id, action: 'deleted', conflict: null },
      ]),
    );
    expect(await e.plans.get(plan.id)).toEqual(plan);
    // the planner's title is gone, the writer's status stays
    expect(await e.tasks.get(task.id)).toMatchObject({ title: 'draft', status: 'done' });
    expect((await e.tasks.listByPlan(plan.id)).map((t) => t.id)).toEqual([task.id]);
    expect(await e.artifacts.get(artifact.id)).toEqual(artifact);

    // The revert is captured (its reason names it) under its own transaction id...
    const [revertCp] = await service.history('plan', plan.id);
    expect(revertCp?.reason).toBe(`revert of request ${planner}`);
    // ...by which it is reverted in turn: the planner's work is back, the writer's still there.
    const again = await service.revert({ transactionId: revertCp?.transactionId ?? '' });
    expect(sorted(again)).toEqual(
      sorted([
        { entityType: 'plan', entityId: plan.id, action: 'updated', conflict: null },
        { entityType: 'task', entityId: task.id, action: 'updated', conflict: null },
        { entityType: 'task', entityId: research.id, action: 'inserted', conflict: null },
      ]),
    );
    expect(await e.plans.get(plan.id)).toMatchObject({ status: 'running' });
    expect(await e.tasks.get(task.id)).toMatchObject({ title: 'draft v2', status: 'done' });
    expect(await e.tasks.get(research.id)).toEqual(research);
  });

  it('a unit by trace id', async () => {
    const plan = await e.plans.create({ title: 'traced' });
    const traceId = 'c0ffee00c0ffee00c0ffee00c0ffee01';
    await withContext(db.pool, { traceId }, () => e.plans.update(plan.id, { title: 'traced, changed' }));
    expect(await service.revert({ traceId, dryRun: true })).toEqual([
      { entityType: 'plan', entityId: plan.id, action: 'updated', conflict: null },
    ]);
    await service.revert({ traceId });
    expect(await e.plans.get(plan.id)).toEqual(plan);
  });

  describe('conflicts', () => {
    /**
     * The unit retitles two tasks and starts the plan; since, someone else
     * retitled the first task (a conflict on title) and finished the second
     * (another column: merged).
     */
    async function scenario() {
      const plan = await e.plans.create({ title: 'plan' });
      const clash = await e.tasks.create({ planId: plan.id, title: 'one', position: 1 });
      const merge = await e.tasks.create({ planId: plan.id, title: 'two', position: 2 });
      const unit = await newRequest();
      await asRequest(unit, async () => {
        await e.tasks.update(clash.id, { title: 'one (unit)' });
        await e.tasks.update(merge.id, { title: 'two (unit)' });
        await e.plans.update(plan.id, { status: 'running' });
      });
      await e.tasks.update(clash.id, { title: 'one (since)' });
      await e.tasks.update(merge.id, { status: 'done' });
      const expected = (clashAction: string) =>
        sorted([
          { entityType: 'plan', entityId: plan.id, action: 'updated', conflict: null },
          { entityType: 'task', entityId: clash.id, action: clashAction, conflict: 'title' },
          { entityType: 'task', entityId: merge.id, action: 'updated', conflict: null },
        ] as RevertStep[]);
      return { plan, clash, merge, unit, expected };
    }

    it('dry run reports the conflicts without raising (skipped under abort) and changes nothing', async () => {
      const { unit, expected } = await scenario();
      const before = await snapshot();
      expect(sorted(await service.revert({ requestId: unit, dryRun: true }))).toEqual(expected('skipped'));
      expect(sorted(await service.revert({ requestId: unit, dryRun: true, onConflict: 'overwrite' }))).toEqual(
        expected('updated'),
      );
      expect(await snapshot()).toEqual(before);
    });

    it('skip leaves the conflicting entity as it is and reverts the rest, as its dry run said', async () => {
      const { plan, clash, merge, unit, expected } = await scenario();
      const dry = await service.revert({ requestId: unit, onConflict: 'skip', dryRun: true });
      const steps = await service.revert({ requestId: unit, onConflict: 'skip' });
      expect(sorted(steps)).toEqual(expected('skipped'));
      expect(steps).toEqual(dry);
      expect(await e.tasks.get(clash.id)).toMatchObject({ title: 'one (since)' });
      expect(await e.tasks.get(merge.id)).toMatchObject({ title: 'two', status: 'done' });
      expect(await e.plans.get(plan.id)).toMatchObject({ status: 'draft' });
    });

    it('overwrite takes every entity back, the conflicting column too, and still says what it overwrote', async () => {
      const { plan, clash, merge, unit, expected } = await scenario();
      const steps = await service.revert({ requestId: unit, onConflict: 'overwrite' });
      expect(sorted(steps)).toEqual(expected('updated'));
      expect(await e.tasks.get(clash.id)).toEqual(clash);
      expect(await e.tasks.get(merge.id)).toMatchObject({ title: 'two', status: 'done' });
      expect(await e.plans.get(plan.id)).toEqual(plan);
    });

    it('abort: RevertConflict (409, 55000) lists every conflicting entity, beyond the message’s 20; nothing changes', async () => {
      const plan = await e.plans.create({ title: 'many' });
      await db.pool.query(
        `insert into tasks (plan_id, title, position) select $1, 'task ' || g, g from generate_series(1, 25) g`,
        [plan.id],
      );
      const tasks = await e.tasks.listByPlan(plan.id);
      const [gone] = tasks;
      const unit = await newRequest();
      await asRequest(unit, async () => {
        for (const t of tasks) await e.tasks.update(t.id, { title: `${t.title} (unit)` });
        await e.plans.update(plan.id, { title: 'many (unit)' });
      });
      // Since: 24 titles changed again, and one task deleted.
      await db.pool.query(`update tasks set title = title || ' (since)' where plan_id = $1 and id <> $2`, [
        plan.id,
        gone?.id,
      ]);
      await e.tasks.delete(gone?.id ?? '');
      const before = await snapshot();

      const err = await rejection(service.revert({ requestId: unit }));
      expect(err).toBeInstanceOf(RevertConflict);
      expect(err).toBeInstanceOf(Conflict);
      const conflict = err as RevertConflict;
      expect(conflict).toMatchObject({ code: '55000', status: 409, name: 'RevertConflict' });
      expect(conflict.message).toContain(`revert of request ${unit}: 25 conflicting entities`);
      expect(conflict.detail).toMatch(/^Conflicting entities: task /);
      expect(conflict.hint).toMatch(/Nothing was changed/);
      expect(conflict.conflicts).toHaveLength(25);
      expect(conflict.conflicts).toEqual(
        expect.arrayContaining([
          { entityType: 'task', entityId: gone?.id, conflict: 'deleted since' },
          ...tasks.slice(1).map((t) => ({ entityType: 'task', entityId: t.id, conflict: 'title' })),
        ]),
      );
      // the plan's title is not a conflict: it is not in the list
      expect(conflict.conflicts.map((c) => c.entityType)).not.toContain('plan');
      expect(conflict.toJSON()).toMatchObject({ error: 'RevertConflict', code: '55000', conflicts: conflict.conflicts });
      expect(await snapshot()).toEqual(before);

      // Inside a transaction of the caller's, the refused revert leaves it usable.
      await withContext(db.pool, {}, async () => {
        await expect(service.revert({ requestId: unit })).rejects.toBeInstanceOf(RevertConflict);
        await e.plans.update(plan.id, { status: 'cancelled' });
      });
      expect(await e.plans.get(plan.id)).toMatchObject({ title: 'many (unit)', status: 'cancelled' });
    });
  });

  it('NotFound (P0002) when no change matches; InvalidArgument before any SQL for a bad unit or policy', async () => {
    await expect(service.revert({ requestId: randomUUID() })).rejects.toBeInstanceOf(NotFound);
    // the largest xid8 is accepted (and matches nothing)
    const max = (await rejection(service.revert({ transactionId: '18446744073709551615' }))) as CheckpointError;
    expect(max).toBeInstanceOf(NotFound);
    expect(max.message).toContain('transaction 18446744073709551615');

    // A pool that cannot connect: reaching SQL would be a connection error.
    const nowhere = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/nowhere', connectionTimeoutMillis: 500 });
    try {
      const offline = new CheckpointService(nowhere);
      const issues = async (promise: Promise<unknown>): Promise<string[]> => {
        const err = await rejection(promise);
        expect(err).toBeInstanceOf(InvalidArgument);
        expect(err).toMatchObject({ code: '22023', status: 422 });
        return (err as InvalidArgument).issues.map((i) => (i.path === '' ? i.message : i.path));
      };
      const id = randomUUID();
      expect(await issues(offline.revert({}))).toEqual([UNIT_KEY_MESSAGE]);
      expect(await issues(offline.revert({ requestId: id, traceId: 'abc' }))).toEqual([UNIT_KEY_MESSAGE]);
      expect(await issues(offline.revert({ requestId: 'not-a-uuid' }))).toEqual(['requestId']);
      expect(await issues(offline.revert({ transactionId: '12a' }))).toEqual(['transactionId']);
      expect(await issues(offline.revert({ transactionId: '18446744073709551616' }))).toEqual(['transactionId']);
      expect(await issues(offline.revert({ traceId: '' }))).toEqual(['traceId']);
      expect(await issues(offline.revert({ requestId: id, onConflict: 'merge' as 'skip' }))).toEqual(['onConflict']);
      expect(await issues(offline.unitChanges({}))).toEqual([UNIT_KEY_MESSAGE]);
      expect(await issues(offline.unitChanges({ transactionId: '-1' }))).toEqual(['transactionId']);
    } finally {
      await nowhere.end();
    }
  });

  it('Corrupted (XX001) when a trigger changes a row the revert writes; nothing changes', async () => {
    const plan = await e.plans.create({ title: 'sound' });
    const unit = await newRequest();
    await asRequest(unit, () => e.plans.update(plan.id, { title: 'changed' }));
    await db.pool.query(`create function revert_test_meddle() returns trigger language plpgsql as $$
                         begin new.title := new.title || ' (meddled)'; return new; end $$`);
    await db.pool.query(`create trigger revert_test_meddle before update on plans for each row
                         execute function revert_test_meddle()`);
    try {
      const before = await snapshot();
      const err = await rejection(service.revert({ requestId: unit }));
      expect(err).toBeInstanceOf(Corrupted);
      expect(err).toMatchObject({ code: 'XX001', status: 500 });
      expect((err as Corrupted).message).toContain(plan.id);
      expect(await snapshot()).toEqual(before);
    } finally {
      await db.pool.query('drop trigger revert_test_meddle on plans; drop function revert_test_meddle()');
    }
  });

  // The hash checks must survive the planner (they once sat in a column no
  // later step read, so the revert wrote the tampered state).
  it('Corrupted (XX001) when a state it must write back was tampered with; nothing changes', async () => {
    const plan = await e.plans.create({ title: 'sound' });
    const [insert] = await service.history('plan', plan.id);
    const unit = await newRequest();
    await asRequest(unit, () => e.plans.update(plan.id, { title: 'changed' }));
    await withSession(db.url, async (su) => {
      await su.query('set session_replication_role = replica');
      await su.query(`update checkpoints set state_data = state_data || '{"title": "forged"}' where id = $1`, [insert?.id]);
    });
    const before = await snapshot();
    const err = await rejection(service.revert({ requestId: unit }));
    expect(err).toBeInstanceOf(Corrupted);
    expect((err as Corrupted).message).toContain(insert?.id ?? '?');
    expect(await snapshot()).toEqual(before);
  });
});
