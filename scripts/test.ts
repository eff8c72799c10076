/**
 * `npm test`: pick a PostgreSQL server, create a fresh database, migrate it,
 * run the pgTAP suite (pg_prove test/sql/*.sql) and the vitest suite, drop
 * the database, print one summary line per suite. Extra arguments go to vitest.
 *
 * Server, first that applies:
 *   1. DATABASE_URL
 *   2. PG* variables (PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE) when PGHOST or PGPORT is set
 *   3. 127.0.0.1:5432 as user postgres or the OS user, database postgres or test
 *   4. the embedded PostgreSQL of `npm start` while it runs (.pgdata/, its port
 *      from postmaster.pid), left running
 *   5. an embedded PostgreSQL in .pgdata-test/ on port 54330, removed afterwards
 *      (forced with PGCHECKPOINT_TEST_EMBEDDED=1); when one is already running
 *      there, that one (its port from postmaster.pid), left running
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  EMBEDDED_PASSWORD,
  EMBEDDED_USER,
  embeddedDataDir,
  maskUrl,
  repoRoot,
  runningEmbeddedServer,
  startEmbeddedPostgres,
} from '../src/db.ts';
import { runMigrations } from '../src/migrate.ts';
import { handleSignals } from '../src/signals.ts';

interface Conn {
  host: string;
  port: number;
  user: string;
  password?: string;
}

interface Server extends Conn {
  label: string;
  adminDatabase: string;
  stop(): Promise<void>;
  forceStop(): void;
}

interface SuiteResult {
  name: string;
  ok: boolean;
  detail: string;
}

const EMBEDDED_TEST_PORT = 54330;
/** Names this run's databases: ours, and the vitest helpers' `pgcp_t_<run>_…`. */
const runId = randomBytes(4).toString('hex');
const sqlTestDir = path.join(repoRoot, 'test', 'sql');

function urlFor(conn: Conn, database: string): string {
  const auth = encodeURIComponent(conn.user) + (conn.password ? `:${encodeURIComponent(conn.password)}` : '');
  const db = encodeURIComponent(database);
  if (conn.host.startsWith('/')) {
    return `postgres://${auth}@localhost:${conn.port}/${db}?host=${encodeURIComponent(conn.host)}`;
  }
  const host = conn.host.includes(':') ? `[${conn.host}]` : conn.host;
  return `postgres://${auth}@${host}:${conn.port}/${db}`;
}

const noop = async (): Promise<void> => {};

function serverFromUrl(raw: string): Server {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`DATABASE_URL is not a valid URL: ${maskUrl(raw)}`);
  }
  const password = url.password ? decodeURIComponent(url.password) : process.env.PGPASSWORD;
  return {
    label: `DATABASE_URL ${maskUrl(raw)}`,
    host: url.searchParams.get('host') ?? (url.hostname.replace(/^\[|\]$/g, '') || 'localhost'),
    port: url.port ? Number(url.port) : 5432,
    user: url.username ? decodeURIComponent(url.username) : (process.env.PGUSER ?? userInfo().username),
    ...(password ? { password } : {}),
    adminDatabase: decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres',
    stop: noop,
    forceStop: () => {},
  };
}

function serverFromPgEnv(): Server {
  const env = process.env;
  const conn: Conn = {
    host: env.PGHOST ?? 'localhost',
    port: env.PGPORT ? Number(env.PGPORT) : 5432,
    user: env.PGUSER ?? userInfo().username,
    ...(env.PGPASSWORD ? { password: env.PGPASSWORD } : {}),
  };
  return {
    ...conn,
    label: `PG* environment (${conn.user}@${conn.host}:${conn.port})`,
    adminDatabase: env.PGDATABASE ?? 'postgres',
    stop: noop,
    forceStop: () => {},
  };
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function probeLocal(): Promise<Server | undefined> {
  const users = [...new Set(['postgres', userInfo().username])];
  for (const user of users) {
    for (const adminDatabase of ['postgres', 'test']) {
      const conn: Conn = { host: '127.0.0.1', port: 5432, user };
      if (await canConnect(urlFor(conn, adminDatabase))) {
        return { ...conn, label: `local PostgreSQL ${user}@127.0.0.1:5432`, adminDatabase, stop: noop, forceStop: () => {} };
      }
    }
  }
  return undefined;
}

/** The embedded server running on dataDir (its port from postmaster.pid), used as it is and left running. */
async function runningEmbedded(dataDir: string): Promise<Server | undefined> {
  const running = await runningEmbeddedServer(dataDir);
  if (running === undefined) return undefined;
  return {
    label: `the running embedded PostgreSQL 127.0.0.1:${running.port} (pid ${running.pid}, ${dataDir}, left running)`,
    host: '127.0.0.1',
    port: running.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    adminDatabase: 'postgres',
    stop: noop,
    forceStop: () => {},
  };
}

async function startEmbeddedTestServer(): Promise<Server> {
  const dataDir = path.join(repoRoot, '.pgdata-test');
  // One already running there (another `npm test`, or one whose run was
  // killed): use it rather than remove its data from under it.
  const running = await runningEmbedded(dataDir);
  if (running !== undefined) return running;
  await rm(dataDir, { recursive: true, force: true });
  const server = await startEmbeddedPostgres({ dataDir, port: EMBEDDED_TEST_PORT });
  return {
    label: `embedded PostgreSQL 127.0.0.1:${EMBEDDED_TEST_PORT} (${dataDir}, removed afterwards)`,
    host: '127.0.0.1',
    port: EMBEDDED_TEST_PORT,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    adminDatabase: 'postgres',
    stop: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
    forceStop: server.forceStop,
  };
}

async function pickServer(): Promise<Server> {
  if (process.env.PGCHECKPOINT_TEST_EMBEDDED === '1') return startEmbeddedTestServer();
  if (process.env.DATABASE_URL) return serverFromUrl(process.env.DATABASE_URL);
  if (process.env.PGHOST || process.env.PGPORT) return serverFromPgEnv();
  return (await probeLocal()) ?? (await runningEmbedded(embeddedDataDir())) ?? startEmbeddedTestServer();
}

async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(
  server: Server,
  sql: string,
): Promise<pg.QueryResult<R>> {
  const client = new pg.Client({ connectionString: urlFor(server, server.adminDatabase) });
  client.on('error', () => {});
  await client.connect();
  try {
    return await client.query<R>(sql);
  } finally {
    await client.end();
  }
}

async function dbQuery(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, command)));
}

let child: ChildProcess | undefined;

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    child = spawn(command, args, { cwd: repoRoot, env, stdio: 'inherit' });
    child.on('error', (err) => {
      console.error(`test: could not run ${command}: ${err.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => {
      child = undefined;
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/** Drops the fresh database and any vitest database of this run left by an interrupted suite. */
async function dropRunDatabases(server: Server, database: string | undefined): Promise<void> {
  try {
    const left = await adminQuery<{ datname: string }>(
      server,
      `select datname from pg_database where datname like 'pgcp\\_t\\_${runId}\\_%'`,
    );
    const names = [...(database ? [database] : []), ...left.rows.map((r) => r.datname)];
    for (const name of names) {
      await adminQuery(server, `drop database if exists "${name}" with (force)`);
    }
  } catch (err) {
    console.error(`test: could not drop the test databases: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Runs the suites into `results`; returns an exit code when it stops early. */
async function runSuites(
  results: SuiteResult[],
  setServer: (server: Server) => void,
  setDatabase: (database: string) => void,
): Promise<number | undefined> {
  const server = await pickServer();
  setServer(server);
  console.log(`test: using ${server.label}`);
  const database = `pgcp_test_${runId}`;
  await adminQuery(server, `create database "${database}"`);
  setDatabase(database);
  const databaseUrl = urlFor(server, database);
  console.log(`test: created database ${database}`);

  try {
    await runMigrations(databaseUrl);
  } catch (err) {
    console.error(`test: migrations failed in ${database}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }

  const pgtap = await dbQuery(databaseUrl, `select 1 from pg_available_extensions where name = 'pgtap'`);
  if (pgtap.rowCount === 0) {
    console.error(
      'pgTAP is not installed in this PostgreSQL: apt-get install postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl (or use docker compose up db)',
    );
    return 1;
  }
  await dbQuery(databaseUrl, 'create extension if not exists pgtap');
  // test/sql/schema_plpgsql_check_clean.sql needs it: say so now rather than
  // as one failing file among many.
  const plpgsqlCheck = await dbQuery(databaseUrl, `select 1 from pg_available_extensions where name = 'plpgsql_check'`);
  if (plpgsqlCheck.rowCount === 0) {
    console.error('plpgsql_check is not installed in this PostgreSQL: apt-get install postgresql-15-plpgsql-check');
    return 1;
  }

  // pgTAP suite
  const sqlFiles = existsSync(sqlTestDir) ? (await readdir(sqlTestDir)).filter((f) => f.endsWith('.sql')).sort() : [];
  if (sqlFiles.length === 0) {
    console.error('test: FAIL: no pgTAP tests: test/sql/*.sql matches no file (add at least one test file)');
    results.push({ name: 'pgTAP (pg_prove)', ok: false, detail: 'no test files in test/sql' });
  } else {
    if (!onPath('pg_prove')) {
      console.error('pg_prove is not installed: apt-get install libtap-parser-sourcehandler-pgtap-perl postgresql-15-pgtap');
      return 1;
    }
    const args = ['-d', database, '-h', server.host, '-p', String(server.port), '-U', server.user];
    const env = { ...process.env, ...(server.password ? { PGPASSWORD: server.password } : {}) };
    const code = await run('pg_prove', [...args, ...sqlFiles.map((f) => path.join('test', 'sql', f))], env);
    results.push({
      name: 'pgTAP (pg_prove)',
      ok: code === 0,
      detail: code === 0 ? `${sqlFiles.length} files` : `exit code ${code}`,
    });
  }

  // vitest suite
  const vitestEnv = {
    ...process.env,
    TEST_ADMIN_URL: urlFor(server, server.adminDatabase),
    TEST_DATABASE_URL: databaseUrl,
    TEST_RUN_ID: runId,
  };
  const code = await run('npx', ['--no-install', 'vitest', 'run', ...process.argv.slice(2)], vitestEnv);
  results.push({ name: 'vitest', ok: code === 0, detail: code === 0 ? 'passed' : `exit code ${code}` });
  return undefined;
}

async function main(): Promise<number> {
  let server: Server | undefined;
  let database: string | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = (): Promise<void> => {
    cleaning ??= (async () => {
      if (server) await dropRunDatabases(server, database);
      await server?.stop();
    })();
    return cleaning;
  };
  handleSignals({
    shutdown: async () => {
      child?.kill('SIGINT');
      await cleanup();
      return 130;
    },
    force: () => {
      child?.kill('SIGKILL');
      server?.forceStop();
    },
    timeoutMs: 30_000,
  });

  const results: SuiteResult[] = [];
  // Set when the run stops before the suites (missing tooling, failed
  // migration): its one-line message is all that is printed.
  let early: number | undefined;
  try {
    early = await runSuites(results, (s) => (server = s), (d) => (database = d));
  } catch (err) {
    console.error(`test: ${err instanceof Error ? err.message : String(err)}`);
    results.push({ name: 'setup', ok: false, detail: 'error, see above' });
  } finally {
    await cleanup();
  }
  if (early !== undefined) return early;

  const width = Math.max(...results.map((r) => r.name.length));
  console.log('\ntest summary:');
  for (const r of results) console.log(`  ${r.name.padEnd(width)}  ${r.ok ? 'PASSED' : 'FAILED'} (${r.detail})`);
  const failed = results.filter((r) => !r.ok).length;
  console.log(`suites: ${results.length - failed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`test: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
