/**
 * Throwaway databases for vitest suites: each is created on the server named
 * by TEST_ADMIN_URL (set by `npm test`), migrated, and dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { CheckpointService } from '../../src/lib/checkpoints.ts';
import { createPool } from '../../src/db.ts';
import { entities, type Entities } from '../../src/app/entities.ts';
import { runMigrations } from '../../src/migrate.ts';

export const adminUrl = process.env.TEST_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * `npm test` sets TEST_RUN_ID and drops every `pgcp_t_<run>_…` database when
 * it ends, so databases of an interrupted suite do not pile up.
 */
const runId = (process.env.TEST_RUN_ID ?? '').replace(/[^a-z0-9]/g, '');
export const testDatabasePrefix = runId ? `pgcp_t_${runId}_` : 'pgcp_t_';

export interface TestDatabase {
  name: string;
  url: string;
  pool: pg.Pool;
  /** Ends the pool and drops the database (with force). Safe to call twice. */
  drop(): Promise<void>;
}

export function databaseUrl(name: string, base: string = adminUrl): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs fn in a session of its own on the database at url, then closes it. */
export async function withSession<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  return withSession(adminUrl, fn);
}

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `${testDatabasePrefix}${randomBytes(6).toString('hex')}`;
  const quoted = `"${name}"`;
  await admin((c) => c.query(`create database ${quoted}`));
  const url = databaseUrl(name);
  const dropDatabase = (): Promise<unknown> => admin((c) => c.query(`drop database if exists ${quoted} with (force)`));
  try {
    if (options.migrate ?? true) await runMigrations(url, { quiet: true });
  } catch (err) {
    await dropDatabase();
    throw err;
  }
  const pool = createPool(url);
  let dropping: Promise<void> | undefined;
  const drop = (): Promise<void> => {
    dropping ??= (async () => {
      await pool.end().catch(() => {});
      await dropDatabase();
    })();
    return dropping;
  };
  return { name, url, pool, drop };
}

export async function withFreshDatabase<T>(fn: (db: TestDatabase) => Promise<T>): Promise<T> {
  const db = await createTestDatabase();
  try {
    return await fn(db);
  } finally {
    await db.drop();
  }
}

/** A migrated test database with the service and the entity tables over it (for beforeAll). */
export async function openServiceDb(): Promise<{ db: TestDatabase; service: CheckpointService; e: Entities }> {
  const db = await createTestDatabase();
  return { db, service: new CheckpointService(db.pool), e: entities(db.pool) };
}

/**
 * A moment strictly after every write so far and before every write after
 * it: a Date has whole milliseconds, checkpoints' created_at microseconds.
 */
export async function pause(): Promise<Date> {
  await new Promise((r) => setTimeout(r, 5));
  const at = new Date();
  await new Promise((r) => setTimeout(r, 5));
  return at;
}
