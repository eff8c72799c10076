/**
 * bench:rollback's tree workload: a plan with 1,000 tasks and 5,000
 * artifacts (plus 20 unrelated plans with their own history), a manual
 * checkpoint, snapshot tables for the hand-written restore, then 10,000
 * changes to the plan's tree: updates, inserts, deletes (some cascading) and
 * moves to another plan's task.
 */
import type pg from 'pg';

export const TREE_PLAN = 'b0000000-0000-4000-8000-000000000001';
const OTHER = 'b0000000-0000-4000-8000-000000000002';

/** The plan's tree and 20 other plans with some history. */
export async function buildTree(c: pg.Client): Promise<void> {
  await c.query(`insert into plans (id, title) values ($1, 'big plan'), ($2, 'other plan')`, [TREE_PLAN, OTHER]);
  await c.query(`insert into tasks (plan_id, title, position) select $1, 'task ' || g, g from generate_series(1, 1000) g`, [TREE_PLAN]);
  await c.query(`insert into tasks (plan_id, title, position) select $1, 'other ' || g, g from generate_series(1, 10) g`, [OTHER]);
  await c.query(
    `insert into artifacts (task_id, name, content)
     select t.id, 'artifact ' || g, repeat(md5(t.id::text || g), 6)
     from tasks t cross join generate_series(1, 5) g where t.plan_id = $1`,
    [TREE_PLAN],
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
}

/** The manual checkpoint, and the hand-written restore's snapshot taken at the same moment. */
export async function checkpointTree(c: pg.Client): Promise<string> {
  const { rows } = await c.query<{ id: string }>(`select create_checkpoint('plan', $1, 'bench') as id`, [TREE_PLAN]);
  await c.query(`create table snap_plan as select * from plans where id = $1`, [TREE_PLAN]);
  await c.query(`create table snap_tasks as select * from tasks where plan_id = $1`, [TREE_PLAN]);
  await c.query(`create table snap_artifacts as
                 select a.* from artifacts a join tasks t on t.id = a.task_id where t.plan_id = $1`, [TREE_PLAN]);
  await c.query(`alter table snap_tasks add primary key (id); alter table snap_artifacts add primary key (id)`);
  const id = rows[0]?.id;
  if (!id) throw new Error('create_checkpoint returned nothing');
  return id;
}

/** 10,000 changes to the plan's tree after the checkpoint. */
export async function mutateTree(c: pg.Client): Promise<Record<string, number>> {
  const done: Record<string, number> = {};
  const run = async (label: string, sql: string): Promise<void> => {
    const r = await c.query(sql, [TREE_PLAN, OTHER]);
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
export const TREE_HAND_RESTORE = `
  select set_config('checkpoint.restoring', 'on', true);
  select set_config('checkpoint.reason', 'hand-written restore', true);
  update plans p set title = s.title, status = s.status, created_at = s.created_at, updated_at = s.updated_at
    from snap_plan s where p.id = s.id and (p.*) is distinct from (s.*);
  insert into tasks select s.* from snap_tasks s where not exists (select 1 from tasks t where t.id = s.id);
  update tasks t set plan_id = s.plan_id, title = s.title, position = s.position, status = s.status,
         error = s.error, created_at = s.created_at, updated_at = s.updated_at
    from snap_tasks s where t.id = s.id and (t.*) is distinct from (s.*);
  insert into artifacts select s.* from snap_artifacts s where not exists (select 1 from artifacts a where a.id = s.id);
  update artifacts a set task_id = s.task_id, name = s.name, content = s.content,
         created_at = s.created_at, updated_at = s.updated_at
    from snap_artifacts s where a.id = s.id and (a.*) is distinct from (s.*);
  delete from artifacts a using tasks t
    where a.task_id = t.id and t.plan_id = '${TREE_PLAN}' and not exists (select 1 from snap_artifacts s where s.id = a.id);
  delete from tasks t where t.plan_id = '${TREE_PLAN}' and not exists (select 1 from snap_tasks s where s.id = t.id);
  select set_config('checkpoint.restoring', '', true);
`;

/** A digest of the domain tables a tree restore writes (every row, every column). */
export const TREE_HASH = `
  select md5(
    (select coalesce(string_agg(to_jsonb(p)::text, ',' order by p.id), '') from plans p) ||
    (select coalesce(string_agg(to_jsonb(t)::text, ',' order by t.id), '') from tasks t) ||
    (select coalesce(string_agg(to_jsonb(a)::text, ',' order by a.id), '') from artifacts a)) as hash`;
