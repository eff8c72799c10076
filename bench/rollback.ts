/**
 * Rollback and history-read benchmark.
 *
 *   npm run bench:rollback
 *
 * Part 1, rollback. A plan with 1,000 tasks and 5,000 artifacts (plus 20 other
 * plans with their own history, so the history is not just this plan's), a
 * manual checkpoint, then 10,000 mixed changes to the plan's tree: updates,
 * inserts, deletes (some cascading) and moves to another plan's task. Then,
 * alternating, BENCH_ROUNDS times each, inside a transaction that is rolled
 * back afterwards so every round starts from the same state:
 *   - rollback_entity('plan', id) to the checkpoint;
 *   - the same restore written by hand: the plan's tree copied into snapshot
 *     tables at checkpoint time, then UPDATE ... FROM snapshot WHERE changed,
 *     INSERT ... WHERE missing, DELETE ... WHERE not in snapshot, in FK order,
 *     with checkpoint.restoring on (so updated_at is restored, as ours does)
 *     and the same capture triggers firing.
 * Reported: median ms of each and the ratio (target: ≤ 250 ms and ≤ 1×).
 *
 * Part 2, reads on a history of BENCH_HISTORY (1,000,000) checkpoints over
 * 10,000 entities: entity_history (50 rows) and entity_state_at at random
 * times, median and p95 of 500 calls each (target < 2 ms), with the EXPLAIN of
 * the queries they run.
 *
 * Environment: DATABASE_URL (admin connection; default
 * postgres://postgres@127.0.0.1:5432/postgres), BENCH_ROUNDS (5),
 * BENCH_HISTORY (1000000).
 */
import type pg from 'pg';
import {
  adminUrl,
  applySchema,
  connect,
  envInt,
  fmt,
  fmtInt,
  formatMachine,
  formatTable,
  machineInfo,
  maskUrl,
  median,
  timed,
  withBenchDatabase,
} from './lib.ts';

const ROUNDS = envInt('BENCH_ROUNDS', 5);
const HISTORY = envInt('BENCH_HISTORY', 1_000_000);
const PLAN = 'b0000000-0000-4000-8000-000000000001';
const OTHER = 'b0000000-0000-4000-8000-000000000002';

function p95(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? Number.NaN;
}

async function count(c: pg.Client, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await c.query<{ n: string }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}

/** The plan's tree, 20 other plans, the checkpoint and the snapshot tables. */
async function buildPlan(c: pg.Client): Promise<{ checkpoint: string }> {
  await c.query(`insert into plans (id, title) values ($1, 'big plan'), ($2, 'other plan')`, [PLAN, OTHER]);
  await c.query(`insert into tasks (plan_id, title, position) select $1, 'task ' || g, g from generate_series(1, 1000) g`, [PLAN]);
  await c.query(`insert into tasks (plan_id, title, position) select $1, 'other ' || g, g from generate_series(1, 10) g`, [OTHER]);
  await c.query(
    `insert into artifacts (task_id, name, content)
     select t.id, 'artifact ' || g, repeat(md5(t.id::text || g), 6)
     from tasks t cross join generate_series(1, 5) g where t.plan_id = $1`,
    [PLAN],
  );
  // Unrelated history: 20 plans × 50 tasks × 3 artifacts, each updated twice.
  await c.query(`insert into plans (title) select 'noise ' || g from generate_series(1, 20) g`);
  await c.query(
    `insert into tasks (plan_id, title, position)
     select p.id, 'n', g from plans p cross join generate_series(1, 50) g where p.title like 'noise%'`,
  );
  await c.query(
    `insert into artifacts (task_id, name, content)
     select t.id, 'n' || g, 'x' from tasks t join plans p on p.id = t.plan_id cross join generate_series(1, 3) g
     where p.title like 'noise%'`,
  );
  for (let i = 0; i < 2; i++) {
    await c.query(`update artifacts a set content = content || '+' from tasks t join plans p on p.id = t.plan_id
                   where a.task_id = t.id and p.title like 'noise%'`);
  }
  const { rows } = await c.query<{ id: string }>(`select create_checkpoint('plan', $1, 'bench') as id`, [PLAN]);
  // The hand-written restore's snapshot, taken at the same moment.
  await c.query(`create table snap_tasks as select * from tasks where plan_id = $1`, [PLAN]);
  await c.query(`create table snap_artifacts as
                 select a.* from artifacts a join tasks t on t.id = a.task_id where t.plan_id = $1`, [PLAN]);
  await c.query(`alter table snap_tasks add primary key (id); alter table snap_artifacts add primary key (id)`);
  return { checkpoint: rows[0]!.id };
}

/** 10,000 changes to the plan's tree after the checkpoint. */
async function mutate(c: pg.Client): Promise<Record<string, number>> {
  const done: Record<string, number> = {};
  const run = async (label: string, sql: string): Promise<void> => {
    const r = await c.query(sql, [PLAN, OTHER]);
    done[label] = (done[label] ?? 0) + (r.rowCount ?? 0);
  };
  const planArtifacts = `select a.id from artifacts a join tasks t on t.id = a.task_id where t.plan_id = $1`;
  await run('update', `update artifacts set content = 'changed' where id in (${planArtifacts} and a.name <> 'artifact 5' and $2::uuid is not null)`);
  await run('update', `update artifacts set content = 'changed twice' where id in (${planArtifacts} and a.name = 'artifact 2' and $2::uuid is not null)`);
  await run('update', `update tasks set status = 'done' where plan_id = $1 and $2::uuid is not null`);
  await run('insert', `insert into artifacts (task_id, name, content) select id, 'new', 'new' from tasks where plan_id = $1 and $2::uuid is not null`);
  await run('insert', `insert into tasks (plan_id, title, position) select $1, 'new task', 1000 + g from generate_series(1, 500) g where $2::uuid is not null`);
  await run('delete', `delete from artifacts where id in (${planArtifacts} and a.name = 'artifact 5' and $2::uuid is not null limit 1000)`);
  await run('delete', `delete from tasks where plan_id = $1 and position between 901 and 1000 and $2::uuid is not null`);
  await run('move', `update artifacts set task_id = (select id from tasks where plan_id = $2 order by position limit 1)
                     where id in (${planArtifacts} and a.name = 'artifact 3' limit 900)`);
  await run('move', `update tasks set plan_id = $2 where plan_id = $1 and position between 801 and 900`);
  return done;
}

/** What a careful person would write to restore the snapshot by hand. */
const HAND_RESTORE = `
  select set_config('checkpoint.restoring', 'on', true);
  select set_config('checkpoint.reason', 'hand-written restore', true);
  update plans p set title = s.state->>'title', status = s.state->>'status',
         updated_at = (s.state->>'updated_at')::timestamptz
    from (select state_data as state from checkpoints where id = $CP) s
    where p.id = '${PLAN}' and to_jsonb(p.*) is distinct from s.state;
  insert into tasks select s.* from snap_tasks s where not exists (select 1 from tasks t where t.id = s.id);
  update tasks t set plan_id = s.plan_id, title = s.title, position = s.position, status = s.status,
         error = s.error, created_at = s.created_at, updated_at = s.updated_at
    from snap_tasks s where t.id = s.id and (t.*) is distinct from (s.*);
  insert into artifacts select s.* from snap_artifacts s where not exists (select 1 from artifacts a where a.id = s.id);
  update artifacts a set task_id = s.task_id, name = s.name, content = s.content,
         created_at = s.created_at, updated_at = s.updated_at
    from snap_artifacts s where a.id = s.id and (a.*) is distinct from (s.*);
  delete from artifacts a using tasks t
    where a.task_id = t.id and t.plan_id = '${PLAN}' and not exists (select 1 from snap_artifacts s where s.id = a.id);
  delete from tasks t where t.plan_id = '${PLAN}' and not exists (select 1 from snap_tasks s where s.id = t.id);
  select set_config('checkpoint.restoring', '', true);
`;

async function rollbackPart(c: pg.Client): Promise<string[][]> {
  const { checkpoint } = await buildPlan(c);
  const changes = await mutate(c);
  await c.query('vacuum analyze');
  const history = await count(c, 'select count(*) as n from checkpoints');
  const since = await count(c, `select count(*) as n from checkpoints where seq > (select seq from checkpoints where id = $1)`, [checkpoint]);
  console.log(`history: ${fmtInt(history)} checkpoints, ${fmtInt(since)} written since the checkpoint`);
  console.log(`changes: ${Object.entries(changes).map(([k, v]) => `${k} ${fmtInt(v)}`).join(', ')}`);

  const ours: number[] = [];
  const hand: number[] = [];
  const dry: number[] = [];
  let rows = 0;
  const handSql = HAND_RESTORE.replace('$CP', `'${checkpoint}'`);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? ['ours', 'hand'] : ['hand', 'ours'];
    for (const which of order) {
      await c.query('begin');
      if (which === 'ours') {
        const t = await timed(() => c.query(`select * from rollback_entity('plan', $1, to_checkpoint => $2)`, [PLAN, checkpoint]));
        ours.push(t.ms);
        rows = t.value.rowCount ?? 0;
      } else {
        const t = await timed(() => c.query(handSql));
        hand.push(t.ms);
      }
      // Both leave the same tree: check it, then undo the round.
      const left = await count(c, `select count(*) as n from artifacts a join tasks t on t.id = a.task_id where t.plan_id = $1`, [PLAN]);
      if (left !== 5000) throw new Error(`${which} restore left ${left} artifacts under the plan, expected 5000`);
      await c.query('rollback');
    }
    await c.query('begin');
    dry.push((await timed(() => c.query(`select * from rollback_entity('plan', $1, to_checkpoint => $2, dry_run => true)`, [PLAN, checkpoint]))).ms);
    await c.query('rollback');
  }
  const mOurs = median(ours);
  const mHand = median(hand);
  return [
    ['rollback_entity (cascade, real run)', fmt(mOurs), fmtInt(rows), '≤ 250 ms'],
    ['rollback_entity (dry_run)', fmt(median(dry)), fmtInt(rows), ''],
    ['hand-written restore from a snapshot', fmt(mHand), '', ''],
    ['ratio ours ÷ hand-written', `${fmt(mOurs / mHand, 2)}×`, '', '≤ 1×'],
  ];
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
  console.log(`bench:rollback on ${maskUrl(adminUrl())}, ${ROUNDS} rounds, ${fmtInt(HISTORY)} checkpoints for reads`);
  await withBenchDatabase(async (db) => {
    await applySchema(db.url);
    const c = await connect(db.url);
    try {
      await c.query(`set client_min_messages = warning`);
      const machine = await machineInfo(c);
      const rollback = await rollbackPart(c);
      const reads = await readPart(c);
      console.log('');
      console.log(formatTable(['rollback of 10,000 changes (plan: 1,000 tasks, 5,000 artifacts)', 'median ms', 'rows', 'target'], rollback, ['left', 'right', 'right', 'left']));
      console.log('');
      console.log(formatTable(['history reads', 'median ms', 'p95 ms', 'target'], reads.table, ['left', 'right', 'right', 'left']));
      console.log('');
      console.log(reads.explain);
      console.log('');
      console.log(formatMachine(machine));
    } finally {
      await c.end();
    }
  }, 'pgcp_bench_rb');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
