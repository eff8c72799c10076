-- The unit first edits task 1, then deletes its artifacts explicitly and
-- then the task itself (children before the parent, as the foreign keys
-- require). The revert re-inserts the task before its artifacts, whatever
-- the order of the unit's first changes, without a foreign key error, and
-- every row comes back as before the unit.
begin;
select plan(5);

\set ns revert_parents_inserted_before_children
\ir fixtures/plan_tree.sql
\ir fixtures/saved_states.sql
\ir fixtures/attempt.sql
\ir fixtures/revert.sql

select pg_temp.as_agent('agent A');
update tasks set status = 'failed' where id = pg_temp.id('task 1');              -- task 1's first change comes first
update artifacts set content = 'changed' where id = pg_temp.id('artifact 1');
delete from artifacts where id = pg_temp.id('artifact 1');
delete from artifacts where id = pg_temp.id('artifact 2');
delete from tasks where id = pg_temp.id('task 1');
select pg_temp.as_nobody();

select results_eq($$ select entity_type, entity_id, action from revert_changes(request_id => pg_temp.id('agent A'), dry_run => true)
                     order by entity_type desc, entity_id $$,
                  $$ select * from (values ('task', pg_temp.id('task 1'), 'inserted'),
                                           ('artifact', pg_temp.id('artifact 1'), 'inserted'),
                                           ('artifact', pg_temp.id('artifact 2'), 'inserted')) v (t, i, a)
                     order by t desc, i $$,
                  'the revert is to re-insert the task and both artifacts');

create temp table outcome as
  select pg_temp.attempt(format('select * from revert_changes(request_id => %L)', pg_temp.id('agent A'))) as o;
select is((select o ->> 'sqlstate' from outcome), '00000', 'the revert succeeds (no foreign key error)');
select diag('revert_changes: ' || o::text) from outcome where o ->> 'sqlstate' <> '00000';

select is(pg_temp.row_of('task', pg_temp.id('task 1')), pg_temp.saved('task 1'), 'the task is back as before the unit');
select is(pg_temp.row_of('artifact', pg_temp.id('artifact 1')), pg_temp.saved('artifact 1'), 'artifact 1 is back as before the unit');
select is(pg_temp.row_of('artifact', pg_temp.id('artifact 2')), pg_temp.saved('artifact 2'), 'artifact 2 is back as before the unit');

select * from finish();
rollback;
