/**
 * One pgbench run for bench:capture, with the backend CPU of its sessions.
 *
 * pgbench runs a custom script with `-M prepared` for a fixed time. While it
 * runs, its server backends (pg_stat_activity: this database, application
 * name `pgbench`) are sampled from /proc/<pid>/schedstat every 50 ms. The CPU
 * rate (CPU ms per wall ms, summed over the backends) is taken between the
 * first sample after all of them appeared and the last one before the run's
 * end, so that neither connecting nor disconnecting is counted; CPU per
 * transaction is that rate divided by pgbench's tps (which leaves out the
 * connection time too).
 */
import { spawn } from 'node:child_process';
import type pg from 'pg';
import { now, processCpuReader, sleep } from './lib.ts';

export interface PgbenchOptions {
  url: string;
  database: string;
  scriptPath: string;
  clients: number;
  seconds: number;
  synchronousCommit: boolean;
}

export interface PgbenchRun {
  tx: number;
  tps: number;
  /** Seconds of benchmark time, connections left out: tx ÷ tps. */
  seconds: number;
  /** Backend CPU ms per wall second over the clients, NaN when not measurable. */
  cpuMsPerSecond: number;
}

const SAMPLE_MS = 50;
/** Samples this close to the start or the end of the run are not used. */
const EDGE_MS = 300;

function pgbenchEnv(synchronousCommit: boolean): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.PGAPPNAME; // the backends are found by pgbench's own application name
  env.PGOPTIONS = `${env.PGOPTIONS ?? ''} -c synchronous_commit=${synchronousCommit ? 'on' : 'off'}`.trim();
  return env;
}

function parseOutput(out: string): { tx: number; tps: number; failed: number } {
  const num = (re: RegExp): number => Number(re.exec(out)?.[1] ?? Number.NaN);
  return {
    tx: num(/number of transactions actually processed: (\d+)/),
    failed: num(/number of failed transactions: (\d+)/),
    tps: num(/tps = ([\d.]+) \(without initial connection time\)/),
  };
}

async function pgbenchPids(monitor: pg.Client, database: string): Promise<number[]> {
  const { rows } = await monitor.query<{ pid: number }>(
    `select pid from pg_stat_activity
     where datname = $1 and application_name = 'pgbench' and backend_type = 'client backend'`,
    [database],
  );
  return rows.map((r) => r.pid);
}

interface CpuSample {
  t: number;
  cpuMs: number;
}

/**
 * Samples the summed CPU of the run's backends until they are gone (or the
 * run ends), and returns the CPU rate over the usable window, or NaN.
 */
async function sampleCpu(monitor: pg.Client, opts: PgbenchOptions, startedAt: number, done: () => boolean): Promise<number> {
  let pids: number[] = [];
  while (!done() && pids.length < opts.clients && now() - startedAt < 10_000) {
    pids = await pgbenchPids(monitor, opts.database);
    if (pids.length < opts.clients) await sleep(10);
  }
  const readers = pids.map(processCpuReader);
  if (pids.length !== opts.clients || readers.some((r) => r === null)) return Number.NaN;
  const from = now() + EDGE_MS;
  const until = startedAt + opts.seconds * 1000 - EDGE_MS;
  const samples: CpuSample[] = [];
  while (!done() && now() < until) {
    await sleep(SAMPLE_MS);
    const t = now();
    if (t < from || t > until) continue;
    try {
      samples.push({ t, cpuMs: readers.reduce((sum, read) => sum + (read as () => number)(), 0) });
    } catch {
      break; // a backend is gone: the run is over
    }
  }
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last || last.t - first.t < (opts.seconds * 1000) / 2) return Number.NaN;
  return ((last.cpuMs - first.cpuMs) / (last.t - first.t)) * 1000;
}

export async function runPgbench(monitor: pg.Client, opts: PgbenchOptions): Promise<PgbenchRun> {
  const args = ['-n', '-M', 'prepared', '-c', String(opts.clients), '-j', String(opts.clients), '-T', String(opts.seconds)];
  const startedAt = now();
  const child = spawn('pgbench', [...args, '-f', opts.scriptPath, opts.url], {
    env: pgbenchEnv(opts.synchronousCommit),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  let exited = false;
  const exit = new Promise<number | null>((resolve, reject) => {
    child.on('error', (e) => {
      exited = true;
      reject(e);
    });
    child.on('close', (code) => {
      exited = true;
      resolve(code);
    });
  });
  exit.catch(() => {}); // awaited below; not unhandled if sampling throws first
  try {
    const cpuMsPerSecond = await sampleCpu(monitor, opts, startedAt, () => exited);
    const code = await exit;
    const parsed = parseOutput(out);
    if (code !== 0 || !Number.isFinite(parsed.tx) || !Number.isFinite(parsed.tps) || parsed.failed > 0) {
      throw new Error(`pgbench failed (exit ${code}): ${err.trim() || out.trim()}`);
    }
    return { tx: parsed.tx, tps: parsed.tps, seconds: parsed.tx / parsed.tps, cpuMsPerSecond };
  } finally {
    if (!exited) child.kill('SIGTERM');
  }
}
