-- The unit deleted a plan; ON DELETE CASCADE took its tasks and artifacts in
-- the same statement, and those captures belong to the unit too. The revert
-- brings the whole tree back exactly, parents before children (no foreign
-- key error), and reports every row.
begin;
select plan(6);

\set ns revert_reinserts_cascade_deleted_tree
\ir fixtures/plan_tree.sql
\ir fixtures/saved_states.sql
\ir fixtures/revert.sql

select pg_temp.as_agent('agent A');
delete from plans where id = pg_temp.id('plan');
select pg_temp.as_nobody();
select is((select count(*) from artifacts where task_id = pg_temp.id('task 1')), 0::bigint,
          'precondition: deleting the plan cascaded to its tasks and artifacts');

create temp table result as select * from revert_changes(request_id => pg_temp.id('agent A'));

select set_eq($$ select entity_type, entity_id, action, conflict from result $$,
              $$ select entity_type, id, 'inserted', null::text from saved $$,
              'the plan and every cascade-deleted row are reported inserted');
select is(pg_temp.row_of('plan', pg_temp.id('plan')), pg_temp.saved('plan'), 'the plan is back exactly');
select is(pg_temp.row_of('task', pg_temp.id('task 1')), pg_temp.saved('task 1'), 'task 1 is back exactly');
select is(pg_temp.row_of('task', pg_temp.id('task 2')), pg_temp.saved('task 2'), 'task 2 is back exactly');
select set_eq($$ select to_jsonb(x) from artifacts x where task_id = pg_temp.id('task 1') $$,
              $$ values (pg_temp.saved('artifact 1')), (pg_temp.saved('artifact 2')) $$,
              'both artifacts are back exactly');

select * from finish();
rollback;
