/**
 * revert_changes and concurrent writers. A revert locks the unit's rows
 * before it reads "now": a writer of one of them already in progress makes
 * it wait, and once that writer commits its change is part of "now" — a
 * conflict where it touched a column the unit changed (under abort: 55000,
 * nothing changes), kept where it touched another column (merged), and a
 * child it added below a row the unit inserted keeps that row (children
 * added since). A writer that comes after the revert has locked waits for it
 * and writes on top. So the revert never loses another session's write and
 * never reports a revert it did not make. Two real connections, no timing
 * assertions: "waits" is read from pg_stat_activity.
 */
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

let db: TestDatabase;
let a: pg.Client;
let b: pg.Client;
let pidA: number;
let pidB: number;

const PLAN = '10000000-0000-0000-0000-0000000000a1';
const TASK = '20000000-0000-0000-0000-0000000000a1';
const NEW_TASK = '20000000-0000-0000-0000-0000000000a2';
const UNIT = '40000000-0000-4000-8000-0000000000a1';

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  return client;
}

/** Resolves once `pid` is blocked on a lock; fails after 10 s. */
async function blockedOnLock(pid: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await db.pool.query<{ waiting: boolean }>(
      `select wait_event_type = 'Lock' as waiting from pg_stat_activity where pid = $1`,
      [pid],
    );
    if (rows[0]?.waiting) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`backend ${pid} never waited for a lock`);
}

async function pid(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
  return rows[0]!.pid;
}

/** The unit of work: statements run in one transaction under request UNIT. */
async function unit(...statements: string[]): Promise<void> {
  const client = await db.pool.connect();
  try {
    await client.query('begin');
    await client.query(`select set_config('checkpoint.request_id', $1, true)`, [UNIT]);
    for (const statement of statements) await client.query(statement);
    await client.query('commit');
  } finally {
    client.release();
  }
}

async function task(id = TASK): Promise<{ title: string; status: string } | undefined> {
  const { rows } = await db.pool.query<{ title: string; status: string }>('select title, status from tasks where id = $1', [id]);
  return rows[0];
}

/** The history's last seq when the test began. */
let startSeq = '0';

/** The checkpoints a revert wrote in this test. */
async function revertCaptures(): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(
    `select count(*)::int as n from checkpoints where reason = $1 and seq > $2`,
    [`revert of request ${UNIT}`, startSeq],
  );
  return rows[0]?.n ?? -1;
}

beforeAll(async () => {
  db = await createTestDatabase();
  a = await connect();
  b = await connect();
  pidA = await pid(a);
  pidB = await pid(b);
  await db.pool.query(`insert into request_logs (id, method, path) values ($1, 'AGENT', '/unit')`, [UNIT]);
});

afterAll(async () => {
  await a?.end();
  await b?.end();
  await db?.drop();
});

beforeEach(async () => {
  // (a fresh unit each time: its old checkpoints lose the request id with its log row)
  await db.pool.query('delete from request_logs where id = $1', [UNIT]);
  await db.pool.query(`insert into request_logs (id, method, path) values ($1, 'AGENT', '/unit')`, [UNIT]);
  await db.pool.query('delete from plans');
  await db.pool.query(`insert into plans (id, title) values ($1, 'plan')`, [PLAN]);
  await db.pool.query(`insert into tasks (id, plan_id, title, position) values ($1, $2, 'saved', 1)`, [TASK, PLAN]);
  const { rows } = await db.pool.query<{ seq: string }>('select max(seq) as seq from checkpoints');
  startSeq = rows[0]?.seq ?? '0';
});

describe('revert_changes and concurrent writers', () => {
  it('waits for a writer in progress of a column the unit changed; after it commits that is a conflict: 55000, nothing changes, its write stays', async () => {
    await unit(`update tasks set title = 'by the unit' where id = '${TASK}'`);
    await b.query('begin');
    await b.query(`update tasks set title = 'by B' where id = $1`, [TASK]);

    const revert = a.query(`select * from revert_changes(request_id => $1)`, [UNIT]).then(
      () => undefined,
      (err: unknown) => err,
    );
    await blockedOnLock(pidA);
    await b.query('commit');

    const err = await revert;
    expect(err).toMatchObject({ code: '55000' });
    expect((err as Error).message).toContain(`task ${TASK} (title)`);
    expect(await task()).toEqual({ title: 'by B', status: 'pending' });
    expect(await revertCaptures()).toBe(0);
  });

  it('waits for a writer in progress of another column; after it commits the revert takes back only the unit’s column, keeping that write', async () => {
    await unit(`update tasks set title = 'by the unit' where id = '${TASK}'`);
    await b.query('begin');
    await b.query(`update tasks set status = 'done' where id = $1`, [TASK]);

    const revert = a.query(`select * from revert_changes(request_id => $1)`, [UNIT]);
    await blockedOnLock(pidA);
    await b.query('commit');

    const { rows } = await revert;
    expect(rows).toEqual([{ entity_type: 'task', entity_id: TASK, action: 'updated', conflict: null }]);
    expect(await task()).toEqual({ title: 'saved', status: 'done' });
    // History: B's write, then the revert's, which left B's status.
    const history = await db.pool.query<{ status: string; title: string; reason: string | null }>(
      `select state_data->>'status' as status, state_data->>'title' as title, reason from entity_history('task', $1) limit 2`,
      [TASK],
    );
    expect(history.rows).toEqual([
      { status: 'done', title: 'saved', reason: `revert of request ${UNIT}` },
      { status: 'done', title: 'by the unit', reason: null },
    ]);
  });

  it('waits for a writer adding a child below a row the unit inserted; then keeps that row (children added since) and the child', async () => {
    await unit(`insert into tasks (id, plan_id, title, position) values ('${NEW_TASK}', '${PLAN}', 'new', 2)`);
    await b.query('begin');
    await b.query(`insert into artifacts (task_id, name) values ($1, 'by B')`, [NEW_TASK]);

    const revert = a.query(`select * from revert_changes(request_id => $1, on_conflict => 'skip')`, [UNIT]);
    await blockedOnLock(pidA);
    await b.query('commit');

    const { rows } = await revert;
    expect(rows).toEqual([{ entity_type: 'task', entity_id: NEW_TASK, action: 'skipped', conflict: 'children added since' }]);
    expect(await task(NEW_TASK)).toEqual({ title: 'new', status: 'pending' });
    const children = await db.pool.query('select name from artifacts where task_id = $1', [NEW_TASK]);
    expect(children.rows).toEqual([{ name: 'by B' }]);
    expect(await revertCaptures()).toBe(0);
  });

  it('makes a writer that comes after it wait; that write lands on top of the reverted row, not lost', async () => {
    await unit(`update tasks set title = 'by the unit', status = 'running' where id = '${TASK}'`);
    await a.query('begin');
    const { rows } = await a.query(`select * from revert_changes(request_id => $1)`, [UNIT]);
    expect(rows).toEqual([{ entity_type: 'task', entity_id: TASK, action: 'updated', conflict: null }]);

    const write = b.query(`update tasks set status = 'done' where id = $1`, [TASK]);
    await blockedOnLock(pidB);
    await a.query('commit');
    await write;

    expect(await task()).toEqual({ title: 'saved', status: 'done' });
    const history = await db.pool.query<{ status: string; reason: string | null }>(
      `select state_data->>'status' as status, reason from entity_history('task', $1) limit 2`,
      [TASK],
    );
    expect(history.rows).toEqual([
      { status: 'done', reason: null },
      { status: 'pending', reason: `revert of request ${UNIT}` },
    ]);
  });

  it('a writer that adds a child below a row the revert is deleting waits, then fails on the missing parent: nothing half-done', async () => {
    await unit(`insert into tasks (id, plan_id, title, position) values ('${NEW_TASK}', '${PLAN}', 'new', 2)`);
    await a.query('begin');
    const { rows } = await a.query(`select * from revert_changes(request_id => $1)`, [UNIT]);
    expect(rows).toEqual([{ entity_type: 'task', entity_id: NEW_TASK, action: 'deleted', conflict: null }]);

    const insert = b.query(`insert into artifacts (task_id, name) values ($1, 'too late')`, [NEW_TASK]).then(
      () => undefined,
      (err: unknown) => err,
    );
    await blockedOnLock(pidB);
    await a.query('commit');

    expect(await insert).toMatchObject({ code: '23503' });
    expect(await task(NEW_TASK)).toBeUndefined();
    const orphans = await db.pool.query('select 1 from artifacts where task_id = $1', [NEW_TASK]);
    expect(orphans.rows).toEqual([]);
  });
});
