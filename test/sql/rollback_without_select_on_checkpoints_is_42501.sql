-- Rolling back reads the history with the caller's privileges: a role with
-- every privilege on the tables but no SELECT on checkpoints gets 42501.
begin;
select plan(2);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('rollback_without_select_on_checkpoints_is_42501/' || $1)::uuid $$;
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

create role rollback_test_no_history nologin;
grant select, insert, update, delete on plans, tasks, artifacts to rollback_test_no_history;
update plans set title = 'changed' where id = pg_temp.id('plan');

set local role rollback_test_no_history;
select throws_ok($$ select * from rollback_entity('plan', md5('rollback_without_select_on_checkpoints_is_42501/plan')::uuid) $$,
                 '42501', null, 'a role without SELECT on checkpoints cannot roll back (42501)');
reset role;
select is((select title from plans where id = pg_temp.id('plan')), 'changed', 'the plan is unchanged');

select * from finish();
rollback;
