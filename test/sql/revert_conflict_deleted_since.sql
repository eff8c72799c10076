-- A row the unit updated and someone else deleted since is a conflict,
-- 'deleted since': under abort 55000 naming it; under skip it is reported
-- 'skipped' and stays deleted.
begin;
select plan(5);

\set ns revert_conflict_deleted_since
\ir fixtures/plan_tree.sql
\ir fixtures/attempt.sql
\ir fixtures/revert.sql

select pg_temp.as_agent('agent A');
update tasks set title = 'Tag the release candidate' where id = pg_temp.id('task 2');
select pg_temp.as_agent('agent B');
delete from tasks where id = pg_temp.id('task 2');
select pg_temp.as_nobody();

create temp table outcome as
  select pg_temp.attempt(format('select * from revert_changes(request_id => %L)', pg_temp.id('agent A'))) as o;
select is((select o ->> 'sqlstate' from outcome), '55000', 'under abort: 55000');
select ok((select concat(o ->> 'message', ' ', o ->> 'detail') like '%' || pg_temp.id('task 2') || '%' from outcome),
          'its message or detail names the deleted task');

create temp table result as select * from revert_changes(request_id => pg_temp.id('agent A'), on_conflict => 'skip');
select results_eq($$ select entity_type, entity_id, action from result $$,
                  $$ values ('task', pg_temp.id('task 2'), 'skipped') $$,
                  'under skip the task is reported skipped');
select is((select conflict from result), 'deleted since', 'the conflict is ''deleted since''');
select is_empty($$ select 1 from tasks where id = pg_temp.id('task 2') $$, 'the task stays deleted');

select * from finish();
rollback;
