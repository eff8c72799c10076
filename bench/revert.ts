/**
 * Revert benchmark: revert_changes on a large history, against a hand-written
 * restore of the same rows.
 *
 *   npm run bench:revert
 *
 * The database: a tracked table `bench_rv` (the flat rollback workload's
 * columns plus a row number `n`, below one plan, with touch_updated_at) of
 * BENCH_ITEMS (100,000) rows; then history filler written straight into
 * `checkpoints` (correct hashes, spread over 100 days, carrying 1,000
 * request ids and trace ids) up to BENCH_HISTORY (1,000,000) checkpoints in
 * all. Then a snapshot of the table, and:
 *   - the unit: one request id, 1,000 captured changes in 10 transactions of
 *     100 (30 title updates, 20 status + meta updates of which 10 on rows just
 *     retitled, 20 deletes, 20 inserts, 10 counter updates of rows the unit
 *     inserted the transaction before, or of others in the first), 810
 *     rows; each transaction followed by another writer's transaction
 *     (another request id) changing 120 other rows: 100 updates, 10 deletes,
 *     10 inserts;
 *   - a single-entity unit: one request that updated one row.
 * Measured, each inside a transaction rolled back afterwards (so every run
 * starts from the same state), after one unmeasured warm-up round, for
 * BENCH_ROUNDS (7) rounds in a rotated order:
 *   - revert_changes(request_id => the unit), a real run;
 *   - the same with dry_run => true;
 *   - the hand-written restore: the unit's rows (their ids, which the
 *     application that made them knows) put back from the snapshot, with
 *     checkpoint.restoring on and the capture firing, as a revert writes.
 * Checked inside each transaction: the revert and the hand-written restore
 * leave the same table (a digest of every row: the snapshot's for the unit's
 * rows, the others as they are), the dry run leaves it unchanged, and every
 * revert reports the same rows. Then the single-entity unit's revert,
 * BENCH_SINGLE (51) times, each rolled back, checked likewise.
 * Reported: medians of wall time and backend CPU, the median of the
 * per-round ratios to the hand-written restore (target ≤ 1.0×), and the
 * single-entity median (target < 20 ms), with verdicts from this run; then,
 * as a diagnostic without a target, the single-entity reverts again with
 * max_parallel_workers_per_gather = 0 in the session.
 * The session keeps the default plan cache (as a pooled connection would);
 * a statement that runs longer than BENCH_TIMEOUT_S (300) s is cancelled and
 * the bench fails.
 *
 * Environment: DATABASE_URL (admin connection; default
 * postgres://postgres@127.0.0.1:5432/postgres), BENCH_ROUNDS, BENCH_ITEMS,
 * BENCH_HISTORY, BENCH_SINGLE, BENCH_TIMEOUT_S, BENCH_KEEP.
 */
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
} from './lib.ts';

const ROUNDS = envInt('BENCH_ROUNDS', 7);
const ITEMS = envInt('BENCH_ITEMS', 100_000);
if (ITEMS < 10_000) throw new Error('BENCH_ITEMS must be at least 10000 (the unit and the other writer need their rows)');
const HISTORY = envInt('BENCH_HISTORY', 1_000_000);
const SINGLE = envInt('BENCH_SINGLE', 51);
const TIMEOUT_S = envInt('BENCH_TIMEOUT_S', 300);

const PLAN = 'e0000000-0000-4000-8000-000000000001';
const UNIT = 'e0000000-0000-4000-8000-0000000000a1';
const OTHER = 'e0000000-0000-4000-8000-0000000000b1';
const SINGLE_UNIT = 'e0000000-0000-4000-8000-0000000000c1';
const BATCHES = 10;
/** Rows of the other writer start here (n), far from the unit's. */
const OTHERS_FROM = Math.floor(ITEMS / 2) + 1;
/** The single-entity unit's row. */
const SINGLE_ROW = ITEMS - 10;

const TARGET_RATIO = 1.0;
const TARGET_SINGLE_MS = 20;

const SCHEMA = `
create table bench_rv (
  id         uuid primary key default gen_random_uuid(),
  plan_id    uuid not null references plans (id) on delete cascade,
  n          integer not null,
  title      text not null,
  counter    integer not null default 0,
  status     text not null default 'pending' check (status in ('pending', 'running', 'done', 'failed')),
  meta       jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index bench_rv_plan_id_idx on bench_rv (plan_id);
create unique index bench_rv_n_idx on bench_rv (n);
create trigger touch_updated_at before update on bench_rv for each row
  when (coalesce(current_setting('checkpoint.restoring', true), '') <> 'on')
  execute function touch_updated_at();
select track_table('bench_rv', 'bench_rv_item', 'plan', 'plan_id');
create table unit_ids (id uuid primary key);`;

function insertRows(from: number, count: number): string {
  return `insert into bench_rv (plan_id, n, title, counter, status, meta)
          select '${PLAN}', g, 'item ' || g || ' ' || md5(g::text), g % 1000,
                 (array['pending', 'running', 'done', 'failed'])[1 + g % 4],
                 jsonb_build_object('source', 'bench', 'n', g, 'tags', jsonb_build_array('alpha', 'beta'))
          from generate_series(${from}, ${from + count - 1}) g`;
}

async function count(c: pg.Client, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await c.query<{ n: string }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}

async function scalar(c: pg.Client, sql: string): Promise<string> {
  const { rows } = await c.query<{ v: string }>(sql);
  return rows[0]?.v ?? '';
}

/** Runs statements in one transaction under a request id (what a request of an agent would write); rows changed. */
async function asRequest(c: pg.Client, request: string, statements: string[]): Promise<number> {
  await c.query('begin');
  await c.query(`select set_config('checkpoint.request_id', $1, true)`, [request]);
  let changed = 0;
  for (const sql of statements) changed += (await c.query(sql)).rowCount ?? 0;
  await c.query('commit');
  return changed;
}

/** Records the ids a statement returns as the unit's (the application knows what it wrote). */
function recorded(statement: string): string {
  return `with w as (${statement} returning id) insert into unit_ids select id from w on conflict do nothing`;
}

// ---------------------------------------------------------------------------
// Building

async function build(c: pg.Client): Promise<{ history: number; unitChanges: number; unitEntities: number; others: number }> {
  await c.query(SCHEMA);
  await c.query(`insert into plans (id, title) values ($1, 'revert bench')`, [PLAN]);
  await c.query(
    `insert into request_logs (id, method, path) values ($1, 'AGENT', 'unit'), ($2, 'AGENT', 'other'), ($3, 'AGENT', 'single')`,
    [UNIT, OTHER, SINGLE_UNIT],
  );
  await c.query(insertRows(1, ITEMS));

  // Filler: 10,000 entities of a type of their own, written straight into the
  // history (as its owner) with correct hashes, times over 100 days, and the
  // request ids and trace ids of 1,000 other requests, so the indexes a
  // unit is found through hold a million entries too.
  const filler = Math.max(0, HISTORY - (await count(c, 'select count(*) as n from checkpoints')));
  if (filler > 0) {
    const perEntity = Math.max(1, Math.ceil(filler / 10_000));
    await c.query(`insert into request_logs (id, method, path) select gen_random_uuid(), 'FILL', '/' || g from generate_series(1, 1000) g`);
    await c.query(`
      insert into checkpoints (entity_type, entity_id, operation, state_data, state_hash, created_by, created_at, request_id, trace_id)
      select 'bench_doc', e.id, case when v = 1 then 'insert' else 'update' end, s.state,
             encode(digest(s.state::text, 'sha256'), 'hex'), 'bench',
             now() - interval '100 days' + (v * interval '100 days' / ${perEntity}),
             r.ids[1 + (e.k * 7 + v) % 1000], md5((e.k * 7 + v) % 1000 || 'trace')
      from generate_series(1, ${perEntity}) v
      cross join (select k, gen_random_uuid() as id from generate_series(1, 10000) k) e
      cross join (select array_agg(id order by id) as ids from request_logs where method = 'FILL') r
      cross join lateral (select jsonb_build_object('id', e.id, 'version', v, 'body', md5(e.id::text || v)) as state) s
      order by v, e.k
      limit ${filler}`);
  }

  await c.query(`create table snap_rv as select * from bench_rv`);
  await c.query(`alter table snap_rv add primary key (id)`);

  // The unit, interleaved with another writer's changes to other rows.
  let others = 0;
  for (let b = 0; b < BATCHES; b++) {
    const base = b * 100;
    const newFrom = 1_000_000 + base + 1;
    const earlierNew = b === 0 ? null : 1_000_000 + (b - 1) * 100 + 1;
    await asRequest(c, UNIT, [
      recorded(`update bench_rv set title = title || ' (unit)' where n between ${base + 1} and ${base + 30}`),
      recorded(
        `update bench_rv set status = 'done', meta = meta || '{"reviewed": true}' where n between ${base + 21} and ${base + 40}`,
      ),
      recorded(`delete from bench_rv where n between ${base + 51} and ${base + 70}`),
      recorded(insertRows(newFrom, 20)),
      earlierNew === null
        ? recorded(`update bench_rv set counter = counter + 1 where n between ${base + 81} and ${base + 90}`)
        : recorded(`update bench_rv set counter = counter + 1 where n between ${earlierNew} and ${earlierNew + 9}`),
    ]);
    const o = OTHERS_FROM + b * 200;
    others += await asRequest(c, OTHER, [
      `update bench_rv set title = title || ' (other)', counter = counter + 7 where n between ${o} and ${o + 99}`,
      `delete from bench_rv where n between ${o + 100} and ${o + 109}`,
      insertRows(2_000_000 + b * 100 + 1, 10),
    ]);
  }
  await asRequest(c, SINGLE_UNIT, [`update bench_rv set title = 'single edit' where n = ${SINGLE_ROW}`]);
  await c.query('vacuum analyze');
  return {
    history: await count(c, 'select count(*) as n from checkpoints'),
    // (what the capture recorded under the unit's request id: its changes)
    unitChanges: await count(c, 'select count(*) as n from checkpoints where request_id = $1', [UNIT]),
    unitEntities: await count(c, 'select count(*) as n from unit_ids'),
    others,
  };
}

// ---------------------------------------------------------------------------
// Measuring

type Kind = 'revert' | 'dry run' | 'hand-written';
const KINDS: readonly Kind[] = ['revert', 'dry run', 'hand-written'];

const HAND_RESTORE = `
  select set_config('checkpoint.restoring', 'on', true);
  select set_config('checkpoint.reason', 'hand-written restore', true);
  delete from bench_rv b using unit_ids u
    where b.id = u.id and not exists (select 1 from snap_rv s where s.id = b.id);
  insert into bench_rv select s.* from snap_rv s join unit_ids u on u.id = s.id
    where not exists (select 1 from bench_rv b where b.id = s.id);
  update bench_rv b set plan_id = s.plan_id, n = s.n, title = s.title, counter = s.counter, status = s.status,
         meta = s.meta, created_at = s.created_at, updated_at = s.updated_at
    from snap_rv s join unit_ids u on u.id = s.id where b.id = s.id and (b.*) is distinct from (s.*);
  select set_config('checkpoint.restoring', '', true);`;

const CASES: Record<Kind, { sql: string; params: unknown[] }> = {
  revert: { sql: `select * from revert_changes(request_id => $1)`, params: [UNIT] },
  'dry run': { sql: `select * from revert_changes(request_id => $1, dry_run => true)`, params: [UNIT] },
  'hand-written': { sql: HAND_RESTORE, params: [] },
};

const DIGEST = `select md5(string_agg(to_jsonb(i)::text, ',' order by i.id)) as v from bench_rv i`;
/** The table a restore must leave: the snapshot's state of the unit's rows, every other row as it is. */
const EXPECTED_DIGEST = `
  select md5(string_agg(to_jsonb(i)::text, ',' order by i.id)) as v
  from (select s.* from snap_rv s join unit_ids u on u.id = s.id
        union all
        select b.* from bench_rv b where not exists (select 1 from unit_ids u where u.id = b.id)) i`;

interface Sample {
  ms: number;
  cpuMs: number;
}

interface Expect {
  before: string;
  after: string;
  /** The rows the real revert reports, as text; learnt from the first one. */
  rows: string | null;
}

const rowsText = (r: pg.QueryResult): string => JSON.stringify(r.rows);

/** One case inside a transaction rolled back afterwards; throws unless it left what it must. */
async function runCase(c: pg.Client, cpu: (() => number) | null, kind: Kind, expect: Expect): Promise<Sample> {
  const { sql, params } = CASES[kind];
  await c.query('begin');
  try {
    const c0 = cpu?.() ?? Number.NaN;
    const t0 = now();
    const result = await c.query(sql, params);
    const sample = { ms: now() - t0, cpuMs: (cpu?.() ?? Number.NaN) - c0 };
    const digest = await scalar(c, DIGEST);
    if (kind === 'dry run' && digest !== expect.before) throw new Error('the dry run changed the table');
    if (kind !== 'dry run' && digest !== expect.after) throw new Error(`${kind} left other rows than the snapshot's`);
    if (kind !== 'hand-written') {
      const text = rowsText(result);
      expect.rows ??= text;
      if (text !== expect.rows) throw new Error(`${kind} reported other rows than the revert before it`);
    }
    return sample;
  } finally {
    await c.query('rollback');
  }
}

async function runRounds(c: pg.Client, cpu: (() => number) | null): Promise<{ samples: Record<Kind, Sample[]>; rows: number; actions: string }> {
  const expect: Expect = { before: await scalar(c, DIGEST), after: await scalar(c, EXPECTED_DIGEST), rows: null };
  for (const kind of KINDS) await runCase(c, cpu, kind, expect); // warm-up
  const samples: Record<Kind, Sample[]> = { revert: [], 'dry run': [], 'hand-written': [] };
  for (let round = 0; round < ROUNDS; round++) {
    const line: string[] = [];
    for (const kind of rotated(KINDS, round)) {
      const s = await runCase(c, cpu, kind, expect);
      samples[kind].push(s);
      line.push(`${kind} ${fmt(s.ms)}`);
    }
    console.log(`  round ${round + 1}/${ROUNDS} (ms): ${line.join(', ')}`);
  }
  const reported = JSON.parse(expect.rows ?? '[]') as Array<{ action: string }>;
  const byAction = new Map<string, number>();
  for (const r of reported) byAction.set(r.action, (byAction.get(r.action) ?? 0) + 1);
  const actions = [...byAction].map(([a, n]) => `${a} ${fmtInt(n)}`).join(', ');
  return { samples, rows: reported.length, actions };
}

/** The single-entity unit's revert, SINGLE times, each rolled back; the row must come back and only it be reported. */
async function runSingle(c: pg.Client): Promise<number[]> {
  const expected = await scalar(c, `select to_jsonb(s)::text as v from snap_rv s where n = ${SINGLE_ROW}`);
  const times: number[] = [];
  for (let i = 0; i < SINGLE + 1; i++) {
    await c.query('begin');
    try {
      const t0 = now();
      const r = await c.query(`select * from revert_changes(request_id => $1)`, [SINGLE_UNIT]);
      const ms = now() - t0;
      if (r.rows.length !== 1 || (r.rows[0] as { action: string }).action !== 'updated') {
        throw new Error(`the single-entity revert reported ${JSON.stringify(r.rows)}`);
      }
      const row = await scalar(c, `select to_jsonb(b)::text as v from bench_rv b where n = ${SINGLE_ROW}`);
      if (row !== expected) throw new Error('the single-entity revert left another row than the snapshot’s');
      if (i > 0) times.push(ms); // the first is a warm-up
    } finally {
      await c.query('rollback');
    }
  }
  return times;
}

function roundRatio(a: readonly Sample[], b: readonly Sample[], k: keyof Sample): number {
  return median(a.map((s, i) => s[k] / (b[i]?.[k] ?? Number.NaN)));
}

function p95(xs: readonly number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const startedAt = now();
  console.log(
    `bench:revert on ${maskUrl(adminUrl())}: ${fmtInt(ITEMS)} rows, ≥ ${fmtInt(HISTORY)} checkpoints, ${ROUNDS} rounds, ${SINGLE} single-entity reverts`,
  );
  await withBenchDatabase(async (db) => {
    await applySchema(db.url);
    const c = await connect(db.url);
    try {
      await c.query(`set client_min_messages = warning`);
      const machine = await machineInfo(c);
      const t0 = now();
      const built = await build(c);
      console.log(
        `built in ${fmt((now() - t0) / 1000, 0)} s: ${fmtInt(built.history)} checkpoints; the unit: ${fmtInt(built.unitChanges)} changes ` +
          `to ${fmtInt(built.unitEntities)} rows, interleaved with ${fmtInt(built.others)} changes of another writer`,
      );
      await c.query(`set statement_timeout = '${TIMEOUT_S}s'`);
      const cpu = await backendCpuReader(c);
      const { samples, rows, actions } = await runRounds(c, cpu);
      const single = await runSingle(c);
      // Diagnostic: the same with parallel query off in this session (unit_changes's
      // generic plan can start parallel workers to find one row).
      await c.query('set max_parallel_workers_per_gather = 0');
      const serial = await runSingle(c);
      await c.query('reset max_parallel_workers_per_gather');

      const unitLabel = `unit of ${fmtInt(built.unitChanges)} changes (${fmtInt(built.unitEntities)} rows)`;
      const medians = KINDS.map((kind) => [
        unitLabel,
        kind === 'hand-written' ? 'hand-written restore' : kind === 'revert' ? 'revert_changes' : 'revert_changes, dry run',
        fmt(median(samples[kind].map((s) => s.ms))),
        fmt(median(samples[kind].map((s) => s.cpuMs))),
        kind === 'hand-written' ? '' : `${fmtInt(rows)} (${actions})`,
      ]);
      const hand = samples['hand-written'];
      const revertRatio = roundRatio(samples.revert, hand, 'ms');
      const ratios = [
        [
          'revert ÷ hand-written',
          fmtRatio(revertRatio),
          fmtRatio(roundRatio(samples.revert, hand, 'cpuMs')),
          `≤ ${fmt(TARGET_RATIO, 1)}×`,
          verdict(revertRatio <= TARGET_RATIO),
        ],
        [
          'dry run ÷ hand-written',
          fmtRatio(roundRatio(samples['dry run'], hand, 'ms')),
          fmtRatio(roundRatio(samples['dry run'], hand, 'cpuMs')),
          '',
          '',
        ],
      ];
      const singleMedian = median(single);
      const singleRow = [
        `single-entity unit, ${fmtInt(single.length)} reverts (of ${fmtInt(built.history)} checkpoints)`,
        fmt(singleMedian, 2),
        fmt(p95(single), 2),
        `< ${TARGET_SINGLE_MS} ms`,
        verdict(singleMedian < TARGET_SINGLE_MS),
      ];

      console.log('');
      const [l, r] = ['left', 'right'] as const;
      console.log(formatTable(['workload', 'restore', 'median ms', 'median CPU ms', 'rows reported'], medians, [l, l, r, r, l]));
      console.log('');
      console.log(
        formatTable(['ratio (median of per-round ratios)', 'wall', 'CPU', 'target (wall)', 'verdict'], ratios, [l, r, r, l, l]),
      );
      console.log('');
      const serialRow = [
        `the same, max_parallel_workers_per_gather = 0 (diagnostic)`,
        fmt(median(serial), 2),
        fmt(p95(serial), 2),
        '',
        '',
      ];
      console.log(
        formatTable(['single-entity revert', 'median ms', 'p95 ms', 'target (median)', 'verdict'], [singleRow, serialRow], [
          l,
          r,
          r,
          l,
          l,
        ]),
      );
      console.log(
        '\nCPU: of the session\'s backend process only; parallel workers its statements start are not counted (their cost shows in wall time).',
      );
      console.log('');
      console.log(formatMachine(machine));
      console.log(`\ntotal runtime ${fmt((now() - startedAt) / 1000, 0)} s`);
    } finally {
      await c.end();
    }
  }, 'pgcp_bench_rv');
}

main().catch((err: unknown) => {
  if (interrupted()) return; // the signal handler drops the database and exits
  console.error(`bench:revert failed: ${errorMessage(err)}`);
  process.exit(1);
});
