-- An artifact moved out of the plan's tasks, into a task of another plan,
-- since the target moves back to its task.
begin;
select plan(3);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('rollback_moves_artifacts_back/' || $1)::uuid $$;
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
-- another plan, outside the scope, with one task
insert into plans (id, title, status, created_at, updated_at) values
  (pg_temp.id('other plan'), 'Docs site', 'draft', '2026-01-01', '2026-01-01');
insert into tasks (id, plan_id, title, position, created_at, updated_at) values
  (pg_temp.id('other task'), pg_temp.id('other plan'), 'Write docs', 1, '2026-01-01', '2026-01-01');
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');
create temp table saved as
  select 'plan' as entity_type, id, to_jsonb(x) as state from plans x
  union all select 'task', id, to_jsonb(x) from tasks x
  union all select 'artifact', id, to_jsonb(x) from artifacts x;
create function pg_temp.saved(text) returns jsonb language sql stable
  as $$ select state from saved where id = pg_temp.id($1) $$;

update artifacts set task_id = pg_temp.id('other task') where id = pg_temp.id('artifact 1');
update artifacts set task_id = pg_temp.id('task 2') where id = pg_temp.id('artifact 2');

select * from rollback_entity('plan', pg_temp.id('plan'));

select is((select task_id from artifacts where id = pg_temp.id('artifact 1')), pg_temp.id('task 1'),
          'an artifact moved into another plan''s task is back under its task');
select is(pg_temp.row_of('artifact', pg_temp.id('artifact 1')), pg_temp.saved('artifact 1'),
          'and is exactly as it was');
select is((select task_id from artifacts where id = pg_temp.id('artifact 2')), pg_temp.id('task 1'),
          'an artifact moved to a sibling task is back under its task');

select * from finish();
rollback;
