-- Rolling a plan back deletes what was created below it since the target:
-- new tasks, their artifacts, and new artifacts of existing tasks.
begin;
select plan(5);

\set ns rollback_deletes_rows_created_since
\ir fixtures/plan_tree.sql
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');
\ir fixtures/saved_states.sql

insert into tasks (id, plan_id, title, position) values (pg_temp.id('new task'), pg_temp.id('plan'), 'Hallucinated step', 3);
insert into artifacts (id, task_id, name) values
  (pg_temp.id('artifact of new task'), pg_temp.id('new task'), 'junk.txt'),
  (pg_temp.id('new artifact of task 1'), pg_temp.id('task 1'), 'scratch.txt');

select * from rollback_entity('plan', pg_temp.id('plan'));

select is(pg_temp.row_of('task', pg_temp.id('new task')), null, 'the task created since is deleted');
select is(pg_temp.row_of('artifact', pg_temp.id('artifact of new task')), null,
          'the artifact of the task created since is deleted');
select is(pg_temp.row_of('artifact', pg_temp.id('new artifact of task 1')), null,
          'an artifact created since under an existing task is deleted');
select is(pg_temp.row_of('task', pg_temp.id('task 1')), pg_temp.saved('task 1'), 'the existing task is kept as it was');
select is(pg_temp.row_of('artifact', pg_temp.id('artifact 1')), pg_temp.saved('artifact 1'),
          'the existing artifact is kept as it was');

select * from finish();
rollback;
