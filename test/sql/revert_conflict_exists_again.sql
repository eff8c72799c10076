-- A row the unit deleted that someone wrote again since (same id) is a
-- conflict, 'exists again': under abort 55000 naming it; under skip it is
-- reported 'skipped' and the other agent's row stays as it is.
begin;
select plan(5);

\set ns revert_conflict_exists_again
\ir fixtures/plan_tree.sql
\ir fixtures/attempt.sql
\ir fixtures/revert.sql

select pg_temp.as_agent('agent A');
delete from artifacts where id = pg_temp.id('artifact 2');
select pg_temp.as_agent('agent B');
insert into artifacts (id, task_id, name, content)
values (pg_temp.id('artifact 2'), pg_temp.id('task 1'), 'notes.txt', 'rewritten by agent B');
select pg_temp.as_nobody();
create temp table current_row as select pg_temp.row_of('artifact', pg_temp.id('artifact 2')) as r;

create temp table outcome as
  select pg_temp.attempt(format('select * from revert_changes(request_id => %L)', pg_temp.id('agent A'))) as o;
select is((select o ->> 'sqlstate' from outcome), '55000', 'under abort: 55000');
select ok((select concat(o ->> 'message', ' ', o ->> 'detail') like '%' || pg_temp.id('artifact 2') || '%' from outcome),
          'its message or detail names the artifact');

create temp table result as select * from revert_changes(request_id => pg_temp.id('agent A'), on_conflict => 'skip');
select results_eq($$ select entity_type, entity_id, action from result $$,
                  $$ values ('artifact', pg_temp.id('artifact 2'), 'skipped') $$,
                  'under skip the artifact is reported skipped');
select is((select conflict from result), 'exists again', 'the conflict is ''exists again''');
select is(pg_temp.row_of('artifact', pg_temp.id('artifact 2')), (select r from current_row),
          'the row the other agent wrote stays as it is');

select * from finish();
rollback;
