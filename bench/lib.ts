/**
 * Shared helpers for the benchmarks in bench/: a throw-away database on the
 * server named by DATABASE_URL, the pg-checkpoint schema applied to it,
 * timing, statistics and plain-text tables.
 *
 * Nothing here touches an existing database: every bench works in a fresh
 * `pgcp_bench_<random>` database that it drops at the end (also on error and
 * on Ctrl-C).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger, migrate } from 'graphile-migrate';
import pg from 'pg';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const migrationsFolder = path.join(repoRoot, 'migrations');

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The admin connection: DATABASE_URL, or a local superuser on 5432. */
export function adminUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_ADMIN_URL;
}

/** The same server and credentials, another database. */
export function urlForDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export { maskUrl } from '../src/db.ts';

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// ---------------------------------------------------------------------------
// Bench database lifecycle

export interface BenchDatabase {
  name: string;
  url: string;
  /** Drops the database (terminating its sessions). Safe to call twice. */
  drop(): Promise<void>;
}

const liveDatabases = new Set<BenchDatabase>();

/**
 * Creates `<prefix>_<random>` on the admin server. The caller must drop() it;
 * `withBenchDatabase` does that for you.
 */
export async function createBenchDatabase(prefix = 'pgcp_bench'): Promise<BenchDatabase> {
  const admin = adminUrl();
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withClient(admin, (c) => c.query(`create database ${quoteIdent(name)}`));
  let dropped = false;
  const db: BenchDatabase = {
    name,
    url: urlForDatabase(admin, name),
    async drop() {
      if (dropped) return;
      dropped = true;
      liveDatabases.delete(db);
      await withClient(admin, (c) => c.query(`drop database if exists ${quoteIdent(name)} with (force)`));
    },
  };
  liveDatabases.add(db);
  return db;
}

/**
 * Runs `body` against a fresh bench database and drops it afterwards, whether
 * `body` succeeds, throws, or the process gets SIGINT/SIGTERM/SIGHUP. With
 * BENCH_KEEP=1 a database whose run finished is kept (its name is printed),
 * for looking into it with psql; drop it yourself.
 */
export async function withBenchDatabase<T>(body: (db: BenchDatabase) => Promise<T>, prefix?: string): Promise<T> {
  installSignalCleanup();
  const db = await createBenchDatabase(prefix);
  let finished = false;
  try {
    const result = await body(db);
    finished = true;
    return result;
  } finally {
    if (finished && process.env.BENCH_KEEP === '1') {
      liveDatabases.delete(db);
      console.log(`bench: kept database ${db.name} (BENCH_KEEP=1)`);
    } else {
      try {
        await db.drop();
      } catch (err) {
        console.error(`bench: could not drop database ${db.name}: ${errorMessage(err)}`);
      }
    }
  }
}

let signalCleanupInstalled = false;
let received = false;

/** True once SIGINT/SIGTERM/SIGHUP arrived: errors from here on are the cleanup's doing. */
export function interrupted(): boolean {
  return received;
}

function installSignalCleanup(): void {
  if (signalCleanupInstalled) return;
  signalCleanupInstalled = true;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received) process.exit(130); // second signal: give up on cleanup
    received = true;
    console.error(`\nbench: ${signal} received, dropping bench database(s)…`);
    const drops = [...liveDatabases].map((db) =>
      db.drop().catch((err: unknown) => console.error(`bench: could not drop ${db.name}: ${errorMessage(err)}`)),
    );
    void Promise.all(drops).finally(() => process.exit(130));
  };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, onSignal);
}

/**
 * Backend CPU time: a function returning the milliseconds of CPU the server
 * process behind `client` has used so far (from /proc/<pid>/schedstat), or
 * null when that process cannot be seen from here (remote server, another
 * PID namespace). Unlike wall time it hardly moves when other work competes
 * for the machine, so it is a steadier measure of the work a statement does.
 */
export async function backendCpuReader(client: pg.Client): Promise<(() => number) | null> {
  const r = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
  const pid = r.rows[0]?.pid;
  return pid === undefined ? null : processCpuReader(pid);
}

/**
 * The same for any server process by pid (e.g. the backends of a pgbench
 * run, found in pg_stat_activity): milliseconds of CPU used so far, or null
 * when the process cannot be seen from here or is not a postgres process.
 * The reader throws once the process has exited.
 */
export function processCpuReader(pid: number): (() => number) | null {
  const read = (): number => {
    const ns = Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
    if (!Number.isFinite(ns)) throw new Error(`unexpected /proc/${pid}/schedstat`);
    return ns / 1e6;
  };
  try {
    // Same PID namespace and the process really is a postgres backend.
    if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('postgres')) return null;
    read();
    return read;
  } catch {
    return null;
  }
}

export async function connect(url: string, applicationName = 'pgcp-bench'): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: applicationName });
  // Without a listener, a connection lost between queries (e.g. terminated by
  // the cleanup's DROP DATABASE … WITH (FORCE) after Ctrl-C) would crash the
  // process before the cleanup is done; a query in flight still rejects.
  client.on('error', (err) => {
    if (!interrupted()) console.error(`bench: connection ${applicationName}: ${errorMessage(err)}`);
  });
  await client.connect();
  return client;
}

export async function withClient<T>(url: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(url);
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------
// Schema

const INCLUDE_RE = /^--!include[ \t]+(\S+)[ \t]*$/gm;

/**
 * migrations/current.sql with every `--!include X` line replaced by the
 * content of migrations/fixtures/X (recursively), i.e. what graphile-migrate
 * would run for the current migration.
 */
export async function compileCurrentMigration(folder = migrationsFolder): Promise<string> {
  const fixtures = path.join(folder, 'fixtures');
  const inline = async (sql: string, stack: readonly string[]): Promise<string> => {
    const parts: string[] = [];
    let last = 0;
    for (const m of sql.matchAll(INCLUDE_RE)) {
      const rel = m[1] ?? '';
      const file = path.resolve(fixtures, rel);
      if (!file.startsWith(fixtures + path.sep)) {
        throw new Error(`--!include ${rel}: outside of ${fixtures}`);
      }
      if (stack.includes(file)) {
        throw new Error(`--!include cycle: ${[...stack, file].map((f) => path.relative(folder, f)).join(' -> ')}`);
      }
      parts.push(sql.slice(last, m.index));
      parts.push(await inline(await readFile(file, 'utf8'), [...stack, file]));
      last = m.index + m[0].length;
    }
    parts.push(sql.slice(last));
    return parts.join('');
  };
  return inline(await readFile(path.join(folder, 'current.sql'), 'utf8'), []);
}

async function committedMigrations(folder: string): Promise<string[]> {
  const dir = path.join(folder, 'committed');
  if (!existsSync(dir)) return [];
  return (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
}

export interface SchemaReport {
  committed: number;
  currentBytes: number;
  ms: number;
}

/**
 * Brings a database to the schema of the working tree: the committed
 * graphile-migrate migrations (through graphile-migrate itself, when there are
 * any), then the compiled current.sql in one transaction.
 */
export async function applySchema(url: string, folder = migrationsFolder): Promise<SchemaReport> {
  const start = now();
  const committed = await committedMigrations(folder);
  if (committed.length > 0) {
    await migrate({
      connectionString: url,
      migrationsFolder: folder,
      manageGraphileMigrateSchema: true,
      logger: new Logger(() => () => {}),
    });
  }
  const current = await compileCurrentMigration(folder);
  if (current.trim() !== '') {
    await withClient(url, async (c) => {
      // Mute NOTICEs (e.g. "extension already exists") from the schema.
      await c.query(`set client_min_messages = warning`);
      await c.query(`begin;\n${current}\n;commit;`);
    });
  }
  return { committed: committed.length, currentBytes: Buffer.byteLength(current), ms: now() - start };
}

// ---------------------------------------------------------------------------
// Timing and statistics

/** Monotonic milliseconds. */
export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export async function timed<T>(body: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = now();
  const value = await body();
  return { ms: now() - start, value };
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * The order of `items` for round `round`: rotated by one each round, and
 * reversed in every other cycle, so that n items go through 2n orders (all
 * six for three items) and none is always first or always after the same one.
 */
export function rotated<T>(items: readonly T[], round: number): T[] {
  const n = items.length;
  if (n === 0) return [];
  const shift = round % n;
  const order = [...items.slice(shift), ...items.slice(0, shift)];
  return Math.floor(round / n) % 2 === 1 ? order.reverse() : order;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '-';
}

export function fmtInt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-';
}

/** A ratio as printed in the tables: `1.23×`. */
export function fmtRatio(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(2)}×` : '-';
}

/** MET / MISSED, from the measured figure. */
export function verdict(met: boolean): string {
  return met ? 'MET' : 'MISSED';
}

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

// ---------------------------------------------------------------------------
// Output

export type Align = 'left' | 'right';

/** A Markdown table (pipe-aligned, so it reads well in a terminal too). */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[], align?: readonly Align[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length), 3));
  const cell = (s: string, i: number): string =>
    (align?.[i] ?? 'left') === 'right' ? s.padStart(widths[i] ?? 0) : s.padEnd(widths[i] ?? 0);
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => cell(c, i)).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => ((align?.[i] ?? 'left') === 'right' ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`;
  return [line(headers), rule, ...rows.map((r) => line(headers.map((_, i) => r[i] ?? '')))].join('\n');
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  ramGiB: number;
  postgres: string;
  node: string;
  date: string;
  settings: Record<string, string>;
}

const REPORTED_SETTINGS = ['shared_buffers', 'work_mem', 'synchronous_commit', 'fsync', 'wal_level', 'max_wal_size'];

export async function machineInfo(client: pg.Client): Promise<MachineInfo> {
  const version = await client.query<{ v: string }>(`select current_setting('server_version') as v`);
  const settings = await client.query<{ name: string; value: string }>(
    `select name, current_setting(name) as value from pg_settings where name = any ($1::text[]) order by name`,
    [REPORTED_SETTINGS],
  );
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    ramGiB: os.totalmem() / 2 ** 30,
    postgres: version.rows[0]?.v ?? 'unknown',
    node: process.version,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    settings: Object.fromEntries(settings.rows.map((r) => [r.name, r.value])),
  };
}

export function formatMachine(m: MachineInfo): string {
  const settings = Object.entries(m.settings)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return [
    `- date: ${m.date}`,
    `- CPU: ${m.cpus} × ${m.cpuModel} (nproc ${m.cpus}), RAM ${fmt(m.ramGiB, 1)} GiB`,
    `- PostgreSQL ${m.postgres} (${settings})`,
    `- Node ${m.node}`,
  ].join('\n');
}
