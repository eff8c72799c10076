-- Someone else changed, after the unit, a column the unit changed too: a
-- conflict. With on_conflict 'abort' (the default) the revert raises 55000
-- (object_not_in_prerequisite_state), its message or DETAIL names the
-- conflicting entity, and nothing changes (not even the unit's other,
-- conflict-free entities).
begin;
select plan(5);

\set ns revert_column_conflict_aborts_with_55000
\ir fixtures/plan_tree.sql
\ir fixtures/attempt.sql
\ir fixtures/revert.sql

select pg_temp.as_agent('agent A');
update plans set title = 'Release 2.1' where id = pg_temp.id('plan');
update tasks set title = 'Write the changelog, again' where id = pg_temp.id('task 1');
select pg_temp.as_agent('agent B');
update tasks set title = 'Write the release notes' where id = pg_temp.id('task 1');
select pg_temp.as_nobody();

create temp table before_revert as select pg_temp.tables() as t, (select count(*) from checkpoints) as n;

create temp table outcome as
  select pg_temp.attempt(format('select * from revert_changes(request_id => %L)', pg_temp.id('agent A'))) as o;
select is((select o ->> 'sqlstate' from outcome), '55000', 'a column conflict under abort raises 55000');
select diag('revert_changes: ' || o::text) from outcome where o ->> 'sqlstate' <> '55000';
select ok((select concat(o ->> 'message', ' ', o ->> 'detail') like '%' || pg_temp.id('task 1') || '%' from outcome),
          'its message or detail names the conflicting task');
select throws_ok(format('select * from revert_changes(request_id => %L, on_conflict => %L)', pg_temp.id('agent A'), 'abort'),
                 '55000', null, 'on_conflict => ''abort'' given explicitly is the same');
select is(pg_temp.tables(), (select t from before_revert), 'nothing changed: the plan keeps the unit''s title, the task the other agent''s');
select is((select count(*) from checkpoints), (select n from before_revert), 'no checkpoint was written');

select * from finish();
rollback;
