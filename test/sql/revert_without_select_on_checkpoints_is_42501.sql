-- Reverting reads the history with the caller's privileges: a role with
-- every privilege on the tables but no SELECT on checkpoints gets 42501, and
-- nothing changes.
begin;
select plan(2);

\set ns revert_without_select_on_checkpoints_is_42501
\ir fixtures/plan_tree.sql
\ir fixtures/revert.sql

create role revert_test_no_history nologin;
grant select, insert, update, delete on plans, tasks, artifacts to revert_test_no_history;

select pg_temp.as_agent('agent A');
update plans set title = 'Release 2.1' where id = pg_temp.id('plan');
select pg_temp.as_nobody();

set local role revert_test_no_history;
select throws_ok(format('select * from revert_changes(request_id => %L)', md5('revert_without_select_on_checkpoints_is_42501/agent A')::uuid),
                 '42501', null, 'a role without SELECT on checkpoints cannot revert (42501)');
reset role;
select is((select title from plans where id = pg_temp.id('plan')), 'Release 2.1', 'the plan keeps the unit''s title');

select * from finish();
rollback;
