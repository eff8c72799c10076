-- Rows that ON DELETE CASCADE removed since the target (deleting a task takes
-- its artifacts) come back with the row that was deleted.
begin;
select plan(4);

\set ns rollback_restores_rows_deleted_by_cascade
\ir fixtures/plan_tree.sql
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');
\ir fixtures/saved_states.sql

delete from tasks where id = pg_temp.id('task 1');
select is((select count(*) from artifacts where task_id = pg_temp.id('task 1')), 0::bigint,
          'precondition: deleting task 1 cascaded to its artifacts');

select * from rollback_entity('plan', pg_temp.id('plan'));

select is(pg_temp.row_of('task', pg_temp.id('task 1')), pg_temp.saved('task 1'), 'the deleted task is back exactly');
select is(pg_temp.row_of('artifact', pg_temp.id('artifact 1')), pg_temp.saved('artifact 1'),
          'its first cascade-deleted artifact is back exactly');
select is(pg_temp.row_of('artifact', pg_temp.id('artifact 2')), pg_temp.saved('artifact 2'),
          'its second cascade-deleted artifact is back exactly');

select * from finish();
rollback;
