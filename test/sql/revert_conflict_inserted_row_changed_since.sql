-- A row the unit inserted that someone else changed since is a conflict
-- naming the changed columns: under abort 55000 naming it; under skip it is
-- reported 'skipped', its conflict names title and status (the other
-- agent's columns) and not the columns nobody changed, and it stays.
begin;
select plan(7);

\set ns revert_conflict_inserted_row_changed_since
\ir fixtures/plan_tree.sql
\ir fixtures/attempt.sql
\ir fixtures/revert.sql

select pg_temp.as_agent('agent A');
insert into tasks (id, plan_id, title, position) values (pg_temp.id('new task'), pg_temp.id('plan'), 'Announce', 3);
select pg_temp.as_agent('agent B');
update tasks set title = 'Announce on the blog', status = 'running' where id = pg_temp.id('new task');
select pg_temp.as_nobody();
create temp table current_row as select pg_temp.row_of('task', pg_temp.id('new task')) as r;

create temp table outcome as
  select pg_temp.attempt(format('select * from revert_changes(request_id => %L)', pg_temp.id('agent A'))) as o;
select is((select o ->> 'sqlstate' from outcome), '55000', 'under abort: 55000');
select ok((select concat(o ->> 'message', ' ', o ->> 'detail') like '%' || pg_temp.id('new task') || '%' from outcome),
          'its message or detail names the task');

create temp table result as select * from revert_changes(request_id => pg_temp.id('agent A'), on_conflict => 'skip');
select results_eq($$ select entity_type, entity_id, action from result $$,
                  $$ values ('task', pg_temp.id('new task'), 'skipped') $$,
                  'under skip the task is reported skipped');
select ok((select conflict like '%title%' from result), 'the conflict names title');
select ok((select conflict like '%status%' from result), 'the conflict names status');
select ok((select conflict !~ 'position|plan_id|error' from result), 'the conflict names no column nobody changed');
select is(pg_temp.row_of('task', pg_temp.id('new task')), (select r from current_row), 'the task stays as the other agent left it');

select * from finish();
rollback;
