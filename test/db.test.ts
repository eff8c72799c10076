/**
 * The service's pool (src/db.ts createPool) against a real PostgreSQL: a
 * connection lost while in use fails its query and is no uncaught error
 * (vitest fails a run on one).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../src/db.ts';
import { createTestDatabase, type TestDatabase, withSession } from './helpers/db.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
});

afterAll(async () => {
  await db?.drop();
});

describe('createPool', () => {
  it('a connection terminated while checked out: its query fails, the process goes on', async () => {
    const pool = createPool(db.url);
    try {
      const client = await pool.connect();
      const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
      await withSession(db.url, (admin) => admin.query('select pg_terminate_backend($1)', [rows[0]?.pid]));
      // the server's FATAL arrives on the idle, checked-out client
      await new Promise((resolve) => setTimeout(resolve, 200));
      await expect(client.query('select 1')).rejects.toThrow();
      client.release(true);
      expect((await pool.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });
});
