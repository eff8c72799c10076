-- A row the unit both inserted and deleted needs nothing, also when someone
-- else inserted it again since (same id): the unit's net effect on it is
-- nothing, so the revert leaves the other agent's row alone (action 'none',
-- no conflict) instead of deleting it. Found by test/revert.model.test.ts.
begin;
select plan(4);

\set ns revert_none_for_inserted_and_deleted_by_unit_inserted_again_since
\ir fixtures/plan_tree.sql
\ir fixtures/revert.sql

select pg_temp.as_agent('agent A');
insert into tasks (id, plan_id, title, position) values (pg_temp.id('scratch task'), pg_temp.id('plan'), 'Scratch', 3);
delete from tasks where id = pg_temp.id('scratch task');
select pg_temp.as_agent('agent B');
insert into tasks (id, plan_id, title, position) values (pg_temp.id('scratch task'), pg_temp.id('plan'), 'B''s task', 3);
select pg_temp.as_nobody();
create temp table before_revert as select pg_temp.tables() as t;

select results_eq($$ select entity_type, entity_id, action, conflict from revert_changes(request_id => pg_temp.id('agent A'), dry_run => true) $$,
                  $$ values ('task', pg_temp.id('scratch task'), 'none', null::text) $$,
                  'dry run: the task needs nothing');
select results_eq($$ select entity_type, entity_id, action, conflict from revert_changes(request_id => pg_temp.id('agent A'), on_conflict => 'overwrite') $$,
                  $$ values ('task', pg_temp.id('scratch task'), 'none', null::text) $$,
                  'the task needs nothing, even under overwrite');
select is(pg_temp.tables(), (select t from before_revert), 'no table changed');
select is((select title from tasks where id = pg_temp.id('scratch task')), 'B''s task', 'agent B''s task stays');

select * from finish();
rollback;
