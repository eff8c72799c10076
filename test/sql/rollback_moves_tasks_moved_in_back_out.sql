-- A task that another plan lost to this plan since the target is not this
-- plan's at the target: rolling this plan back returns it to its old plan.
begin;
select plan(2);

\set ns rollback_moves_tasks_moved_in_back_out
\ir fixtures/plan_tree.sql
-- another plan, outside the scope, with one task
insert into plans (id, title, status, created_at, updated_at) values
  (pg_temp.id('other plan'), 'Docs site', 'draft', '2026-01-01', '2026-01-01');
insert into tasks (id, plan_id, title, position, created_at, updated_at) values
  (pg_temp.id('other task'), pg_temp.id('other plan'), 'Write docs', 1, '2026-01-01', '2026-01-01');
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');
\ir fixtures/saved_states.sql

update tasks set plan_id = pg_temp.id('plan') where id = pg_temp.id('other task');

select * from rollback_entity('plan', pg_temp.id('plan'));

select is((select plan_id from tasks where id = pg_temp.id('other task')), pg_temp.id('other plan'),
          'the task moved in since goes back to the plan it came from');
select is(pg_temp.row_of('task', pg_temp.id('other task')), pg_temp.saved('other task'),
          'and is exactly as it was at the target');

select * from finish();
rollback;
