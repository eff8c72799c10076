/**
 * The SQL core in an existing database: sql/pg-checkpoint.sql, applied with
 * psql to a database that holds only the user's own tables, installs
 * pg-checkpoint without the demo tables, may be applied again, adds only the
 * public API to `public`, and tracks and rolls back the user's table.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCore, installScriptPath, scriptVersion } from '../src/lib/install.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

const run = promisify(execFile);

/** What `\df public.*` shows after the install: the public API and nothing else. */
const PUBLIC_FUNCTIONS = [
  'checkpoint_diff(uuid,uuid)',
  'create_checkpoint(text,uuid,text)',
  'entity_history(text,uuid)',
  'entity_state_at(text,uuid,timestamp with time zone)',
  'prune_checkpoints(interval,integer)',
  'restore_checkpoint(uuid)',
  'revert_changes(uuid,text,xid8,text,boolean)',
  'rollback_entity(text,uuid,uuid,timestamp with time zone,boolean,boolean)',
  'touch_updated_at()',
  'track_table(regclass,text,text,name)',
  'unit_changes(uuid,text,xid8)',
  'untrack_table(regclass)',
  'verify_checkpoints(text,uuid)',
];

async function psqlFile(url: string, file: string): Promise<void> {
  await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', file]);
}

describe('sql/pg-checkpoint.sql in an existing database', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    // The application that adopts pg-checkpoint: its own tables, a name that needs quoting.
    await db.pool.query(`
      create table "Documents" (
        id uuid primary key default gen_random_uuid(),
        title text not null,
        body text,
        updated_at timestamptz not null default now()
      );
      create table users (id bigint primary key, name text);
      insert into "Documents" (id, title, body) values ('d0000000-0000-4000-8000-000000000001', 'draft', 'first words');
    `);
    await psqlFile(db.url, installScriptPath);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('installs the core without the demo tables', async () => {
    const { rows } = await db.pool.query<{ relname: string }>(
      `select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' order by relname`,
    );
    expect(rows.map((r) => r.relname)).toEqual(['Documents', 'checkpoints', 'request_logs', 'users']);
  });

  it('records the installed version', async () => {
    const { version } = (await import('../package.json', { with: { type: 'json' } })).default;
    const { rows } = await db.pool.query<{ version: string }>('select version from pgcheckpoint.versions');
    expect(rows).toEqual([{ version }]);
  });

  it('adds only the public API to public (\\df public.*)', async () => {
    const { rows } = await db.pool.query<{ fn: string }>(
      `select p.oid::regprocedure::text as fn from pg_proc p
       where p.pronamespace = 'public'::regnamespace order by 1`,
    );
    expect(rows.map((r) => r.fn)).toEqual(PUBLIC_FUNCTIONS);
  });

  it('may be applied again, leaving tracked tables tracked and their history whole', async () => {
    await db.pool.query(`select track_table('"Documents"', 'document')`);
    await db.pool.query(`update "Documents" set body = 'second words' where id = 'd0000000-0000-4000-8000-000000000001'`);
    await psqlFile(db.url, installScriptPath);
    await db.pool.query(`update "Documents" set body = 'third words' where id = 'd0000000-0000-4000-8000-000000000001'`);
    const { rows } = await db.pool.query<{ operation: string; body: string }>(
      `select operation, state_data->>'body' as body from checkpoints
       where entity_type = 'document' order by seq`,
    );
    expect(rows).toEqual([
      { operation: 'baseline', body: 'first words' },
      { operation: 'update', body: 'second words' },
      { operation: 'update', body: 'third words' },
    ]);
    const verify = await db.pool.query('select * from verify_checkpoints()');
    expect(verify.rows).toEqual([]);
  });

  it("rolls the user's table back to a checkpoint, exactly", async () => {
    const id = 'd0000000-0000-4000-8000-000000000001';
    const saved = await db.pool.query<{ cp: string; row: unknown }>(
      `select create_checkpoint('document', $1, 'before the edit') as cp,
              (select to_jsonb(d) from "Documents" d where d.id = $1) as row`,
      [id],
    );
    await db.pool.query(`update "Documents" set title = 'ruined', body = null where id = $1`, [id]);
    const rolled = await db.pool.query<{ entity_type: string; entity_id: string; action: string }>(
      `select entity_type, entity_id, action from rollback_entity('document', $1)`,
      [id],
    );
    expect(rolled.rows).toEqual([{ entity_type: 'document', entity_id: id, action: 'updated' }]);
    const now = await db.pool.query<{ row: unknown }>(`select to_jsonb(d) as row from "Documents" d where d.id = $1`, [id]);
    expect(now.rows[0]?.row).toEqual(saved.rows[0]?.row);
  });

  it('refuses to track a table whose key is not a single uuid, with the contract error', async () => {
    await expect(db.pool.query(`select track_table('users', 'user')`)).rejects.toMatchObject({ code: '22023' });
  });
});

describe('installCore (what `pg-checkpoint install` runs)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('says what it did: installed, then already current, then an upgrade over an older version', async () => {
    const { version } = (await import('../package.json', { with: { type: 'json' } })).default;
    expect(await installCore(db.pool)).toEqual({ version, outcome: 'installed' });
    expect(await installCore(db.pool)).toEqual({ version, previous: version, outcome: 'current' });
    await db.pool.query(`
      delete from pgcheckpoint.versions;
      insert into pgcheckpoint.versions (version, installed_at) values ('0.0.1', now() - interval '1 day')`);
    expect(await installCore(db.pool)).toEqual({ version, previous: '0.0.1', outcome: 'upgraded' });
    const { rows } = await db.pool.query<{ version: string }>('select version from pgcheckpoint.versions order by installed_at');
    expect(rows.map((r) => r.version)).toEqual(['0.0.1', version]);
  });

  it('a role that may not install: the error, nothing installed, and the pool’s connection usable after', async () => {
    const fresh = await createTestDatabase({ migrate: false });
    const role = `pgcp_install_${randomBytes(5).toString('hex')}`;
    await fresh.pool.query(`create role ${role} login`);
    const url = new URL(fresh.url);
    url.username = role;
    // One connection: the query after the failed install runs on the very session the script ran on.
    const pool = new pg.Pool({ connectionString: url.toString(), max: 1 });
    try {
      await expect(installCore(pool)).rejects.toMatchObject({ code: '42501' });
      const { rows } = await pool.query<{ schema: string | null }>(`select to_regnamespace('pgcheckpoint')::text as schema`);
      expect(rows).toEqual([{ schema: null }]);
    } finally {
      await pool.end();
      await fresh.drop();
      await db.pool.query(`drop role ${role}`);
    }
  });

  it('refuses a script that does not say its version', () => {
    expect(() => scriptVersion('begin;\ncommit;\n')).toThrow(/does not start with/);
  });
});
