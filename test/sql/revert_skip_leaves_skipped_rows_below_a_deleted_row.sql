-- Under skip, conflicting entities are left as they are (CONTRACT.md §4).
-- A task the unit inserted under a plan it inserted, changed since by
-- another agent, is skipped ('changed since: title'). The plan has no
-- conflict of its own, but deleting it would take the skipped task with it
-- (ON DELETE CASCADE) and lose agent B's change: the plan is skipped too,
-- with the conflict 'children skipped'. (The contract names no conflict for
-- this case; found by test/revert.model.test.ts.)
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

select is((select r.action || ' ' || r.conflict from result r where r.entity_id = pg_temp.id('plan A')), 'skipped children skipped',
          'the plan above the skipped task is skipped too: children skipped');
select is((select title from tasks where id = pg_temp.id('task A')), 'B''s title', 'the skipped task stays as agent B left it');

select * from finish();
rollback;
