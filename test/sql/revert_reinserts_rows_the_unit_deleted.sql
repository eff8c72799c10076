-- Rows the unit deleted, and that nobody wrote again since, come back
-- exactly as they were before the unit's first change of them: a task
-- deleted outright, and an artifact the unit first edited and then deleted
-- (it comes back as it was before the edit).
begin;
select plan(3);

\set ns revert_reinserts_rows_the_unit_deleted
\ir fixtures/plan_tree.sql
\ir fixtures/saved_states.sql
\ir fixtures/revert.sql

select pg_temp.as_agent('agent A');
delete from tasks where id = pg_temp.id('task 2');
update artifacts set content = 'edited' where id = pg_temp.id('artifact 2');
delete from artifacts where id = pg_temp.id('artifact 2');
select pg_temp.as_nobody();

create temp table result as select * from revert_changes(request_id => pg_temp.id('agent A'));

select set_eq($$ select entity_type, entity_id, action, conflict from result $$,
              $$ values ('task', pg_temp.id('task 2'), 'inserted', null::text),
                        ('artifact', pg_temp.id('artifact 2'), 'inserted', null::text) $$,
              'both deleted rows are reported inserted, without conflict');
select is(pg_temp.row_of('task', pg_temp.id('task 2')), pg_temp.saved('task 2'),
          'the deleted task is back exactly');
select is(pg_temp.row_of('artifact', pg_temp.id('artifact 2')), pg_temp.saved('artifact 2'),
          'the edited-then-deleted artifact is back as it was before the edit, exactly');

select * from finish();
rollback;
