/**
 * CLI start-up: how long a `pg-checkpoint` command takes from spawn to exit.
 *
 *   npm run bench:cli-startup
 *
 * Builds dist/ (npm run build), then runs each command BENCH_RUNS times (10)
 * as a fresh process, three ways:
 *   - dist:  node dist/cli/main.js …  (what the installed package's bin runs, on plain node)
 *   - tsx:   node --import tsx src/cli/main.ts …  (what a checkout ran before the package was
 *            built), with tsx's on-disk cache of compiled files warm, and with it off
 *            (TSX_DISABLE_CACHE=1: a first run, every module compiled)
 * Commands: --help, --version, and one database command (`history` of an
 * note without history, in a fresh database where the core is installed and
 * a table tracked),
 * in rotated order each round. Reported: the median and the slowest run, in
 * wall-clock milliseconds (this includes node's own start, about 40 ms).
 *
 * Environment: DATABASE_URL (admin connection; default
 * postgres://postgres@127.0.0.1:5432/postgres), BENCH_RUNS.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { installCore } from '../src/lib/install.ts';
import { envInt, fmt, formatTable, median, now, repoRoot, rotated, withBenchDatabase } from './lib.ts';

const runs = envInt('BENCH_RUNS', 10);

interface Variant {
  name: string;
  entry: string[];
  env?: Record<string, string>;
}

const source = ['--import', 'tsx', path.join(repoRoot, 'src', 'cli', 'main.ts')];
const variants: Variant[] = [
  { name: 'dist (node)', entry: [path.join(repoRoot, 'dist', 'cli', 'main.js')] },
  { name: 'tsx, cache warm', entry: source },
  // What a first run sees (a fresh checkout, CI, a changed file): every module compiled.
  { name: 'tsx, no cache', entry: source, env: { TSX_DISABLE_CACHE: '1' } },
];

/** Runs a command to its end; its wall time in ms. Fails on a non-zero exit. */
function timeRun(args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = now();
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = now() - start;
      if (code === 0) resolve(ms);
      else reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr.trim()}`));
    });
  });
}

function build(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run build exited ${code}`))));
  });
}

async function main(): Promise<void> {
  console.log('cli-startup: building dist/ …');
  await build();
  await withBenchDatabase(async (db) => {
    const pool = new pg.Pool({ connectionString: db.url });
    try {
      await installCore(pool);
      await pool.query('create table notes (id uuid primary key, body text)');
      await pool.query(`select track_table('notes', 'note')`);
    } finally {
      await pool.end();
    }
    const commands: Array<{ name: string; args: string[] }> = [
      { name: '--help', args: ['--help'] },
      { name: '--version', args: ['--version'] },
      {
        name: 'history (database)',
        args: ['--database-url', db.url, 'history', 'note', '00000000-0000-4000-8000-000000000001'],
      },
    ];
    const cases = variants.flatMap((variant) => commands.map((command) => ({ variant, command })));
    const times = new Map(cases.map((c) => [c, [] as number[]]));
    // One warm-up run of each (file system cache), not counted.
    for (const c of cases) await timeRun([...c.variant.entry, ...c.command.args], c.variant.env);
    for (let round = 0; round < runs; round++) {
      for (const c of rotated(cases, round)) {
        times.get(c)?.push(await timeRun([...c.variant.entry, ...c.command.args], c.variant.env));
      }
    }
    const rows = commands.map((command) => {
      const cell = (variant: Variant): string[] => {
        const found = cases.find((c) => c.variant === variant && c.command === command);
        const xs = (found && times.get(found)) ?? [];
        return [fmt(median(xs), 0), fmt(Math.max(...xs), 0)];
      };
      return [command.name, ...variants.flatMap(cell)];
    });
    const headers = ['command', ...variants.flatMap((v) => [`${v.name} median ms`, 'max'])];
    console.log(`\nCLI start-up, spawn to exit, ${runs} runs each (node ${process.version}):\n`);
    console.log(formatTable(headers, rows, ['left', ...variants.flatMap(() => ['right', 'right'] as const)]));
  }, 'pgcp_bench_cli');
}

await main();
