-- A role with SELECT on checkpoints and SELECT, INSERT, UPDATE, DELETE on
-- the tables (and no other privilege on the history) can revert a unit:
-- updates, re-inserts and deletes, its writes captured.
begin;
select plan(5);

\set ns revert_by_role_with_table_privileges
\ir fixtures/plan_tree.sql
\ir fixtures/saved_states.sql
\ir fixtures/revert.sql

create role revert_test_writer nologin;
grant select on checkpoints to revert_test_writer;
grant select, insert, update, delete on plans, tasks, artifacts to revert_test_writer;

select pg_temp.as_agent('agent A');
update plans set title = 'Release 2.1' where id = pg_temp.id('plan');
delete from artifacts where id = pg_temp.id('artifact 2');
insert into tasks (id, plan_id, title, position) values (pg_temp.id('new task'), pg_temp.id('plan'), 'Announce', 3);
select pg_temp.as_nobody();
create temp table before_revert as select max(seq) as max_seq from checkpoints;

set local role revert_test_writer;
select lives_ok(format('select * from revert_changes(request_id => %L)', md5('revert_by_role_with_table_privileges/agent A')::uuid),
                'the role can revert the unit');
reset role;

select is(pg_temp.row_of('plan', pg_temp.id('plan')), pg_temp.saved('plan'), 'the plan is back to before, exactly');
select is(pg_temp.row_of('artifact', pg_temp.id('artifact 2')), pg_temp.saved('artifact 2'), 'the artifact is back, exactly');
select is_empty($$ select 1 from tasks where id = pg_temp.id('new task') $$, 'the new task is gone');
select is((select count(*) from checkpoints where seq > (select max_seq from before_revert)), 3::bigint,
          'the three writes are captured');

select * from finish();
rollback;
