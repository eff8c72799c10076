-- Any tracked type can be the root: rolling a task back restores its own row
-- and its artifacts, and leaves its plan and sibling tasks alone.
begin;
select plan(4);

\set ns rollback_task_cascades_to_its_artifacts
\ir fixtures/plan_tree.sql
\ir fixtures/saved_states.sql

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
