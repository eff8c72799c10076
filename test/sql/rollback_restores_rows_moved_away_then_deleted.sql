-- A task moved to another plan since, then deleted there (the other plan was
-- deleted, cascading to the task and its artifacts), still belongs to the
-- plan at the target: rolling the plan back brings it and its artifacts back.
begin;
select plan(4);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('rollback_restores_rows_moved_away_then_deleted/' || $1)::uuid $$;
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

update tasks set plan_id = pg_temp.id('other plan') where id = pg_temp.id('task 1');
delete from plans where id = pg_temp.id('other plan');

select set_eq(format('select * from rollback_entity(%L, %L)', 'plan', pg_temp.id('plan')),
              format($$ values ('task', %L::uuid, 'inserted'), ('artifact', %L, 'inserted'), ('artifact', %L, 'inserted') $$,
                     pg_temp.id('task 1'), pg_temp.id('artifact 1'), pg_temp.id('artifact 2')),
              'the task and its two artifacts are re-inserted');
select is(pg_temp.row_of('task', pg_temp.id('task 1')), pg_temp.saved('task 1'), 'the task is back under the plan, exactly');
select is(pg_temp.row_of('artifact', pg_temp.id('artifact 2')), pg_temp.saved('artifact 2'), 'its artifacts are back, exactly');
select is(pg_temp.row_of('plan', pg_temp.id('other plan')), null, 'the other plan, outside the scope, stays deleted');

select * from finish();
rollback;
