-- Rows of the scope changed since the target get their saved state back, at
-- every level: the plan, a task, an artifact.
begin;
select plan(3);

\set ns rollback_restores_changed_rows
\ir fixtures/plan_tree.sql
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');
\ir fixtures/saved_states.sql

update plans set status = 'failed', title = 'Release 2.0 (broken)' where id = pg_temp.id('plan');
update tasks set status = 'failed', error = 'agent crashed' where id = pg_temp.id('task 2');
update artifacts set content = 'garbage' where id = pg_temp.id('artifact 1');

select * from rollback_entity('plan', pg_temp.id('plan'));

select is(pg_temp.row_of('plan', pg_temp.id('plan')), pg_temp.saved('plan'), 'the changed plan is restored exactly');
select is(pg_temp.row_of('task', pg_temp.id('task 2')), pg_temp.saved('task 2'), 'the changed task is restored exactly');
select is(pg_temp.row_of('artifact', pg_temp.id('artifact 1')), pg_temp.saved('artifact 1'),
          'the changed artifact is restored exactly');

select * from finish();
rollback;
