-- Any tracked type can be the root: rolling a task back restores its own row
-- and its artifacts, and leaves its plan and sibling tasks alone.
begin;
select plan(4);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('rollback_task_cascades_to_its_artifacts/' || $1)::uuid $$;
create function pg_temp.row_of(entity_type text, entity_id uuid) returns jsonb language sql stable as $$
  select case entity_type
    when 'plan'     then (select to_jsonb(x) from plans x where x.id = entity_id)
    when 'task'     then (select to_jsonb(x) from tasks x where x.id = entity_id)
    when 'artifact' then (select to_jsonb(x) from artifacts x where x.id = entity_id) end $$;
-- plan with two tasks; task 1 has two artifacts (fixed past timestamps, so
-- that a write stamped with now() is always visible)
insert into plans (id, title, status, created_at, updated_at) values
  (pg_temp.id('plan'), 'Release 2.0', 'running', '2026-01-01', '2026-01-01');
insert into tasks (id, plan_id, title, position, status, created_at, updated_at) values
  (pg_temp.id('task 1'), pg_temp.id('plan'), 'Write changelog', 1, 'done',    '2026-01-01', '2026-01-02'),
  (pg_temp.id('task 2'), pg_temp.id('plan'), 'Tag release',     2, 'pending', '2026-01-01', '2026-01-01');
insert into artifacts (id, task_id, name, content, created_at, updated_at) values
  (pg_temp.id('artifact 1'), pg_temp.id('task 1'), 'CHANGELOG.md', '## 2.0', '2026-01-02', '2026-01-02'),
  (pg_temp.id('artifact 2'), pg_temp.id('task 1'), 'notes.txt',    'draft',  '2026-01-02', '2026-01-02');
create temp table saved as
  select 'plan' as entity_type, id, to_jsonb(x) as state from plans x
  union all select 'task', id, to_jsonb(x) from tasks x
  union all select 'artifact', id, to_jsonb(x) from artifacts x;
create function pg_temp.saved(text) returns jsonb language sql stable
  as $$ select state from saved where id = pg_temp.id($1) $$;

select create_checkpoint('task', pg_temp.id('task 1'));
update plans set title = 'renamed' where id = pg_temp.id('plan');
update tasks set status = 'failed' where id = pg_temp.id('task 1');
update tasks set status = 'running' where id = pg_temp.id('task 2');
update artifacts set content = 'changed' where id = pg_temp.id('artifact 1');
insert into artifacts (id, task_id, name) values (pg_temp.id('new artifact'), pg_temp.id('task 1'), 'new.txt');

select set_eq(format('select * from rollback_entity(%L, %L)', 'task', pg_temp.id('task 1')),
              format($$ values ('task', %L::uuid, 'updated'), ('artifact', %L, 'updated'), ('artifact', %L, 'deleted') $$,
                     pg_temp.id('task 1'), pg_temp.id('artifact 1'), pg_temp.id('new artifact')),
              'the task and its artifacts are rolled back');
select is(pg_temp.row_of('artifact', pg_temp.id('artifact 1')), pg_temp.saved('artifact 1'), 'its changed artifact is restored exactly');
select is((select title from plans where id = pg_temp.id('plan')), 'renamed', 'its plan, above it, is not touched');
select is((select status from tasks where id = pg_temp.id('task 2')), 'running', 'its sibling task is not touched');

select * from finish();
rollback;
