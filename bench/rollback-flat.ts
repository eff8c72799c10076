/**
 * bench:rollback's flat workload: one plan with BENCH_ITEMS (100,000) items
 * in a tracked child table `bench_items` (the capture bench's columns plus
 * plan_id, with an index on plan_id and the project's touch_updated_at
 * trigger), a manual checkpoint of the plan, a snapshot of its items taken
 * at the same moment for the hand-written restore, then 10,000 changes to
 * the items: 6,000 updates, 2,000 inserts and 2,000 deletes. Another plan's
 * items change too, before and after the checkpoint, so the history is not
 * only this plan's.
 */
import type pg from 'pg';

export const FLAT_PLAN = 'f0000000-0000-4000-8000-000000000001';
const FLAT_OTHER = 'f0000000-0000-4000-8000-000000000002';
const OTHER_ITEMS = 5_000;

const SCHEMA = `
create table bench_items (
  id         uuid primary key default gen_random_uuid(),
  plan_id    uuid not null references plans (id) on delete cascade,
  title      text not null,
  counter    integer not null default 0,
  status     text not null default 'pending'
             check (status in ('pending', 'running', 'done', 'failed')),
  meta       jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index bench_items_plan_id_idx on bench_items (plan_id);
-- As the domain tables have it (migrations/fixtures/domain.sql).
create trigger touch_updated_at before update on bench_items for each row
  when (coalesce(current_setting('checkpoint.restoring', true), '') <> 'on')
  execute function touch_updated_at();
select track_table('bench_items', 'bench_item', 'plan', 'plan_id');`;

function insertItems(plan: string, from: number, count: number): string {
  return `insert into bench_items (plan_id, title, counter, status, meta)
          select '${plan}', 'item ' || g || ' ' || md5(g::text), g % 1000,
                 (array['pending', 'running', 'done', 'failed'])[1 + g % 4],
                 jsonb_build_object('source', 'bench', 'n', g, 'score', round((g % 97) / 7.0, 2),
                                    'tags', jsonb_build_array('alpha', 'beta'))
          from generate_series(${from}, ${from + count - 1}) g`;
}

/** The table, the plan and its items, and another plan whose items change once. */
export async function buildFlat(c: pg.Client, items: number): Promise<void> {
  await c.query(SCHEMA);
  await c.query(`insert into plans (id, title) values ($1, 'flat plan'), ($2, 'flat neighbour')`, [FLAT_PLAN, FLAT_OTHER]);
  await c.query(insertItems(FLAT_PLAN, 1, items));
  await c.query(insertItems(FLAT_OTHER, 1, OTHER_ITEMS));
  await c.query(`update bench_items set counter = counter + 1 where plan_id = $1`, [FLAT_OTHER]);
}

/** The manual checkpoint, and the hand-written restore's snapshot taken at the same moment. */
export async function checkpointFlat(c: pg.Client): Promise<void> {
  await c.query(`select create_checkpoint('plan', $1, 'bench') as id`, [FLAT_PLAN]);
  await c.query(`create table snap_items as select * from bench_items where plan_id = $1`, [FLAT_PLAN]);
  await c.query(`alter table snap_items add primary key (id)`);
}

/**
 * 10,000 changes to the plan's items (counter = g % 1000, so each counter
 * value picks 0.1 % of them): 6,000 updates in three statements of 2,000,
 * 2,000 deletes, 2,000 inserts. Then the neighbour's items change again.
 * Scaled down with fewer items.
 */
export async function mutateFlat(c: pg.Client, items: number): Promise<Record<string, number>> {
  const done: Record<string, number> = {};
  const per = items / 1000; // rows per counter value
  const slice = (from: number, to: number): string => `plan_id = '${FLAT_PLAN}' and counter between ${from} and ${to}`;
  const run = async (label: string, sql: string): Promise<void> => {
    const r = await c.query(sql);
    done[label] = (done[label] ?? 0) + (r.rowCount ?? 0);
  };
  await run('update', `update bench_items set title = title || ' (edited)' where ${slice(0, 19)}`);
  await run('update', `update bench_items set status = 'done', meta = meta || '{"done": true}' where ${slice(20, 39)}`);
  await run('update', `update bench_items set counter = counter + 1000 where ${slice(40, 59)}`);
  await run('delete', `delete from bench_items where ${slice(60, 79)}`);
  await run('insert', insertItems(FLAT_PLAN, items + 1, Math.round(20 * per)));
  await c.query(`update bench_items set counter = counter + 1 where plan_id = $1`, [FLAT_OTHER]);
  return done;
}

/** The hand-written diff restore from the snapshot, with the capture triggers firing. */
export const FLAT_HAND_RESTORE = `
  select set_config('checkpoint.restoring', 'on', true);
  select set_config('checkpoint.reason', 'hand-written restore', true);
  delete from bench_items i
    where i.plan_id = '${FLAT_PLAN}' and not exists (select 1 from snap_items s where s.id = i.id);
  insert into bench_items select s.* from snap_items s where not exists (select 1 from bench_items i where i.id = s.id);
  update bench_items i set plan_id = s.plan_id, title = s.title, counter = s.counter, status = s.status,
         meta = s.meta, created_at = s.created_at, updated_at = s.updated_at
    from snap_items s where i.id = s.id and (i.*) is distinct from (s.*);
  select set_config('checkpoint.restoring', '', true);
`;

/** A digest of the whole items table (every row, every column). */
export const FLAT_HASH = `select md5(coalesce(string_agg(to_jsonb(i)::text, ',' order by i.id), '')) as hash from bench_items i`;

/** The digest the items table must have after a restore: the snapshot, and the other plans' items as they are. */
export const FLAT_EXPECTED_HASH = `
  select md5(coalesce(string_agg(to_jsonb(i)::text, ',' order by i.id), '')) as hash
  from (select * from snap_items union all select * from bench_items where plan_id <> '${FLAT_PLAN}') i`;
