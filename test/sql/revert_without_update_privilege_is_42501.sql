-- revert_changes acts with the caller's own privileges: a role that may
-- read the history and write tasks, but not update plans, cannot revert a
-- unit that updated a plan (42501, naming the table), and nothing changes.
begin;
select plan(4);

\set ns revert_without_update_privilege_is_42501
\ir fixtures/plan_tree.sql
\ir fixtures/attempt.sql
\ir fixtures/revert.sql

create role revert_test_no_plan_update nologin;
grant select on checkpoints to revert_test_no_plan_update;
grant select, insert, delete on plans to revert_test_no_plan_update;
grant select, insert, update, delete on tasks, artifacts to revert_test_no_plan_update;

select pg_temp.as_agent('agent A');
update tasks set status = 'failed' where id = pg_temp.id('task 1');
update plans set title = 'Release 2.1' where id = pg_temp.id('plan');
select pg_temp.as_nobody();
create temp table before_revert as select pg_temp.tables() as t;

set local role revert_test_no_plan_update;
create temp table outcome as
  select pg_temp.attempt(format('select * from revert_changes(request_id => %L)', md5('revert_without_update_privilege_is_42501/agent A')::uuid)) as o;
reset role;

select is((select o ->> 'sqlstate' from outcome), '42501', 'a role that may not update plans cannot revert a plan update (42501)');
select diag('revert_changes: ' || o::text) from outcome where o ->> 'sqlstate' <> '42501';
select ok((select concat(o ->> 'message', ' ', o ->> 'detail') like '%plans%' from outcome), 'the error names the plans table');
select is(pg_temp.tables(), (select t from before_revert), 'nothing changed (the task is not reverted either)');
select is((select title from plans where id = pg_temp.id('plan')), 'Release 2.1', 'the plan keeps the unit''s title');

select * from finish();
rollback;
