-- Someone else changed the row after the unit, in other columns: the revert
-- merges column by column. The columns the unit changed go back to before
-- (the other agent left them as the unit wrote them); the other agent's
-- columns keep its values; columns nobody changed stay; updated_at keeps its
-- current value (the row as a whole is not back to before). No conflict.
begin;
select plan(7);

\set ns revert_keeps_later_changes_of_others
\ir fixtures/plan_tree.sql
\ir fixtures/saved_states.sql
\ir fixtures/revert.sql

select pg_temp.as_agent('agent A');
update tasks set title = 'Write the changelog, again', position = 5 where id = pg_temp.id('task 1');
select pg_temp.as_agent('agent B');
update tasks set status = 'failed', error = 'disk full' where id = pg_temp.id('task 1');
select pg_temp.as_nobody();

create temp table current_row as select pg_temp.row_of('task', pg_temp.id('task 1')) as r;
create temp table result as select * from revert_changes(request_id => pg_temp.id('agent A'));

select results_eq($$ select entity_type, entity_id, action, conflict from result $$,
                  $$ values ('task', pg_temp.id('task 1'), 'updated', null::text) $$,
                  'the task is updated, without conflict');
select is((select title from tasks where id = pg_temp.id('task 1')), 'Write changelog', 'the unit''s title goes back');
select is((select position from tasks where id = pg_temp.id('task 1')), 1, 'the unit''s position goes back');
select is((select status from tasks where id = pg_temp.id('task 1')), 'failed', 'the other agent''s status stays');
select is((select error from tasks where id = pg_temp.id('task 1')), 'disk full', 'the other agent''s error stays');
select is((select updated_at from tasks where id = pg_temp.id('task 1')), (select (r ->> 'updated_at')::timestamptz from current_row),
          'updated_at keeps its current value in a merge');
select is(pg_temp.row_of('task', pg_temp.id('task 1')) - 'title' - 'position',
          (select r - 'title' - 'position' from current_row),
          'every column the unit did not change keeps its current value');

select * from finish();
rollback;
