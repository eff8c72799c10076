/**
 * Prune benchmark: how fast does the prune job remove old history, and what
 * does it cost a writer meanwhile?
 *
 *   npm run bench:prune
 *
 * In a fresh database (see bench/lib.ts) with the pg-checkpoint schema, a
 * tracked table `bench_item` of BENCH_ENTITIES rows (10,000), each with a
 * history of BENCH_VERSIONS checkpoints (100): 1,000,000 checkpoints. The
 * history is written straight into `checkpoints` (as the owner: INSERT is
 * allowed), in capture order, with correct hashes and old created_at: an
 * entity's newest checkpoint is 12 hours old and each older one 4 days older
 * than the next, so with a 30-day retention 92 of its 100 are behind the
 * horizon and 91 go (the newest of those stays): 910,000 rows to remove.
 *
 * Then, measured:
 *   - a single-row writer alone for BENCH_SECONDS (10): one autocommitted
 *     UPDATE of a random bench_item row at a time (each captured), latency
 *     of every one;
 *   - the prune_checkpoints job, run by a real worker (src/worker/worker.ts) with
 *     up to BENCH_BATCH entities per batch and BENCH_THROTTLE (both: the
 *     worker's defaults, 500 and 0.5), while the same writer keeps going.
 * Reported: rows removed per minute (target ≥ 1,000,000) and the writer's
 * p50/p99/max latency before vs during the prune, and their ratio (target:
 * max ≤ 100 ms during the prune).
 *
 * Environment: DATABASE_URL (admin connection; default
 * postgres://postgres@127.0.0.1:5432/postgres; must be a superuser, to write
 * the bench rows with capture off), BENCH_ENTITIES, BENCH_VERSIONS,
 * BENCH_SECONDS, BENCH_BATCH, BENCH_THROTTLE.
 */
import { Logger } from 'graphile-worker';
import type pg from 'pg';
import { defaultWorkerConfig } from '../src/worker/config.ts';
import { startWorker } from '../src/worker/worker.ts';
import type { PruneSummary } from '../src/worker/tasks/prune_checkpoints.ts';
import {
  adminUrl,
  applySchema,
  connect,
  envInt,
  errorMessage,
  fmt,
  fmtInt,
  formatMachine,
  formatTable,
  machineInfo,
  maskUrl,
  now,
  sleep,
  timed,
  withBenchDatabase,
} from './lib.ts';

const ENTITIES = envInt('BENCH_ENTITIES', 10_000);
const VERSIONS = envInt('BENCH_VERSIONS', 100);
const SECONDS = envInt('BENCH_SECONDS', 10);
const BATCH = envInt('BENCH_BATCH', defaultWorkerConfig.pruneBatchEntities);
const THROTTLE = envThrottle();

function envThrottle(): number {
  const raw = process.env.BENCH_THROTTLE;
  if (raw === undefined || raw === '') return defaultWorkerConfig.pruneThrottle;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`BENCH_THROTTLE must be a number >= 0, got ${JSON.stringify(raw)}`);
  return n;
}
const RETENTION = '30 days';
const DAY_STEP = 4;
const TARGET_ROWS_PER_MIN = 1_000_000;
const TARGET_MAX_MS = 100;

/** Checkpoints of one entity behind the horizon, minus the newest of them (kept). */
const REMOVABLE_PER_ENTITY = Math.max(0, VERSIONS - Math.ceil((30 - 0.5) / DAY_STEP) - 1);

async function buildHistory(c: pg.Client): Promise<number> {
  await c.query(`
    create table bench_item (
      id         uuid primary key default gen_random_uuid(),
      title      text not null,
      counter    integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    select track_table('bench_item', 'bench_item');`);
  // Load the history without its secondary indexes, then build them in bulk:
  // the same indexes (their definitions are read back), much faster.
  const { rows: indexes } = await c.query<{ name: string; def: string }>(
    `select i.indexname as name, i.indexdef as def from pg_indexes i
      where i.schemaname = 'public' and i.tablename = 'checkpoints'
        and not exists (select 1 from pg_constraint k where k.conname = i.indexname)`,
  );
  await c.query('begin');
  for (const i of indexes) await c.query(`drop index ${i.name}`);
  await c.query('set local session_replication_role = replica');
  await c.query(`insert into bench_item (title) select 'item ' || g from generate_series(1, $1::int) g`, [ENTITIES]);
  await c.query('set local session_replication_role = origin');
  const inserted = await c.query(
    `insert into checkpoints (entity_type, entity_id, operation, state_data, state_hash, created_by, created_at)
     select 'bench_item', b.id, case when v.n = 1 then 'insert' else 'update' end, s.state,
            encode(digest(s.state::text, 'sha256'), 'hex'), current_user, s.at
       from generate_series(1, $1::int) v (n)
      cross join bench_item b
      cross join lateral (select now() - interval '12 hours' - ($1::int - v.n) * $2::int * interval '1 day' as at) t
      cross join lateral (
        select t.at, case when v.n = $1::int then to_jsonb(b)
                          else to_jsonb(b) || jsonb_build_object('counter', v.n, 'updated_at', t.at) end as state) s
      order by v.n, b.id`,
    [VERSIONS, DAY_STEP],
  );
  for (const i of indexes) await c.query(i.def);
  await c.query('commit');
  await c.query('vacuum analyze checkpoints, bench_item');
  await c.query('checkpoint');
  return inserted.rowCount ?? 0;
}

interface Latencies {
  samples: number[];
  stop(): Promise<void>;
}

/** One row at a time, one transaction each, as fast as it goes, until stopped. */
async function startWriter(url: string, ids: readonly string[]): Promise<Latencies> {
  const client = await connect(url, 'pgcp-bench-writer');
  const samples: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const id = ids[Math.floor(Math.random() * ids.length)];
      const t = now();
      await client.query({ name: 'write', text: 'update bench_item set counter = counter + 1 where id = $1', values: [id] });
      samples.push(now() - t);
    }
  })();
  return {
    samples,
    async stop() {
      running = false;
      await loop;
      await client.end();
    },
  };
}

interface WaitSampler {
  /** "type:event" → samples in which the writer's backend was waiting on it ("running" when not waiting). */
  counts: Map<string, number>;
  stop(): Promise<void>;
}

/** Samples what the writer's backend waits on, every `everyMs`, from pg_stat_activity. */
async function sampleWriterWaits(url: string, everyMs = 10): Promise<WaitSampler> {
  const client = await connect(url, 'pgcp-bench-sampler');
  const counts = new Map<string, number>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ wait: string }>(
        `select coalesce(wait_event_type || ':' || wait_event, 'running') as wait
           from pg_stat_activity where application_name = 'pgcp-bench-writer' and state = 'active'`,
      );
      for (const r of rows) counts.set(r.wait, (counts.get(r.wait) ?? 0) + 1);
      await sleep(everyMs);
    }
  })();
  return {
    counts,
    async stop() {
      running = false;
      await loop;
      await client.end();
    },
  };
}

function formatWaits(counts: Map<string, number>): string {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return '(no samples)';
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([k, n]) => `${k} ${fmt((100 * n) / total, 0)}%`)
    .join(', ');
}

function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
}

interface Stats {
  n: number;
  p50: number;
  p99: number;
  max: number;
  over: number;
}

function stats(xs: readonly number[]): Stats {
  return {
    n: xs.length,
    p50: percentile(xs, 50),
    p99: percentile(xs, 99),
    max: Math.max(...xs),
    over: xs.filter((x) => x > TARGET_MAX_MS).length,
  };
}

/** Runs the prune job on a real worker; resolves with its summary. */
async function runPruneJob(url: string): Promise<PruneSummary> {
  let summary: PruneSummary | undefined;
  const logger = new Logger(() => (level, message, meta) => {
    if (String(level) === 'error' || String(level) === 'warning') console.error(`  worker: ${message}`);
    else if (String(level) === 'info' && message.startsWith('prune_checkpoints')) console.log(`  worker: ${message}`);
    if (message.startsWith('prune_checkpoints: done')) summary = meta as PruneSummary;
  });
  const worker = await startWorker({
    connectionString: url,
    config: {
      ...defaultWorkerConfig,
      retention: RETENTION,
      keepLast: 1,
      pruneBatchEntities: BATCH,
      pruneThrottle: THROTTLE,
      concurrency: 1,
    },
    schedule: false,
    logger,
    pollInterval: 100,
  });
  try {
    const done = new Promise<void>((resolve, reject) => {
      worker.events.on('job:complete', ({ error }) => (error ? reject(new Error(`prune job failed: ${errorMessage(error)}`)) : resolve()));
    });
    await worker.addJob('prune_checkpoints', {});
    await done;
  } finally {
    await worker.stop();
  }
  if (!summary) throw new Error('the prune job logged no summary');
  return summary;
}

async function main(): Promise<void> {
  console.log(
    `bench:prune on ${maskUrl(adminUrl())}: ${fmtInt(ENTITIES)} entities × ${VERSIONS} checkpoints, ` +
      `retention ${RETENTION}, up to ${BATCH} entities per batch, throttle ${THROTTLE}`,
  );
  await withBenchDatabase(async (db) => {
    await applySchema(db.url);
    const c = await connect(db.url);
    try {
      const machine = await machineInfo(c);
      const built = await timed(() => buildHistory(c));
      console.log(`history: ${fmtInt(built.value)} checkpoints written in ${fmt(built.ms / 1000)} s`);
      const { rows } = await c.query<{ id: string }>('select id::text from bench_item');
      const ids = rows.map((r) => r.id);

      // Writer alone.
      const before = await startWriter(db.url, ids);
      const beforeWaits = await sampleWriterWaits(db.url);
      await sleep(SECONDS * 1000);
      await beforeWaits.stop();
      await before.stop();

      // Writer during the prune.
      const during = await startWriter(db.url, ids);
      const duringWaits = await sampleWriterWaits(db.url);
      const started = now();
      const summary = await runPruneJob(db.url);
      const wall = now() - started;
      await duringWaits.stop();
      await during.stop();

      const expected = ENTITIES * REMOVABLE_PER_ENTITY;
      if (summary.removed !== expected) {
        throw new Error(`the prune removed ${fmtInt(summary.removed)} checkpoints, expected ${fmtInt(expected)}`);
      }
      const left = await c.query<{ n: string }>('select count(*) as n from checkpoints');
      const b = stats(before.samples);
      const d = stats(during.samples);
      const rowsPerMin = summary.rowsPerMinute;

      console.log('');
      console.log(
        formatTable(
          ['prune_checkpoints job', 'value', 'target'],
          [
            ['checkpoints before', fmtInt(built.value), ''],
            ['removed', fmtInt(summary.removed), `${fmtInt(expected)} (the rule)`],
            ['left (incl. the writer’s new ones)', fmtInt(Number(left.rows[0]?.n ?? 0)), ''],
            ['batches (entities each: at most / mean)', `${fmtInt(summary.batches)} (${BATCH} / ${fmtInt(ENTITIES / summary.batches)})`, ''],
            ['job time, pauses included (s)', fmt(summary.ms / 1000, 1), ''],
            ['rows removed per minute', fmtInt(rowsPerMin), `≥ ${fmtInt(TARGET_ROWS_PER_MIN)}`],
            ['wall time incl. worker start/stop (s)', fmt(wall / 1000, 1), ''],
          ],
          ['left', 'right', 'left'],
        ),
      );
      console.log('');
      const ratio = (x: number, y: number): string => `${fmt(x / y, 2)}×`;
      console.log(
        formatTable(
          ['single-row writer (ms)', 'writes', 'p50', 'p99', 'max', `> ${TARGET_MAX_MS} ms`],
          [
            [`alone (${SECONDS} s)`, fmtInt(b.n), fmt(b.p50, 2), fmt(b.p99, 2), fmt(b.max, 1), fmtInt(b.over)],
            ['during the prune', fmtInt(d.n), fmt(d.p50, 2), fmt(d.p99, 2), fmt(d.max, 1), fmtInt(d.over)],
            ['ratio during ÷ alone', '', ratio(d.p50, b.p50), ratio(d.p99, b.p99), ratio(d.max, b.max), ''],
            [`target`, '', '', '', `≤ ${TARGET_MAX_MS}`, ''],
          ],
          ['left', 'right', 'right', 'right', 'right', 'right'],
        ),
      );
      console.log('');
      console.log('what the writer was doing when sampled (pg_stat_activity, every 10 ms):');
      console.log(`  alone:            ${formatWaits(beforeWaits.counts)}`);
      console.log(`  during the prune: ${formatWaits(duringWaits.counts)}`);
      const lockWaits = [...duringWaits.counts.entries()].filter(([k]) => k.startsWith('Lock:')).reduce((a, [, n]) => a + n, 0);
      console.log(`  samples waiting on a lock during the prune: ${fmtInt(lockWaits)}`);
      console.log('');
      console.log(formatMachine(machine));
      const ok = rowsPerMin >= TARGET_ROWS_PER_MIN && d.max <= TARGET_MAX_MS;
      console.log(`\n${ok ? 'targets met' : 'TARGET MISSED'}: ${fmtInt(rowsPerMin)} rows/min; writer max ${fmt(d.max, 1)} ms during the prune`);
    } finally {
      await c.end();
    }
  });
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench:prune failed: ${errorMessage(err)}`);
    process.exit(1);
  },
);
