/**
 * bench:rollback's floor: the cheapest honest rollback of each workload from
 * the history, as someone who knows the schema would write it by hand. It
 * does the work a rollback cannot skip, and nothing else:
 *
 *   - scope: the entities below the plan with a checkpoint since the point,
 *     found through the history's parent links (the plan's tasks and items,
 *     as their parent then or as the parent they left; for the tree, then
 *     the artifacts below every task in scope, live or from the history);
 *   - target: each one's state at the point (its latest checkpoint before
 *     it: one index probe), the SHA-256 of every state to be written
 *     verified against its stored hash (XX001 otherwise);
 *   - writes: rows created since deleted, changed rows updated, deleted rows
 *     inserted, from the states (jsonb_populate_record), with
 *     checkpoint.restoring on and the capture triggers firing, as one point
 *     (one statement: its data-modifying CTEs touch disjoint rows, and the
 *     foreign keys are checked at its end).
 *
 * What pg-checkpoint's rollback_entity does on top, and the floor does not:
 * any types and depths (the floor is written for these tables), row locks
 * against concurrent writers, row-level security (it reads and writes as the
 * caller and refuses what it cannot see), the refusals before any write
 * (23503), values JSON cannot say (state_exact), states saved before a schema
 * change, the check that every written row equals its target (XX001 naming
 * the columns), and its report. The dry-run floor is the same without the
 * writes: the actions, from the verified targets against the live rows.
 *
 * The point is the manual checkpoint's own: it is alone in its point, so the
 * history since it is what has a seq above the checkpoint's. The bench looks
 * that seq up first and passes lo (the checkpoint's seq + 1) as a literal,
 * as rollback_entity looks its point up before it plans.
 */
import { FLAT_PLAN } from './rollback-flat.ts';
import { TREE_PLAN } from './rollback-tree.ts';

/** Raises XX001 (created in the bench database by FLOOR_SETUP). */
export const FLOOR_SETUP = `
  create or replace function bench_corrupted(p_id uuid) returns boolean
  language plpgsql as $$
  begin
    raise exception 'checkpoint of % is corrupted', p_id using errcode = 'data_corrupted';
  end;
  $$;`;

/** The targets of one type: each entity's latest checkpoint before the point, the states to write verified. */
function targets(ids: string): string {
  return `
    select s.id, x.operation, x.state_data,
           x.state_data is not null and x.operation <> 'delete'
             and (encode(digest(x.state_data::text, 'sha256'), 'hex') = x.state_hash or bench_corrupted(s.id)) as present
    from ${ids} s cross join lo
    left join lateral (select x.operation, x.state_data, x.state_hash from checkpoints x
                       where x.entity_id = s.id and x.seq < lo.lo order by x.seq desc limit 1) x on true`;
}

/** The entities of one type with a checkpoint since the point below one of the parents. */
function changedBelow(parents: string, type: string): string {
  return `
    select c.entity_id as id from checkpoints c, lo
    where c.parent_id in (${parents}) and c.seq >= lo.lo and c.entity_type = '${type}'
    union
    select c.entity_id from checkpoints c, lo
    where c.prev_parent_id in (${parents}) and c.seq >= lo.lo and c.entity_type = '${type}'`;
}

/** The actions for one table, from its verified targets against the live rows: (id, action). */
function actions(target: string, table: string): string {
  return `
    select t.id, case when not t.present then 'deleted'
                      when l.id is null then 'inserted'
                      else 'updated' end as action
    from ${target} t
    left join ${table} l on l.id = t.id
    where case when not t.present then l.id is not null
               else l.id is null or l is distinct from jsonb_populate_record(null::${table}, t.state_data) end`;
}

const RESTORING = `select set_config('checkpoint.restoring', 'on', true), set_config('checkpoint.reason', 'floor rollback', true);`;

const FLAT_COLUMNS = ['plan_id', 'title', 'counter', 'status', 'meta', 'created_at', 'updated_at'];
const TASK_COLUMNS = ['plan_id', 'title', 'position', 'status', 'error', 'timeout_ms', 'created_at', 'updated_at'];
const ARTIFACT_COLUMNS = ['task_id', 'name', 'content', 'created_at', 'updated_at'];

/** The writes of one table from its actions (a: id, action) and targets (t). */
function writes(prefix: string, table: string, columns: readonly string[], a: string, t: string): string {
  const cols = columns.join(', ');
  const vals = columns.map((c) => `r.${c}`).join(', ');
  return `
    ${prefix}_d as (delete from ${table} l using ${a} a where l.id = a.id and a.action = 'deleted' returning 1),
    ${prefix}_u as (update ${table} l set (${cols}) = row(${vals})
                    from ${a} a join ${t} t on t.id = a.id
                    cross join lateral jsonb_populate_record(null::${table}, t.state_data) r
                    where l.id = a.id and a.action = 'updated' returning 1),
    ${prefix}_i as (insert into ${table}
                    select r.* from ${a} a join ${t} t on t.id = a.id
                    cross join lateral jsonb_populate_record(null::${table}, t.state_data) r
                    where a.action = 'inserted' returning 1)`;
}

function flatCtes(lo: string): string {
  return `
  with lo as not materialized (select ${lo}::bigint as lo),
  ch as materialized (${changedBelow(`'${FLAT_PLAN}'`, 'bench_item')}),
  t as materialized (${targets('ch')}),
  a as materialized (${actions('t', 'bench_items')})`;
}

/** Flat floor rollback to the point that begins at seq lo: one statement; one row per entity written. */
export function flatFloor(lo: string): string {
  return `${RESTORING}
  ${flatCtes(lo)},
  ${writes('i', 'bench_items', FLAT_COLUMNS, 'a', 't')}
  select a.id, a.action from a;`;
}

/** Flat floor dry run: the actions alone. */
export function flatFloorDry(lo: string): string {
  return `${flatCtes(lo)}
  select a.id, a.action from a;`;
}

function treeCtes(lo: string): string {
  return `
  with lo as not materialized (select ${lo}::bigint as lo),
  tch as materialized (${changedBelow(`'${TREE_PLAN}'`, 'task')}),
  -- tasks in scope: those with history below the plan since the point, and its live tasks
  tsc as materialized (select id from tch union select t.id from tasks t where t.plan_id = '${TREE_PLAN}'),
  ach as materialized (${changedBelow('select id from tsc', 'artifact')}),
  pt as materialized (
    select '${TREE_PLAN}'::uuid as id where exists (
      select 1 from checkpoints c, lo where c.entity_id = '${TREE_PLAN}' and c.seq >= lo.lo)),
  tp as materialized (${targets('pt')}),
  tt as materialized (${targets('tch')}),
  ta as materialized (${targets('ach')}),
  ap as materialized (${actions('tp', 'plans')}),
  at as materialized (${actions('tt', 'tasks')}),
  aa as materialized (${actions('ta', 'artifacts')})`;
}

/** Tree floor rollback to the point that begins at seq lo: one statement; one row per entity written. */
export function treeFloor(lo: string): string {
  return `${RESTORING}
  ${treeCtes(lo)},
  ${writes('p', 'plans', ['title', 'status', 'created_at', 'updated_at'], 'ap', 'tp')},
  ${writes('t', 'tasks', TASK_COLUMNS, 'at', 'tt')},
  ${writes('a', 'artifacts', ARTIFACT_COLUMNS, 'aa', 'ta')}
  select id, action from ap union all select id, action from at union all select id, action from aa;`;
}

/** Tree floor dry run: the actions alone. */
export function treeFloorDry(lo: string): string {
  return `${treeCtes(lo)}
  select id, action from ap union all select id, action from at union all select id, action from aa;`;
}
