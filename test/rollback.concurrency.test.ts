/**
 * A rollback locks what it must (the root, the rows of its scope that have
 * children, every row changed since the point): a concurrent writer of those
 * either finishes before it or waits for it; no interleaving leaves a mixed
 * state. A row it leaves alone is not locked: its writer is ordered after the
 * rollback. Two real connections, no timing assertions: "waits" is read from
 * pg_stat_activity.
 */
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

let db: TestDatabase;
let a: pg.Client;
let b: pg.Client;
let pidA: number;
let pidB: number;

const PLAN = '10000000-0000-0000-0000-000000000001';
const TASK = '20000000-0000-0000-0000-000000000001';
const ART = '30000000-0000-0000-0000-000000000001';

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

async function taskTitle(): Promise<string | undefined> {
  const { rows } = await db.pool.query<{ title: string }>('select title from tasks where id = $1', [TASK]);
  return rows[0]?.title;
}

beforeAll(async () => {
  db = await createTestDatabase();
  a = await connect();
  b = await connect();
  pidA = await pid(a);
  pidB = await pid(b);
});

afterAll(async () => {
  await a?.end();
  await b?.end();
  await db?.drop();
});

beforeEach(async () => {
  await db.pool.query('delete from plans');
  await db.pool.query(`insert into plans (id, title) values ($1, 'plan')`, [PLAN]);
  await db.pool.query(`insert into tasks (id, plan_id, title, position) values ($1, $2, 'saved', 1)`, [TASK, PLAN]);
  await db.pool.query(`insert into artifacts (id, task_id, name, content) values ($1, $2, 'a', 'saved')`, [ART, TASK]);
  await db.pool.query(`select create_checkpoint('plan', $1, 'before step')`, [PLAN]);
});

describe('rollback_entity and concurrent writers', () => {
  it('waits for a writer already in progress in its scope, then rolls its change back too', async () => {
    await b.query('begin');
    await b.query(`update tasks set title = 'concurrent' where id = $1`, [TASK]);

    const rollback = a.query(`select * from rollback_entity('plan', $1)`, [PLAN]);
    await blockedOnLock(pidA);

    await b.query('commit');
    const { rows } = await rollback;

    expect(rows).toEqual([{ entity_type: 'task', entity_id: TASK, action: 'updated' }]);
    expect(await taskTitle()).toBe('saved');
  });

  it('waits, at its write, for a writer in progress of a row it changes, then writes the saved state over it', async () => {
    await db.pool.query(`update artifacts set content = 'changed since' where id = $1`, [ART]);
    await b.query('begin');
    await b.query(`update artifacts set content = 'in progress' where id = $1`, [ART]);

    const rollback = a.query(`select * from rollback_entity('plan', $1)`, [PLAN]);
    await blockedOnLock(pidA);
    await b.query('commit');
    const { rows } = await rollback;

    expect(rows).toEqual([{ entity_type: 'artifact', entity_id: ART, action: 'updated' }]);
    const art = await db.pool.query<{ content: string }>('select content from artifacts where id = $1', [ART]);
    expect(art.rows[0]?.content).toBe('saved');
  });

  it('makes a writer that adds a child to the plan wait until it commits', async () => {
    await a.query('begin');
    await a.query(`update artifacts set content = 'changed' where id = $1`, [ART]);
    await a.query(`select * from rollback_entity('plan', $1)`, [PLAN]);

    const insert = b.query(`insert into tasks (plan_id, title, position) values ($1, 'late', 2)`, [PLAN]);
    await blockedOnLock(pidB);

    await a.query('commit');
    await insert;

    const { rows } = await db.pool.query<{ title: string }>(
      'select title from tasks where plan_id = $1 order by position',
      [PLAN],
    );
    expect(rows.map((r) => r.title)).toEqual(['saved', 'late']);
    const art = await db.pool.query<{ content: string }>('select content from artifacts where id = $1', [ART]);
    expect(art.rows[0]?.content).toBe('saved');
  });

  it('makes a writer of a row in its scope wait, so the rollback is never half-overwritten', async () => {
    await a.query('begin');
    await a.query(`update tasks set title = 'broken' where id = $1`, [TASK]);
    await a.query(`update artifacts set content = 'broken' where id = $1`, [ART]);
    await a.query(`select * from rollback_entity('plan', $1)`, [PLAN]);

    const write = b.query(`update artifacts set content = 'after' where id = $1`, [ART]);
    await blockedOnLock(pidB);
    // Inside the rollback's (uncommitted) transaction the task is back already;
    // the writer of the artifact waits for it.
    const inside = await a.query<{ title: string }>('select title from tasks where id = $1', [TASK]);
    expect(inside.rows[0]?.title).toBe('saved');

    await a.query('commit');
    await write;

    expect(await taskTitle()).toBe('saved');
    const art = await db.pool.query<{ content: string }>('select content from artifacts where id = $1', [ART]);
    expect(art.rows[0]?.content).toBe('after');
    // History is in commit order: the rollback's capture precedes the later write.
    const history = await db.pool.query<{ content: string; reason: string | null }>(
      `select state_data->>'content' as content, reason from entity_history('artifact', $1)`,
      [ART],
    );
    expect(history.rows[0]?.content).toBe('after');
    expect(history.rows[1]?.reason).toMatch(/^rollback of plan/);
  });

  it('does not wait for a writer of a row it leaves alone: that write, committed later, stays after it', async () => {
    const other = '10000000-0000-0000-0000-000000000002';
    const otherTask = '20000000-0000-0000-0000-000000000002';
    await db.pool.query(`insert into plans (id, title) values ($1, 'other')`, [other]);
    await db.pool.query(`insert into tasks (id, plan_id, title, position) values ($1, $2, 'o', 1)`, [otherTask, other]);

    // B moves the artifact (unchanged since the checkpoint) out of the plan,
    // and has not committed: the rollback neither sees nor waits for it.
    await b.query('begin');
    await b.query(`update artifacts set task_id = $1 where id = $2`, [otherTask, ART]);
    const { rows } = await a.query(`select * from rollback_entity('plan', $1)`, [PLAN]);
    expect(rows).toEqual([]);
    await b.query('commit');

    const art = await db.pool.query<{ task_id: string }>('select task_id from artifacts where id = $1', [ART]);
    expect(art.rows[0]?.task_id).toBe(otherTask);
    // Committed before the next rollback, the move is in the history, found
    // through the parent it left, and undone.
    const again = await a.query(`select * from rollback_entity('plan', $1)`, [PLAN]);
    expect(again.rows).toEqual([{ entity_type: 'artifact', entity_id: ART, action: 'updated' }]);
    const back = await db.pool.query<{ task_id: string }>('select task_id from artifacts where id = $1', [ART]);
    expect(back.rows[0]?.task_id).toBe(TASK);
  });
});
