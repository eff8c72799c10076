-- A task moved from the plan to another plan since the target moves back,
-- and its artifacts come with it untouched.
begin;
select plan(4);

\set ns rollback_moves_tasks_back
\ir fixtures/plan_tree.sql
-- another plan, outside the scope, with one task
insert into plans (id, title, status, created_at, updated_at) values
  (pg_temp.id('other plan'), 'Docs site', 'draft', '2026-01-01', '2026-01-01');
insert into tasks (id, plan_id, title, position, created_at, updated_at) values
  (pg_temp.id('other task'), pg_temp.id('other plan'), 'Write docs', 1, '2026-01-01', '2026-01-01');
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');
\ir fixtures/saved_states.sql

update tasks set plan_id = pg_temp.id('other plan'), position = 9 where id = pg_temp.id('task 1');

select * from rollback_entity('plan', pg_temp.id('plan'));

select is((select plan_id from tasks where id = pg_temp.id('task 1')), pg_temp.id('plan'),
          'the task that moved to another plan is back under the plan');
select is(pg_temp.row_of('task', pg_temp.id('task 1')), pg_temp.saved('task 1'), 'the moved task is exactly as it was');
select is(pg_temp.row_of('artifact', pg_temp.id('artifact 1')), pg_temp.saved('artifact 1'),
          'its artifacts are unchanged');
select is(pg_temp.row_of('task', pg_temp.id('other task')), pg_temp.saved('other task'),
          'the other plan''s own task is untouched');

select * from finish();
rollback;
