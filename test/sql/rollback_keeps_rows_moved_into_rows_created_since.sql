-- A task created since is deleted by the rollback, but an existing artifact
-- that was moved into it since must not go with it (ON DELETE CASCADE): the
-- artifact moves back to its task first, and survives exactly.
begin;
select plan(3);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('rollback_keeps_rows_moved_into_rows_created_since/' || $1)::uuid $$;
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
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');
create temp table saved as
  select 'plan' as entity_type, id, to_jsonb(x) as state from plans x
  union all select 'task', id, to_jsonb(x) from tasks x
  union all select 'artifact', id, to_jsonb(x) from artifacts x;
create function pg_temp.saved(text) returns jsonb language sql stable
  as $$ select state from saved where id = pg_temp.id($1) $$;

insert into tasks (id, plan_id, title, position) values (pg_temp.id('new task'), pg_temp.id('plan'), 'Reorganise', 3);
update artifacts set task_id = pg_temp.id('new task') where id = pg_temp.id('artifact 1');

select set_eq(format('select * from rollback_entity(%L, %L)', 'plan', pg_temp.id('plan')),
              format($$ values ('task', %L::uuid, 'deleted'), ('artifact', %L, 'updated') $$,
                     pg_temp.id('new task'), pg_temp.id('artifact 1')),
              'the new task is deleted and the moved artifact updated (not deleted and re-inserted)');
select is(pg_temp.row_of('task', pg_temp.id('new task')), null, 'the task created since is gone');
select is(pg_temp.row_of('artifact', pg_temp.id('artifact 1')), pg_temp.saved('artifact 1'),
          'the artifact that had moved into it is back under its task, exactly');

select * from finish();
rollback;
