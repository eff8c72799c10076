/**
 * Capture overhead benchmark: what does tracking a table cost its writers?
 *
 *   npm run bench:capture
 *
 * In a fresh database (see bench/lib.ts) with the pg-checkpoint schema, two
 * identical tables: bench_tracked (track_table'd as entity type bench_item)
 * and bench_plain (untracked). Measured in the same run:
 *
 *   - bulk INSERT / UPDATE / DELETE of BENCH_ROWS rows (one statement each,
 *     autocommit), BENCH_ROUNDS rounds with the table order alternating,
 *     vacuum + CHECKPOINT before every measured statement; reported as the
 *     median time per table and the median of the per-round ratios
 *     tracked ÷ untracked (lower is better; target ≤ 2.5×);
 *   - single-row UPDATE throughput with BENCH_CLIENTS concurrent clients
 *     (autocommit, random existing id, prepared statement), BENCH_SECONDS per
 *     table split into two phases in A-B-B-A order; reported as tx/s per
 *     table and the ratio tracked ÷ untracked (higher is better; target ≥ 0.9×).
 *
 * When the server runs on this machine, the backend CPU time of the same runs
 * is reported too (a steadier number on a busy machine than wall time).
 *
 * Environment: DATABASE_URL (admin connection; default
 * postgres://postgres@127.0.0.1:5432/postgres), BENCH_ROWS (100000),
 * BENCH_ROUNDS (3), BENCH_SECONDS (10), BENCH_CLIENTS (2), and
 * BENCH_PATCH_SQL: a file of SQL run in the bench database after the schema
 * and the bench tables are in place, to measure a variant of the capture
 * (e.g. a `create or replace function _capture()`) without touching
 * migrations/.
 */
import { readFile } from 'node:fs/promises';
import type pg from 'pg';
import {
  adminUrl,
  applySchema,
  backendCpuReader,
  connect,
  envInt,
  errorMessage,
  fmt,
  fmtInt,
  formatMachine,
  formatTable,
  interrupted,
  machineInfo,
  maskUrl,
  median,
  now,
  withBenchDatabase,
  type BenchDatabase,
} from './lib.ts';

const ROWS = envInt('BENCH_ROWS', 100_000);
const ROUNDS = envInt('BENCH_ROUNDS', 3);
const SECONDS = envInt('BENCH_SECONDS', 10);
const CLIENTS = envInt('BENCH_CLIENTS', 2);
const PATCH_SQL = process.env.BENCH_PATCH_SQL || '';

const TRACKED = 'bench_tracked';
const PLAIN = 'bench_plain';
const ENTITY_TYPE = 'bench_item';
type Table = typeof TRACKED | typeof PLAIN;
const label = (t: Table): string => (t === TRACKED ? 'tracked' : 'untracked');

const TARGET_BULK = 2.5;
const TARGET_SINGLE = 0.9;

/** Published figures of two comparable Postgres audit/rollback tools (same ratios). */
const REFERENCE = {
  insert: { emaj: 4.9, supa: 19 },
  update: { emaj: 3.2, supa: 8 },
  delete: { emaj: 13, supa: 64 },
  single: { emaj: 0.79, supa: 0.43 },
} as const;

const BULK_OPS = ['insert', 'update', 'delete'] as const;
type BulkOp = (typeof BULK_OPS)[number];

const SCHEMA = `
create table ${PLAIN} (
  id         uuid primary key default gen_random_uuid(),
  title      text not null,
  counter    integer not null default 0,
  status     text not null default 'pending'
             check (status in ('pending', 'running', 'done', 'failed')),
  meta       jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create table ${TRACKED} (like ${PLAIN} including all);
select track_table('${TRACKED}', '${ENTITY_TYPE}');
-- The bench vacuums explicitly between measurements; autovacuum kicking in
-- in the middle of one would only add noise.
alter table ${PLAIN} set (autovacuum_enabled = false);
alter table ${TRACKED} set (autovacuum_enabled = false);
alter table checkpoints set (autovacuum_enabled = false);
`;

function bulkSql(op: BulkOp, table: Table): string {
  switch (op) {
    case 'insert':
      return `insert into ${table} (title, counter, status, meta)
              select 'item ' || g || ' ' || md5(g::text), g % 1000,
                     (array['pending', 'running', 'done', 'failed'])[1 + g % 4],
                     jsonb_build_object('source', 'bench', 'n', g, 'score', round((g % 97) / 7.0, 2),
                                        'tags', jsonb_build_array('alpha', 'beta'))
              from generate_series(1, ${ROWS}) g`;
    case 'update':
      return `update ${table} set counter = counter + 1, updated_at = now()`;
    case 'delete':
      return `delete from ${table}`;
  }
}

async function scalar(c: pg.Client, sql: string, values: unknown[] = []): Promise<number> {
  const r = await c.query<{ n: string }>(sql, values);
  return Number(r.rows[0]?.n ?? Number.NaN);
}

const lastSeq = (c: pg.Client): Promise<number> => scalar(c, 'select coalesce(max(seq), 0) as n from checkpoints');
const capturedSince = (c: pg.Client, seq: number): Promise<number> =>
  scalar(c, 'select count(*) as n from checkpoints where seq > $1', [seq]);

/** Cleans up what the previous statement left and flushes it to disk. */
async function settle(c: pg.Client): Promise<void> {
  await c.query(`vacuum analyze ${PLAIN}, ${TRACKED}, checkpoints`);
  await c.query('checkpoint');
}

interface Sample {
  ms: number;
  cpuMs: number;
}

interface BulkResult {
  op: BulkOp;
  plain: Sample[];
  tracked: Sample[];
  /** Per round, tracked ÷ untracked wall time. */
  ratios: number[];
  cpuRatios: number[];
}

async function runBulk(c: pg.Client, cpu: (() => number) | null): Promise<BulkResult[]> {
  const results: BulkResult[] = BULK_OPS.map((op) => ({ op, plain: [], tracked: [], ratios: [], cpuRatios: [] }));
  for (let round = 0; round < ROUNDS; round++) {
    const order: Table[] = round % 2 === 0 ? [TRACKED, PLAIN] : [PLAIN, TRACKED];
    const line: string[] = [];
    for (const res of results) {
      const sample: Partial<Record<Table, Sample>> = {};
      for (const table of order) {
        await settle(c);
        const seq = await lastSeq(c);
        const c0 = cpu?.() ?? Number.NaN;
        const t0 = now();
        const r = await c.query(bulkSql(res.op, table));
        sample[table] = { ms: now() - t0, cpuMs: (cpu?.() ?? Number.NaN) - c0 };
        if (r.rowCount !== ROWS) throw new Error(`${res.op} on ${table}: ${r.rowCount} rows, expected ${ROWS}`);
        const captured = await capturedSince(c, seq);
        const expected = table === TRACKED ? ROWS : 0;
        if (captured !== expected) throw new Error(`${res.op} on ${table}: ${captured} checkpoints, expected ${expected}`);
      }
      const p = sample[PLAIN] as Sample;
      const t = sample[TRACKED] as Sample;
      res.plain.push(p);
      res.tracked.push(t);
      res.ratios.push(t.ms / p.ms);
      res.cpuRatios.push(t.cpuMs / p.cpuMs);
      line.push(`${res.op} ${fmtInt(p.ms)}/${fmtInt(t.ms)} ms ${fmt(t.ms / p.ms, 2)}×`);
    }
    console.log(`  round ${round + 1}/${ROUNDS} (${label(order[0] as Table)} first): ${line.join(', ')}`);
  }
  return results;
}

interface Phase {
  table: Table;
  tx: number;
  seconds: number;
  cpuMs: number;
}

interface SingleResult {
  phases: Phase[];
  tps(table: Table): number;
  cpuPerTxUs(table: Table): number;
}

async function loadIds(c: pg.Client, table: Table): Promise<string[]> {
  const r = await c.query<{ id: string }>(`select id::text as id from ${table}`);
  return r.rows.map((row) => row.id);
}

interface Worker {
  client: pg.Client;
  cpu: (() => number) | null;
}

/** Every worker updates random rows of `table`, one autocommit statement at a time, for `durationMs`. */
async function hammer(workers: readonly Worker[], table: Table, ids: readonly string[], durationMs: number): Promise<Omit<Phase, 'table'>> {
  const text = `update ${table} set counter = counter + 1, updated_at = now() where id = $1`;
  const cpu0 = workers.map((w) => w.cpu?.() ?? Number.NaN);
  const start = now();
  const deadline = start + durationMs;
  const perWorker = await Promise.all(
    workers.map(async ({ client }) => {
      let n = 0;
      while (now() < deadline) {
        const id = ids[Math.floor(Math.random() * ids.length)] as string;
        const r = await client.query({ name: `upd_${table}`, text, values: [id] });
        if (r.rowCount !== 1) throw new Error(`single-row update on ${table}: ${r.rowCount} rows`);
        n++;
      }
      return n;
    }),
  );
  const seconds = (now() - start) / 1000;
  const cpuMs = workers.reduce((sum, w, i) => sum + ((w.cpu?.() ?? Number.NaN) - (cpu0[i] as number)), 0);
  return { tx: perWorker.reduce((a, b) => a + b, 0), seconds, cpuMs };
}

async function runSingle(c: pg.Client, db: BenchDatabase): Promise<SingleResult> {
  await c.query(bulkSql('insert', PLAIN));
  await c.query(bulkSql('insert', TRACKED));
  const ids: Record<Table, string[]> = { [PLAIN]: await loadIds(c, PLAIN), [TRACKED]: await loadIds(c, TRACKED) };
  const workers: Worker[] = [];
  try {
    for (let i = 0; i < CLIENTS; i++) {
      const client = await connect(db.url, `pgcp-bench-client-${i}`);
      workers.push({ client, cpu: await backendCpuReader(client) });
    }
    // Warm-up: prepared statements, PL/pgSQL compilation, caches.
    for (const table of [TRACKED, PLAIN] as const) await hammer(workers, table, ids[table], 1000);
    const phases: Phase[] = [];
    let tracked = 0;
    const seq = await lastSeq(c);
    for (const table of [TRACKED, PLAIN, PLAIN, TRACKED] as const) {
      await settle(c);
      const phase = { table, ...(await hammer(workers, table, ids[table], (SECONDS * 1000) / 2)) };
      phases.push(phase);
      if (table === TRACKED) tracked += phase.tx;
      console.log(`  ${label(table).padEnd(9)} ${fmtInt(phase.tx / phase.seconds)} tx/s (${fmtInt(phase.tx)} tx in ${fmt(phase.seconds, 1)} s)`);
    }
    const captured = await capturedSince(c, seq);
    if (captured !== tracked) throw new Error(`single-row phase: ${captured} checkpoints for ${tracked} tracked updates`);
    const of = (table: Table): Phase[] => phases.filter((p) => p.table === table);
    const sum = (ps: Phase[], k: 'tx' | 'seconds' | 'cpuMs'): number => ps.reduce((a, p) => a + p[k], 0);
    return {
      phases,
      tps: (table) => sum(of(table), 'tx') / sum(of(table), 'seconds'),
      cpuPerTxUs: (table) => (sum(of(table), 'cpuMs') * 1000) / sum(of(table), 'tx'),
    };
  } finally {
    await Promise.all(workers.map((w) => w.client.end()));
  }
}

const verdict = (ok: boolean): string => (ok ? 'ok' : 'MISSED');

async function main(): Promise<void> {
  const startedAt = now();
  console.log(`pg-checkpoint capture benchmark — server ${maskUrl(adminUrl())}`);
  console.log(`${fmtInt(ROWS)} rows, ${ROUNDS} bulk rounds, single-row ${SECONDS} s per table with ${CLIENTS} clients\n`);

  await withBenchDatabase(async (db) => {
    const c = await connect(db.url, 'pgcp-bench-main');
    try {
      const machine = await machineInfo(c);
      const applied = await applySchema(db.url);
      console.log(
        `database ${db.name}: schema applied in ${fmtInt(applied.ms)} ms` +
          ` (${applied.committed} committed migration(s) + current.sql, ${fmtInt(applied.currentBytes)} bytes)`,
      );
      await c.query(SCHEMA);
      if (PATCH_SQL) {
        await c.query(await readFile(PATCH_SQL, 'utf8'));
        console.log(`applied BENCH_PATCH_SQL=${PATCH_SQL}`);
      }
      const cpu = await backendCpuReader(c);

      console.log('\nbulk statements (untracked/tracked ms, ratio):');
      const bulk = await runBulk(c, cpu);
      console.log(`\nsingle-row UPDATE, ${CLIENTS} clients:`);
      const single = await runSingle(c, db);

      const rows = bulk.map((r) => {
        const ratio = median(r.ratios);
        return [
          `bulk ${r.op.toUpperCase()} ${fmtInt(ROWS)} rows`,
          `${fmtInt(median(r.plain.map((s) => s.ms)))} ms`,
          `${fmtInt(median(r.tracked.map((s) => s.ms)))} ms`,
          `${fmt(ratio, 2)}×`,
          `≤ ${TARGET_BULK}×`,
          verdict(ratio <= TARGET_BULK),
          `${REFERENCE[r.op].emaj}×`,
          `${REFERENCE[r.op].supa}×`,
        ];
      });
      const singleRatio = single.tps(TRACKED) / single.tps(PLAIN);
      rows.push([
        `single-row UPDATE, ${CLIENTS} clients`,
        `${fmtInt(single.tps(PLAIN))} tx/s`,
        `${fmtInt(single.tps(TRACKED))} tx/s`,
        `${fmt(singleRatio, 2)}×`,
        `≥ ${TARGET_SINGLE}×`,
        verdict(singleRatio >= TARGET_SINGLE),
        `${REFERENCE.single.emaj}×`,
        `${REFERENCE.single.supa}×`,
      ]);

      console.log('\n## Results\n');
      console.log(
        formatTable(
          ['operation', 'untracked', 'tracked', 'tracked ÷ untracked', 'target', 'verdict', 'E-Maj', 'supa_audit'],
          rows,
          ['left', 'right', 'right', 'right', 'left', 'left', 'right', 'right'],
        ),
      );
      console.log('\nBulk: median wall time over the rounds; ratio = median of the per-round ratios.');
      console.log('Single-row: total transactions ÷ total seconds over both phases of each table.');

      console.log('\nPer-round bulk ratios (wall):\n');
      console.log(
        formatTable(
          ['round', 'first', ...BULK_OPS.map((op) => op)],
          Array.from({ length: ROUNDS }, (_, i) => [
            String(i + 1),
            i % 2 === 0 ? 'tracked' : 'untracked',
            ...bulk.map((r) => `${fmt(r.ratios[i] ?? Number.NaN, 2)}×`),
          ]),
          ['right', 'left', 'right', 'right', 'right'],
        ),
      );

      if (cpu) {
        console.log('\nBackend CPU time of the same runs (server process only, no I/O wait):\n');
        const cpuRows = bulk.map((r) => [
          `bulk ${r.op.toUpperCase()}`,
          `${fmtInt(median(r.plain.map((s) => s.cpuMs)))} ms`,
          `${fmtInt(median(r.tracked.map((s) => s.cpuMs)))} ms`,
          `${fmt(median(r.cpuRatios), 2)}×`,
        ]);
        cpuRows.push([
          'single-row UPDATE, per tx',
          `${fmtInt(single.cpuPerTxUs(PLAIN))} µs`,
          `${fmtInt(single.cpuPerTxUs(TRACKED))} µs`,
          `${fmt(single.cpuPerTxUs(TRACKED) / single.cpuPerTxUs(PLAIN), 2)}×`,
        ]);
        console.log(formatTable(['operation', 'untracked', 'tracked', 'tracked ÷ untracked'], cpuRows, ['left', 'right', 'right', 'right']));
      } else {
        console.log('\n(backend CPU time not reported: the server process is not visible from this machine)');
      }

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
