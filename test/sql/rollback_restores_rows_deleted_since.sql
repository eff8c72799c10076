-- Rows deleted since the target (each by its own DELETE) come back exactly.
begin;
select plan(2);

\set ns rollback_restores_rows_deleted_since
\ir fixtures/plan_tree.sql
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');
\ir fixtures/saved_states.sql

delete from artifacts where id = pg_temp.id('artifact 2');
delete from tasks where id = pg_temp.id('task 2');

select * from rollback_entity('plan', pg_temp.id('plan'));

select is(pg_temp.row_of('task', pg_temp.id('task 2')), pg_temp.saved('task 2'),
          'the deleted task is back, exactly as it was');
select is(pg_temp.row_of('artifact', pg_temp.id('artifact 2')), pg_temp.saved('artifact 2'),
          'the deleted artifact is back, exactly as it was');

select * from finish();
rollback;
