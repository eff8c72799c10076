/**
 * Rollback and history-read benchmark.
 *
 *   npm run bench:rollback
 *
 * Part 1, rollback, two workloads in the same database (each with a manual
 * checkpoint, a snapshot taken at the same moment, then 10,000 changes; the
 * other workload's changes make history that is not this plan's):
 *   - tree (bench/rollback-tree.ts): a plan with 1,000 tasks and 5,000
 *     artifacts; updates, inserts, deletes (some cascading) and moves to
 *     another plan's task;
 *   - flat (bench/rollback-flat.ts): a plan with BENCH_ITEMS (100,000) items
 *     in a tracked child table; 6,000 updates, 2,000 inserts, 2,000 deletes.
 * Then BENCH_ROUNDS rounds; each round runs, in a rotated order, for each
 * workload: rollback_entity('plan', id) (real), the same with dry_run, the
 * hand-written restore from the snapshot (with checkpoint.restoring on and
 * the capture triggers firing, as a rollback's writes), and the floor: the
 * cheapest honest rollback of the same rows from the history, written by
 * hand for these tables, real and dry (bench/rollback-floor.ts). Each inside
 * a transaction rolled back afterwards, so every round starts from the same
 * state; inside it the bench checks that the real rollback, the floor and
 * the hand-written restore leave the same rows (a digest of the tables), and
 * that the dry runs change nothing and report what the real runs do.
 * Reported: medians of wall time and backend CPU of the statement, the
 * medians of the per-round ratios to the hand-written restore (targets, on
 * wall time: flat rollback ≤ 0.6×, flat dry run ≤ 0.3×, tree rollback ≤ 1.0×)
 * beside the floor's own ratio, and pg-checkpoint ÷ the floor.
 * An unmeasured warm-up round comes first. The rounds' session runs with
 * plan_cache_mode = force_custom_plan: with the default, PL/pgSQL may switch
 * a statement to a generic plan from its sixth execution in a session on,
 * which made one rollback of the schema of 2026-12-04 run for 12 minutes.
 * That is checked separately: the flat rollback 7 times in one new session
 * with the default plan cache, each call cancelled after 20× the measured
 * median (at least 30 s); OK when every call takes ≤ 3× that median.
 *
 * Part 2, reads on a history of BENCH_HISTORY (1,000,000) checkpoints over
 * 10,000 entities: entity_history (50 rows) and entity_state_at at random
 * times, median and p95 of 500 calls each (target < 2 ms), with the EXPLAIN of
 * the queries they run.
 *
 * Environment: DATABASE_URL (admin connection; default
 * postgres://postgres@127.0.0.1:5432/postgres), BENCH_ROUNDS (5),
 * BENCH_ITEMS (100000), BENCH_HISTORY (1000000).
 */
import type pg from 'pg';
import { FLAT_EXPECTED_HASH, FLAT_HAND_RESTORE, FLAT_HASH, FLAT_PLAN, buildFlat, checkpointFlat, mutateFlat } from './rollback-flat.ts';
import { FLOOR_SETUP, flatFloor, flatFloorDry, treeFloor, treeFloorDry } from './rollback-floor.ts';
import { TREE_HAND_RESTORE, TREE_HASH, TREE_PLAN, buildTree, checkpointTree, mutateTree } from './rollback-tree.ts';
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
  timed,
  verdict,
  withBenchDatabase,
} from './lib.ts';

const ROUNDS = envInt('BENCH_ROUNDS', 5);
const ITEMS = envInt('BENCH_ITEMS', 100_000);
const HISTORY = envInt('BENCH_HISTORY', 1_000_000);

function p95(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? Number.NaN;
}

async function count(c: pg.Client, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await c.query<{ n: string }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}

async function hash(c: pg.Client, sql: string): Promise<string> {
  const { rows } = await c.query<{ hash: string }>(sql);
  return rows[0]?.hash ?? '';
}

// ---------------------------------------------------------------------------
// Part 1: rollback

type Workload = 'tree' | 'flat';
type Kind = 'rollback' | 'dry run' | 'hand-written' | 'floor' | 'floor dry run';
const KINDS: readonly Kind[] = ['rollback', 'dry run', 'floor', 'floor dry run', 'hand-written'];
/** The dry kinds: they must leave the tables unchanged, and report the rows their real kind writes. */
const DRY: ReadonlySet<Kind> = new Set<Kind>(['dry run', 'floor dry run']);

interface Case {
  workload: Workload;
  kind: Kind;
  sql: string;
  params: unknown[];
}

interface Sample {
  ms: number;
  cpuMs: number;
}

/** What each workload's restores must leave, learnt before the rounds. */
interface Expectation {
  /** The digest before any restore (a dry run must leave it). */
  before: string;
  /** The digest after a restore; for the tree, learnt from the first one. */
  after: string | null;
  /** Rows a real rollback reports; learnt from the first one. */
  rows: number | null;
}

const HASH_SQL: Record<Workload, string> = { tree: TREE_HASH, flat: FLAT_HASH };

/** Where each workload's point ends: the first seq after its manual checkpoint (the floor's input). */
interface Points {
  treeLo: string;
  flatLo: string;
}

function cases(treeCheckpoint: string, points: Points): Case[] {
  const rollback = (workload: Workload, plan: string, dry: boolean): Case => ({
    workload,
    kind: dry ? 'dry run' : 'rollback',
    sql:
      workload === 'tree'
        ? `select * from rollback_entity('plan', $1, to_checkpoint => $2, dry_run => $3)`
        : `select * from rollback_entity('plan', $1, dry_run => $2)`,
    params: workload === 'tree' ? [plan, treeCheckpoint, dry] : [plan, dry],
  });
  return [
    rollback('tree', TREE_PLAN, false),
    rollback('tree', TREE_PLAN, true),
    { workload: 'tree', kind: 'hand-written', sql: TREE_HAND_RESTORE, params: [] },
    { workload: 'tree', kind: 'floor', sql: treeFloor(points.treeLo), params: [] },
    { workload: 'tree', kind: 'floor dry run', sql: treeFloorDry(points.treeLo), params: [] },
    rollback('flat', FLAT_PLAN, false),
    rollback('flat', FLAT_PLAN, true),
    { workload: 'flat', kind: 'hand-written', sql: FLAT_HAND_RESTORE, params: [] },
    { workload: 'flat', kind: 'floor', sql: flatFloor(points.flatLo), params: [] },
    { workload: 'flat', kind: 'floor dry run', sql: flatFloorDry(points.flatLo), params: [] },
  ];
}

/** Throws unless the case left what it must: the restored rows, or (dry run) nothing changed. */
async function check(c: pg.Client, k: Case, rows: number, expect: Expectation): Promise<void> {
  const got = await hash(c, HASH_SQL[k.workload]);
  const what = `${k.workload} ${k.kind}`;
  if (DRY.has(k.kind)) {
    if (got !== expect.before) throw new Error(`${what} changed the tables`);
  } else {
    expect.after ??= got;
    if (got !== expect.after) throw new Error(`${what} left other rows than the ${k.workload} restores before it`);
  }
  if (k.kind !== 'hand-written') {
    expect.rows ??= rows;
    if (rows !== expect.rows) throw new Error(`${what} reported ${rows} rows, the ${k.workload} rollback before it ${expect.rows}`);
  }
}

/**
 * Runs one case inside a transaction that is rolled back afterwards. A
 * vacuum first (not measured): every case before it left the dead rows of
 * its rolled-back writes, which autovacuum (off here) would have removed,
 * and without it each round ran slower than the one before (up to 1.7× by
 * the fifth), whatever ran in it.
 */
async function runCase(c: pg.Client, cpu: (() => number) | null, k: Case, expect: Expectation): Promise<Sample> {
  await c.query('vacuum checkpoints, plans, tasks, artifacts, bench_items');
  await c.query('begin');
  try {
    const c0 = cpu?.() ?? Number.NaN;
    const t0 = now();
    const r: pg.QueryResult | pg.QueryResult[] = await c.query(k.sql, k.params);
    const sample = { ms: now() - t0, cpuMs: (cpu?.() ?? Number.NaN) - c0 };
    // (a multi-statement case: its last statement reports the rows)
    const last = Array.isArray(r) ? r[r.length - 1] : r;
    await check(c, k, last?.rowCount ?? 0, expect);
    return sample;
  } finally {
    await c.query('rollback');
  }
}

async function prepareRollback(c: pg.Client): Promise<{ treeCheckpoint: string; points: Points; expect: Record<Workload, Expectation> }> {
  await buildTree(c);
  await buildFlat(c, ITEMS);
  const treeCheckpoint = await checkpointTree(c);
  await checkpointFlat(c);
  const treeChanges = await mutateTree(c);
  const flatChanges = await mutateFlat(c, ITEMS);
  await c.query('vacuum analyze');
  const history = await count(c, 'select count(*) as n from checkpoints');
  const since = await count(c, `select count(*) as n from checkpoints where seq > (select seq from checkpoints where id = $1)`, [treeCheckpoint]);
  const show = (ch: Record<string, number>): string => Object.entries(ch).map(([k, v]) => `${k} ${fmtInt(v)}`).join(', ');
  console.log(`history: ${fmtInt(history)} checkpoints, ${fmtInt(since)} written since the tree's checkpoint`);
  console.log(`tree changes: ${show(treeChanges)}; flat changes: ${show(flatChanges)}`);
  const flatAfter = await hash(c, FLAT_EXPECTED_HASH);
  await c.query(FLOOR_SETUP);
  const lo = async (sql: string, params: unknown[]): Promise<string> =>
    (await c.query<{ lo: string }>(sql, params)).rows[0]?.lo ?? '';
  const points: Points = {
    treeLo: await lo(`select seq + 1 as lo from checkpoints where id = $1`, [treeCheckpoint]),
    flatLo: await lo(
      `select seq + 1 as lo from checkpoints where entity_id = $1 and entity_type = 'plan' and operation = 'manual' order by seq desc limit 1`,
      [FLAT_PLAN],
    ),
  };
  return {
    treeCheckpoint,
    points,
    expect: {
      tree: { before: await hash(c, TREE_HASH), after: null, rows: null },
      flat: { before: await hash(c, FLAT_HASH), after: flatAfter, rows: null },
    },
  };
}

type Samples = Record<Workload, Record<Kind, Sample[]>>;

interface Rounds {
  samples: Samples;
  rows: Record<Workload, number>;
  treeCheckpoint: string;
  points: Points;
  expect: Record<Workload, Expectation>;
}

/**
 * An unmeasured warm-up round, then BENCH_ROUNDS measured ones, all in the
 * session of `c` with plan_cache_mode = force_custom_plan (see
 * sameSessionCheck for why, and for what the default does).
 */
async function runRounds(c: pg.Client): Promise<Rounds> {
  const { treeCheckpoint, points, expect } = await prepareRollback(c);
  await c.query('set plan_cache_mode = force_custom_plan');
  const cpu = await backendCpuReader(c);
  const all = cases(treeCheckpoint, points);
  const none = (): Record<Kind, Sample[]> => ({ rollback: [], 'dry run': [], 'hand-written': [], floor: [], 'floor dry run': [] });
  const samples: Samples = { tree: none(), flat: none() };
  for (const k of all) await runCase(c, cpu, k, expect[k.workload]);
  for (let round = 0; round < ROUNDS; round++) {
    const line: string[] = [];
    for (const k of rotated(all, round)) {
      const s = await runCase(c, cpu, k, expect[k.workload]);
      samples[k.workload][k.kind].push(s);
      line.push(`${k.workload} ${k.kind} ${fmtInt(s.ms)}`);
    }
    console.log(`  round ${round + 1}/${ROUNDS} (ms): ${line.join(', ')}`);
  }
  await c.query('reset plan_cache_mode');
  return { samples, rows: { tree: expect.tree.rows ?? Number.NaN, flat: expect.flat.rows ?? Number.NaN }, treeCheckpoint, points, expect };
}

const SAME_SESSION_CALLS = 7;

function isQueryCanceled(err: unknown): boolean {
  return err instanceof Error && 'code' in err && err.code === '57014';
}

/**
 * The flat rollback, SAME_SESSION_CALLS times in one new session with the
 * default plan cache (each call rolled back, checked as in the rounds). From
 * a session's sixth execution on, PL/pgSQL may run a statement with a
 * generic plan; a generic plan that is much slower shows here, where a
 * long-lived (pooled) connection would meet it. A call that takes longer
 * than 20× the measured median (at least 30 s) is cancelled.
 */
async function sameSessionCheck(url: string, r: Rounds): Promise<string[]> {
  const medianMs = median(r.samples.flat.rollback.map((s) => s.ms));
  const timeoutMs = Math.max(30_000, Math.round(20 * medianMs));
  const k = cases(r.treeCheckpoint, r.points).find((x) => x.workload === 'flat' && x.kind === 'rollback') as Case;
  const c = await connect(url, 'pgcp-bench-same-session');
  const calls: number[] = [];
  let cancelledAt: number | null = null;
  try {
    await c.query(`set statement_timeout = ${timeoutMs}`);
    for (let i = 1; i <= SAME_SESSION_CALLS && cancelledAt === null; i++) {
      try {
        calls.push((await runCase(c, null, k, r.expect.flat)).ms);
      } catch (err) {
        if (!isQueryCanceled(err)) throw err;
        cancelledAt = i;
      }
    }
  } finally {
    await c.end();
  }
  console.log(`  same session, default plan cache (ms): ${calls.map(fmtInt).join(', ')}${cancelledAt ? `, call ${cancelledAt} cancelled after ${fmtInt(timeoutMs)}` : ''}`);
  const slowest = Math.max(...calls);
  const ok = cancelledAt === null && slowest <= 3 * medianMs;
  return [
    `flat rollback, ${SAME_SESSION_CALLS} calls in one session (default plan_cache_mode)`,
    cancelledAt === null ? `slowest ${fmt(slowest)} ms` : `call ${cancelledAt} cancelled after ${fmt(timeoutMs / 1000, 0)} s`,
    `${fmtRatio((cancelledAt === null ? slowest : Number.POSITIVE_INFINITY) / medianMs)}`,
    '≤ 3× the median above',
    ok ? 'OK' : 'FAILED',
  ];
}

/** Median over the rounds of a ÷ b (the samples of a round share an index). */
function roundRatio(a: readonly Sample[], b: readonly Sample[], k: keyof Sample): number {
  return median(a.map((s, i) => s[k] / (b[i]?.[k] ?? Number.NaN)));
}

const TARGETS: readonly { workload: Workload; kind: Kind; target: number | null }[] = [
  { workload: 'flat', kind: 'rollback', target: 0.6 },
  { workload: 'flat', kind: 'dry run', target: 0.3 },
  { workload: 'tree', kind: 'rollback', target: 1.0 },
  { workload: 'tree', kind: 'dry run', target: null },
];

/** The floor case that does the same work as a rollback case. */
function floorOf(kind: Kind): Kind {
  return DRY.has(kind) ? 'floor dry run' : 'floor';
}

function rollbackTables(
  samples: Samples,
  rows: Record<Workload, number>,
): { medians: string[][]; ratios: string[][]; floors: string[][] } {
  const medians = (['tree', 'flat'] as const).flatMap((w) =>
    KINDS.map((kind) => [
      w,
      kind,
      fmt(median(samples[w][kind].map((s) => s.ms))),
      fmt(median(samples[w][kind].map((s) => s.cpuMs))),
      kind === 'hand-written' ? '' : fmtInt(rows[w]),
    ]),
  );
  // Each target beside what the floor achieves on the same ratio, in the same rounds.
  const ratios = TARGETS.map(({ workload, kind, target }) => {
    const hand = samples[workload]['hand-written'];
    const wall = roundRatio(samples[workload][kind], hand, 'ms');
    return [
      `${workload} ${kind} ÷ hand-written`,
      fmtRatio(wall),
      fmtRatio(roundRatio(samples[workload][kind], hand, 'cpuMs')),
      target === null ? '' : `≤ ${fmt(target, 1)}×`,
      target === null ? '' : verdict(wall <= target),
      fmtRatio(roundRatio(samples[workload][floorOf(kind)], hand, 'ms')),
    ];
  });
  // What pg-checkpoint's generality and guarantees cost over the floor.
  const floors = TARGETS.map(({ workload, kind }) => [
    `${workload} ${kind} ÷ ${floorOf(kind)}`,
    fmtRatio(roundRatio(samples[workload][kind], samples[workload][floorOf(kind)], 'ms')),
    fmtRatio(roundRatio(samples[workload][kind], samples[workload][floorOf(kind)], 'cpuMs')),
  ]);
  return { medians, ratios, floors };
}

async function readPart(c: pg.Client): Promise<{ table: string[][]; explain: string }> {
  // 10,000 entities × HISTORY/10,000 versions, written straight into the
  // history (as its owner) with correct hashes and times spread over 100 days.
  const perEntity = Math.max(1, Math.floor(HISTORY / 10_000));
  await c.query(`
    insert into checkpoints (entity_type, entity_id, operation, state_data, state_hash, created_by, created_at)
    select 'bench_doc', e.id, case when v = 1 then 'insert' else 'update' end, s.state,
           encode(digest(s.state::text, 'sha256'), 'hex'), 'bench',
           now() - interval '100 days' + (v * interval '100 days' / ${perEntity})
    from generate_series(1, ${perEntity}) v
    cross join (select gen_random_uuid() as id from generate_series(1, 10000)) e
    cross join lateral (select jsonb_build_object('id', e.id, 'version', v, 'body', md5(e.id::text || v)) as state) s
    order by v, e.id`);
  await c.query('vacuum analyze checkpoints');
  const total = await count(c, 'select count(*) as n from checkpoints');
  const { rows: ids } = await c.query<{ id: string }>(`select distinct entity_id as id from checkpoints where entity_type = 'bench_doc' limit 500`);

  const hist: number[] = [];
  const at: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!.id;
    hist.push((await timed(() => c.query({ name: 'h', text: `select * from entity_history('bench_doc', $1) limit 50`, values: [id] }))).ms);
    const when = new Date(Date.now() - Math.random() * 100 * 86_400_000);
    at.push((await timed(() => c.query({ name: 's', text: `select entity_state_at('bench_doc', $1, $2)`, values: [id, when] }))).ms);
  }
  const sample = ids[0]!.id;
  const explain = async (sql: string, params: unknown[]): Promise<string> =>
    (await c.query<{ 'QUERY PLAN': string }>(`explain (analyze, costs off, timing off, summary off) ${sql}`, params)).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n');
  const plans = [
    '-- entity_history: select * from checkpoints where entity_type = $1 and entity_id = $2 order by seq desc',
    await explain(`select * from checkpoints c where c.entity_type = 'bench_doc' and c.entity_id = $1 order by c.seq desc limit 50`, [sample]),
    '-- entity_state_at: the latest checkpoint of the entity written by a transaction begun at or before T',
    await explain(`select * from checkpoints x where x.entity_type = 'bench_doc' and x.entity_id = $1 and x.created_at <= now() - interval '50 days' order by x.seq desc limit 1`, [sample]),
  ].join('\n');
  return {
    table: [
      [`entity_history, 50 rows (of ${fmtInt(total)} checkpoints)`, fmt(median(hist), 2), fmt(p95(hist), 2), '< 2 ms'],
      [`entity_state_at, random time (of ${fmtInt(total)})`, fmt(median(at), 2), fmt(p95(at), 2), '< 2 ms'],
    ],
    explain: plans,
  };
}

async function main(): Promise<void> {
  const startedAt = now();
  console.log(
    `bench:rollback on ${maskUrl(adminUrl())}, ${ROUNDS} rounds, flat plan of ${fmtInt(ITEMS)} items, ${fmtInt(HISTORY)} checkpoints for reads`,
  );
  await withBenchDatabase(async (db) => {
    await applySchema(db.url);
    const c = await connect(db.url);
    try {
      await c.query(`set client_min_messages = warning`);
      const machine = await machineInfo(c);
      const rounds = await runRounds(c);
      const sameSession = await sameSessionCheck(db.url, rounds);
      const reads = await readPart(c);
      const { medians, ratios, floors } = rollbackTables(rounds.samples, rounds.rows);
      console.log('');
      console.log(
        formatTable(
          ['workload (10,000 changes each)', 'restore', 'median ms', 'median CPU ms', 'rows'],
          medians,
          ['left', 'left', 'right', 'right', 'right'],
        ),
      );
      console.log('');
      console.log(
        formatTable(
          ['ratio (median of per-round ratios)', 'wall', 'CPU', 'target (wall)', 'verdict', 'the floor, same ratio (wall)'],
          ratios,
          ['left', 'right', 'right', 'left', 'left', 'right'],
        ),
      );
      console.log('');
      console.log(formatTable(['pg-checkpoint ÷ the floor (median of per-round ratios)', 'wall', 'CPU'], floors, ['left', 'right', 'right']));
      console.log('');
      console.log(formatTable(['repeated in one session', 'value', '× median', 'expected', 'check'], [sameSession], ['left', 'right', 'right', 'left', 'left']));
      console.log('\ntree: a plan with 1,000 tasks and 5,000 artifacts; flat: a plan with ' + `${fmtInt(ITEMS)} items in one tracked child table.`);
      console.log('');
      console.log(formatTable(['history reads', 'median ms', 'p95 ms', 'target'], reads.table, ['left', 'right', 'right', 'left']));
      console.log('');
      console.log(reads.explain);
      console.log('');
      console.log(formatMachine(machine));
      console.log(`\ntotal runtime ${fmt((now() - startedAt) / 1000, 0)} s`);
    } finally {
      await c.end();
    }
  }, 'pgcp_bench_rb');
}

main().catch((err: unknown) => {
  if (interrupted()) return; // the signal handler drops the database and exits
  console.error(`bench:rollback failed: ${errorMessage(err)}`);
  process.exit(1);
});
