/**
 * Capture overhead benchmark: what does tracking a table cost its writers,
 * against no capture at all and against the cheapest honest capture?
 *
 *   npm run bench:capture
 *
 * In a fresh database (see bench/lib.ts) with the pg-checkpoint schema, four
 * tables of the same shape (bench/capture-variants.ts): `bare` (untracked),
 * `floor` (a lean statement-trigger capture into floor_log), `contract floor`
 * (the floor plus what the contract and the security standards require of
 * any implementation, into contract_floor_log) and `pg-checkpoint`
 * (track_table). Measured in the same run:
 *
 *   - bulk INSERT / UPDATE / DELETE of BENCH_ROWS rows, one autocommitted
 *     statement each, BENCH_ROUNDS rounds with the variants' order rotated
 *     each round, `vacuum analyze` + CHECKPOINT before every measured
 *     statement: wall time and backend CPU of the statement, median per
 *     variant and the median of the per-round ratios × bare and × floor, and
 *     for pg-checkpoint × contract floor (target: pg-checkpoint's CPU ≤ 1.15×
 *     the floor's);
 *   - single-row UPDATE throughput with pgbench (BENCH_CLIENTS clients,
 *     `-M prepared`, a random existing row), BENCH_SECONDS per phase, phases
 *     in A B C D D C B A order, once with synchronous_commit on and once
 *     off: tps and backend CPU per transaction (targets: pg-checkpoint's tps
 *     ≥ 0.95× the floor's with synchronous commit, ≥ 0.9× without); and once
 *     more off after every history lost its oldest 60% (pruneHistories), so
 *     that the captures fill the space pruning freed, as under a retention
 *     policy (informational);
 *   - history bytes per change, for the three histories: growth of the
 *     history relation (table + indexes + toast) ÷ changes recorded, over the
 *     bulk statements and over the single-row phases (target ≤ 900).
 * The targets are against the floor; the ratios against the contract floor
 * are informational. After every statement and phase the bench checks that
 * each capture wrote one history row per changed row, and nothing else.
 *
 * Environment: DATABASE_URL (admin connection; default
 * postgres://postgres@127.0.0.1:5432/postgres), BENCH_ROWS (100000),
 * BENCH_ROUNDS (3), BENCH_SECONDS (4), BENCH_CLIENTS (2), and
 * BENCH_PATCH_SQL: a file of SQL run in the bench database after the schema
 * and the bench tables are in place, to measure a variant of the capture
 * without touching migrations/.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { runPgbench, type PgbenchRun } from './capture-pgbench.ts';
import {
  BULK_OPS,
  HISTORY_VARIANTS,
  TABLE,
  analyzeAll,
  VARIANTS,
  bulkSql,
  checkGrowth,
  createVariants,
  disableAutovacuum,
  historyGrowth,
  historyMark,
  insertSql,
  pgbenchScript,
  pruneHistories,
  settle,
  type BulkOp,
  type HistoryGrowth,
  type HistoryVariant,
  type Variant,
} from './capture-variants.ts';
import {
  adminUrl,
  applySchema,
  backendCpuReader,
  connect,
  envInt,
  errorMessage,
  fmt,
  fmtInt,
  fmtRatio,
  formatMachine,
  formatTable,
  interrupted,
  machineInfo,
  maskUrl,
  median,
  now,
  rotated,
  verdict,
  withBenchDatabase,
  type BenchDatabase,
} from './lib.ts';

const ROWS = envInt('BENCH_ROWS', 100_000);
const ROUNDS = envInt('BENCH_ROUNDS', 3);
const SECONDS = envInt('BENCH_SECONDS', 4);
const CLIENTS = envInt('BENCH_CLIENTS', 2);
const PATCH_SQL = process.env.BENCH_PATCH_SQL || '';
const WARMUP_SECONDS = 1;

/** Targets of issue 12, all against the floor. */
const TARGET = {
  bulkCpu: 1.15,
  singleSyncOn: 0.95,
  singleSyncOff: 0.9,
  bytesPerChange: 900,
} as const;

type PerVariant<T> = Record<Variant, T>;
const perVariant = <T>(make: (v: Variant) => T): PerVariant<T> =>
  Object.fromEntries(VARIANTS.map((v) => [v, make(v)])) as PerVariant<T>;

/** Rows recorded and bytes grown, for the variants that keep a history. */
interface Bytes {
  rows: number;
  bytes: number;
}
const noBytes = (): Record<HistoryVariant, Bytes> =>
  Object.fromEntries(HISTORY_VARIANTS.map((v) => [v, { rows: 0, bytes: 0 }])) as Record<HistoryVariant, Bytes>;

/** Adds a statement's growth to the tally of the variant that made it. */
function tallyBytes(tally: Record<HistoryVariant, Bytes>, variant: Variant, g: HistoryGrowth): void {
  if (variant === 'bare') return;
  tally[variant].rows += g[variant].rows;
  tally[variant].bytes += g[variant].bytes;
}

// ---------------------------------------------------------------------------
// Bulk statements

interface Sample {
  ms: number;
  cpuMs: number;
}

interface BulkResult {
  op: BulkOp;
  /** Per variant, one sample per round (index = round). */
  samples: PerVariant<Sample[]>;
}

async function measureStatement(c: pg.Client, cpu: (() => number) | null, sql: string): Promise<Sample & { rows: number }> {
  const c0 = cpu?.() ?? Number.NaN;
  const t0 = now();
  const r = await c.query(sql);
  const ms = now() - t0;
  return { ms, cpuMs: (cpu?.() ?? Number.NaN) - c0, rows: r.rowCount ?? 0 };
}

async function bulkRound(c: pg.Client, cpu: (() => number) | null, round: number, results: BulkResult[], bytes: Record<HistoryVariant, Bytes>): Promise<void> {
  const order = rotated(VARIANTS, round);
  const line: string[] = [];
  await analyzeAll(c);
  for (const res of results) {
    for (const variant of order) {
      await settle(c);
      const mark = await historyMark(c);
      const s = await measureStatement(c, cpu, bulkSql(res.op, variant, ROWS));
      if (s.rows !== ROWS) throw new Error(`${res.op} on ${variant}: ${s.rows} rows, expected ${ROWS}`);
      const growth = await historyGrowth(c, mark, res.op);
      checkGrowth(`bulk ${res.op}`, variant, ROWS, growth, true);
      tallyBytes(bytes, variant, growth);
      res.samples[variant].push({ ms: s.ms, cpuMs: s.cpuMs });
    }
    const ms = (v: Variant): string => fmtInt(res.samples[v][round]?.ms ?? Number.NaN);
    line.push(`${res.op} ${VARIANTS.map(ms).join('/')} ms`);
  }
  console.log(`  round ${round + 1}/${ROUNDS} (${order.join(', ')}): ${line.join('; ')}`);
}

async function runBulk(c: pg.Client, cpu: (() => number) | null): Promise<{ results: BulkResult[]; bytes: Record<HistoryVariant, Bytes> }> {
  const results: BulkResult[] = BULK_OPS.map((op) => ({ op, samples: perVariant(() => []) }));
  const bytes = noBytes();
  for (let round = 0; round < ROUNDS; round++) await bulkRound(c, cpu, round, results, bytes);
  return { results, bytes };
}

// ---------------------------------------------------------------------------
// Single-row UPDATE throughput (pgbench)

/**
 * synchronous_commit on, off, and off again after every history lost its
 * oldest 60% (pruneHistories): the captures then fill the space pruning
 * freed, as they do in a history kept under a retention policy.
 */
type Sync = 'on' | 'off' | 'pruned';
const SYNCS: readonly Sync[] = ['on', 'off', 'pruned'];
/** Per setting: the progress line's short label and the tables' title. */
const SYNC_LABEL: Record<Sync, { short: string; title: string }> = {
  on: { short: 'on', title: 'synchronous_commit=on' },
  off: { short: 'off', title: 'synchronous_commit=off' },
  pruned: { short: 'off, pruned', title: 'synchronous_commit=off, after pruning (captures fill the freed space)' },
};

interface SinglePhase extends PgbenchRun {
  variant: Variant;
  sync: Sync;
}

interface SingleResult {
  phases: SinglePhase[];
  bytes: Record<HistoryVariant, Bytes>;
}

interface SingleContext {
  c: pg.Client;
  db: BenchDatabase;
  scripts: PerVariant<string>;
}

async function writeScripts(dir: string): Promise<PerVariant<string>> {
  const scripts = perVariant((v) => path.join(dir, `${TABLE[v]}.sql`));
  for (const v of VARIANTS) await writeFile(scripts[v], pgbenchScript(v, ROWS));
  return scripts;
}

function pgbench(ctx: SingleContext, variant: Variant, sync: Sync, seconds: number): Promise<PgbenchRun> {
  return runPgbench(ctx.c, {
    url: ctx.db.url,
    database: ctx.db.name,
    scriptPath: ctx.scripts[variant],
    clients: CLIENTS,
    seconds,
    synchronousCommit: sync === 'on',
  });
}

async function singlePhase(ctx: SingleContext, variant: Variant, sync: Sync, bytes: Record<HistoryVariant, Bytes>): Promise<SinglePhase> {
  await settle(ctx.c);
  const mark = await historyMark(ctx.c);
  const run = await pgbench(ctx, variant, sync, SECONDS);
  const growth = await historyGrowth(ctx.c, mark, 'update');
  checkGrowth('single-row update', variant, run.tx, growth, false);
  // (after pruning the histories grow into freed space: no bytes to count)
  if (sync !== 'pruned') tallyBytes(bytes, variant, growth);
  const cpu = Number.isFinite(run.cpuMsPerSecond) ? `, ${fmtInt((run.cpuMsPerSecond / run.tps) * 1000)} µs CPU/tx` : '';
  console.log(`  sync ${SYNC_LABEL[sync].short.padEnd(11)} ${variant.padEnd(14)} ${fmtInt(run.tps)} tps (${fmtInt(run.tx)} tx)${cpu}`);
  return { ...run, variant, sync };
}

async function runSingle(c: pg.Client, db: BenchDatabase): Promise<SingleResult> {
  for (const v of VARIANTS) await c.query(insertSql(TABLE[v], ROWS, true));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pgcp-bench-'));
  try {
    await analyzeAll(c);
    const ctx: SingleContext = { c, db, scripts: await writeScripts(dir) };
    // Warm-up: shared buffers, and a first run of every capture.
    for (const v of VARIANTS) await pgbench(ctx, v, 'on', WARMUP_SECONDS);
    const phases: SinglePhase[] = [];
    const bytes = noBytes();
    for (const [i, sync] of SYNCS.entries()) {
      if (sync === 'pruned') await pruneHistories(c);
      const order = rotated(VARIANTS, i);
      for (const v of [...order, ...[...order].reverse()]) phases.push(await singlePhase(ctx, v, sync, bytes));
    }
    return { phases, bytes };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function singleTotals(phases: readonly SinglePhase[], variant: Variant, sync: Sync): { tps: number; cpuUsPerTx: number } {
  const ps = phases.filter((p) => p.variant === variant && p.sync === sync);
  const tx = ps.reduce((a, p) => a + p.tx, 0);
  const seconds = ps.reduce((a, p) => a + p.seconds, 0);
  const cpuMs = ps.reduce((a, p) => a + p.cpuMsPerSecond * p.seconds, 0);
  return { tps: tx / seconds, cpuUsPerTx: (cpuMs * 1000) / tx };
}

// ---------------------------------------------------------------------------
// Report

interface Row {
  variant: string;
  value: string;
  xBare?: number;
  xFloor?: number;
  /** Informational (no target): pg-checkpoint × the contract floor. */
  xContract?: number;
  target?: string;
  met?: boolean;
}

function printGroup(title: string, rows: readonly Row[]): void {
  console.log(`\n### ${title}\n`);
  const cells = rows.map((r) => [
    r.variant,
    r.value,
    r.xBare === undefined ? '' : fmtRatio(r.xBare),
    r.xFloor === undefined ? '' : fmtRatio(r.xFloor),
    r.xContract === undefined ? '' : fmtRatio(r.xContract),
    r.target ?? '',
    r.met === undefined ? '' : verdict(r.met),
  ]);
  console.log(
    formatTable(['variant', 'value', '× bare', '× floor', '× contract floor', 'target', 'verdict'], cells, [
      'left',
      'right',
      'right',
      'right',
      'right',
      'left',
      'left',
    ]),
  );
}

/** Median over the rounds of a per-round ratio a ÷ b. */
function roundRatio(samples: PerVariant<Sample[]>, a: Variant, b: Variant, k: keyof Sample): number {
  return median(samples[a].map((s, i) => s[k] / (samples[b][i]?.[k] ?? Number.NaN)));
}

function bulkRows(r: BulkResult, k: keyof Sample, targetCpu: boolean): Row[] {
  const value = (v: Variant): string => `${fmtInt(median(r.samples[v].map((s) => s[k])))} ms`;
  const pg = roundRatio(r.samples, 'pg-checkpoint', 'floor', k);
  return [
    { variant: 'bare', value: value('bare') },
    { variant: 'floor', value: value('floor'), xBare: roundRatio(r.samples, 'floor', 'bare', k) },
    {
      variant: 'contract floor',
      value: value('contract floor'),
      xBare: roundRatio(r.samples, 'contract floor', 'bare', k),
      xFloor: roundRatio(r.samples, 'contract floor', 'floor', k),
    },
    {
      variant: 'pg-checkpoint',
      value: value('pg-checkpoint'),
      xBare: roundRatio(r.samples, 'pg-checkpoint', 'bare', k),
      xFloor: pg,
      xContract: roundRatio(r.samples, 'pg-checkpoint', 'contract floor', k),
      ...(targetCpu ? { target: `≤ ${TARGET.bulkCpu}× floor`, met: pg <= TARGET.bulkCpu } : {}),
    },
  ];
}

function printBulk(results: readonly BulkResult[], cpuKnown: boolean): void {
  for (const r of results) {
    const what = `bulk ${r.op.toUpperCase()} of ${fmtInt(ROWS)} rows`;
    printGroup(`${what}: wall time (median of ${ROUNDS})`, bulkRows(r, 'ms', !cpuKnown));
    if (cpuKnown) printGroup(`${what}: backend CPU (median of ${ROUNDS})`, bulkRows(r, 'cpuMs', true));
  }
  const k: keyof Sample = cpuKnown ? 'cpuMs' : 'ms';
  console.log(`\nRatios: median of the per-round ratios. Per round (${cpuKnown ? 'backend CPU' : 'wall time'}):\n`);
  const head = ['round', 'order', 'statement', 'contract floor × floor', 'pg-checkpoint × floor', 'pg-checkpoint × contract floor'];
  const ratio = (r: BulkResult, i: number, a: Variant, b: Variant): string =>
    fmtRatio((r.samples[a][i]?.[k] ?? Number.NaN) / (r.samples[b][i]?.[k] ?? Number.NaN));
  const cells = Array.from({ length: ROUNDS }, (_, i) =>
    results.map((r) => [
      String(i + 1),
      rotated(VARIANTS, i).join(', '),
      r.op,
      ratio(r, i, 'contract floor', 'floor'),
      ratio(r, i, 'pg-checkpoint', 'floor'),
      ratio(r, i, 'pg-checkpoint', 'contract floor'),
    ]),
  ).flat();
  console.log(formatTable(head, cells, ['right', 'left', 'left', 'right', 'right', 'right']));
}

function printSingle(phases: readonly SinglePhase[], cpuKnown: boolean): void {
  for (const sync of SYNCS) {
    const t = perVariant((v) => singleTotals(phases, v, sync));
    // (after pruning: informational, no target)
    const target = sync === 'on' ? TARGET.singleSyncOn : sync === 'off' ? TARGET.singleSyncOff : null;
    const title = `single-row UPDATE, ${CLIENTS} clients, ${SYNC_LABEL[sync].title}`;
    const ratio = (v: Variant, base: Variant, k: 'tps' | 'cpuUsPerTx'): number => t[v][k] / t[base][k];
    const rows = (k: 'tps' | 'cpuUsPerTx', unit: string, withTarget: boolean): Row[] => [
      { variant: 'bare', value: `${fmtInt(t.bare[k])} ${unit}` },
      { variant: 'floor', value: `${fmtInt(t.floor[k])} ${unit}`, xBare: ratio('floor', 'bare', k) },
      {
        variant: 'contract floor',
        value: `${fmtInt(t['contract floor'][k])} ${unit}`,
        xBare: ratio('contract floor', 'bare', k),
        xFloor: ratio('contract floor', 'floor', k),
      },
      {
        variant: 'pg-checkpoint',
        value: `${fmtInt(t['pg-checkpoint'][k])} ${unit}`,
        xBare: ratio('pg-checkpoint', 'bare', k),
        xFloor: ratio('pg-checkpoint', 'floor', k),
        xContract: ratio('pg-checkpoint', 'contract floor', k),
        ...(withTarget && target !== null ? { target: `≥ ${target}× floor`, met: ratio('pg-checkpoint', 'floor', k) >= target } : {}),
      },
    ];
    printGroup(`${title}: throughput (${2 * SECONDS} s per variant)`, rows('tps', 'tps', true));
    if (cpuKnown) printGroup(`${title}: backend CPU per transaction`, rows('cpuUsPerTx', 'µs', false));
  }
}

function printBytes(bulk: Record<HistoryVariant, Bytes>, single: Record<HistoryVariant, Bytes>): void {
  const rows: Row[] = [];
  for (const [where, tally] of [
    ['bulk statements', bulk],
    ['single-row phases', single],
  ] as const) {
    const per = (v: HistoryVariant): number => tally[v].bytes / tally[v].rows;
    for (const v of HISTORY_VARIANTS) {
      const isPg = v === 'pg-checkpoint';
      rows.push({
        variant: `${v} (${where})`,
        value: `${fmtInt(per(v))} B (${fmtInt(tally[v].rows)} changes)`,
        ...(v === 'floor' ? {} : { xFloor: per(v) / per('floor') }),
        ...(isPg
          ? { xContract: per(v) / per('contract floor'), target: `≤ ${TARGET.bytesPerChange} B`, met: per(v) <= TARGET.bytesPerChange }
          : {}),
      });
    }
  }
  printGroup('history bytes per change (pg_total_relation_size growth ÷ changes recorded)', rows);
}

// ---------------------------------------------------------------------------

async function prepare(c: pg.Client, db: BenchDatabase): Promise<void> {
  const applied = await applySchema(db.url);
  console.log(
    `database ${db.name}: schema applied in ${fmtInt(applied.ms)} ms` +
      ` (${applied.committed} committed migration(s) + current.sql, ${fmtInt(applied.currentBytes)} bytes)`,
  );
  await createVariants(c);
  await disableAutovacuum(c);
  if (PATCH_SQL) {
    await c.query(await readFile(PATCH_SQL, 'utf8'));
    console.log(`applied BENCH_PATCH_SQL=${PATCH_SQL}`);
  }
}

async function main(): Promise<void> {
  const startedAt = now();
  console.log(`pg-checkpoint capture benchmark — server ${maskUrl(adminUrl())}`);
  console.log(
    `${fmtInt(ROWS)} rows, ${ROUNDS} bulk rounds; single-row: ${SECONDS} s per phase, ${2 * VARIANTS.length} phases per setting (synchronous_commit on, off, off after pruning), ${CLIENTS} clients\n`,
  );
  await withBenchDatabase(async (db) => {
    const c = await connect(db.url, 'pgcp-bench-main');
    try {
      const machine = await machineInfo(c);
      await prepare(c, db);
      const cpu = await backendCpuReader(c);

      console.log(`\nbulk statements (ms: ${VARIANTS.join('/')}):`);
      const t0 = now();
      const bulk = await runBulk(c, cpu);
      const t1 = now();
      console.log(`  (bulk statements: ${fmt((t1 - t0) / 1000, 0)} s)`);
      console.log(`\nsingle-row UPDATE with pgbench, ${CLIENTS} clients:`);
      const single = await runSingle(c, db);
      console.log(`  (single-row phases: ${fmt((now() - t1) / 1000, 0)} s)`);
      const singleCpuKnown = single.phases.every((p) => Number.isFinite(p.cpuMsPerSecond));

      console.log('\n## Results');
      printBulk(bulk.results, cpu !== null);
      printSingle(single.phases, singleCpuKnown);
      printBytes(bulk.bytes, single.bytes);
      if (!cpu) console.log('\n(backend CPU not reported: the server processes are not visible from this machine)');
      else if (!singleCpuKnown) console.log('\n(single-row backend CPU not reported: a phase too short to sample its backends)');

      console.log('\n## Machine\n');
      console.log(formatMachine(machine));
      if (PATCH_SQL) console.log(`- schema patched with ${PATCH_SQL}`);
      console.log(`\ntotal runtime ${fmt((now() - startedAt) / 1000, 0)} s`);
    } finally {
      await c.end();
    }
  });
}

main().catch((err: unknown) => {
  if (interrupted()) return; // the signal handler drops the database and exits
  console.error(`bench:capture failed: ${errorMessage(err)}`);
  process.exit(1);
});
