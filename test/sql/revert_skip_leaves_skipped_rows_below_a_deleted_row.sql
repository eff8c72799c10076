-- Under skip, conflicting entities are left as they are (CONTRACT.md §4).
-- A task the unit inserted under a plan it inserted, changed since by
-- another agent, is skipped ('changed since: title'); the plan has no
-- conflict of its own (the task below it is the unit's, not "added
-- since"), so it is deleted, and ON DELETE CASCADE takes the skipped task
-- with it: the other agent's change is lost and a row reported `skipped`
-- is gone. The contract does not say what the plan's action and conflict
-- should be then (skipped too, with which conflict text?): a known gap,
-- marked TODO until the contract decides. Found by test/revert.model.test.ts.
begin;
select plan(3);

\set ns revert_skip_leaves_skipped_rows_below_a_deleted_row
\ir fixtures/plan_tree.sql
\ir fixtures/revert.sql

select pg_temp.as_agent('agent A');
insert into plans (id, title) values (pg_temp.id('plan A'), 'A''s plan');
insert into tasks (id, plan_id, title) values (pg_temp.id('task A'), pg_temp.id('plan A'), 'A''s task');
select pg_temp.as_agent('agent B');
update tasks set title = 'B''s title' where id = pg_temp.id('task A');
select pg_temp.as_nobody();

create temp table result as
  select entity_type, entity_id, action, conflict from revert_changes(request_id => pg_temp.id('agent A'), on_conflict => 'skip');

select is((select r.action || ' ' || r.conflict from result r where r.entity_id = pg_temp.id('task A')), 'skipped changed since: title',
          'the task is skipped: changed since by agent B');
select todo('CONTRACT.md §4 gap: a row deleted under skip takes skipped rows below it (ON DELETE CASCADE)', 2);
select isnt((select r.action from result r where r.entity_id = pg_temp.id('plan A')), 'deleted', 'the plan above the skipped task is not deleted');
select is((select title from tasks where id = pg_temp.id('task A')), 'B''s title', 'the skipped task stays as agent B left it');

select * from finish();
rollback;
