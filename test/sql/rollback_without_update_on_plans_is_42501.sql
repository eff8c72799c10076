-- rollback_entity acts with the caller's privileges: a role that may read the
-- history and write tasks and artifacts, but not update plans, cannot roll a
-- plan back (42501), and nothing changes.
begin;
select plan(3);

\set ns rollback_without_update_on_plans_is_42501
\ir fixtures/plan_tree.sql
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');

create role rollback_test_no_plan_update nologin;
grant select on checkpoints to rollback_test_no_plan_update;
grant select, insert, delete on plans to rollback_test_no_plan_update;
grant select, insert, update, delete on tasks, artifacts to rollback_test_no_plan_update;
update plans set title = 'changed' where id = pg_temp.id('plan');
update tasks set status = 'failed' where id = pg_temp.id('task 1');

-- (a failed statement's writes are undone; a sequence value it drew is not)
select last_value as seq_before from checkpoints_seq_seq \gset
set local role rollback_test_no_plan_update;
select throws_ok($$ select * from rollback_entity('plan', md5('rollback_without_update_on_plans_is_42501/plan')::uuid) $$,
                 '42501', null, 'a role that may not update plans cannot roll a plan back (42501)');
select throws_like($$ select * from rollback_entity('plan', md5('rollback_without_update_on_plans_is_42501/plan')::uuid) $$,
                   '%plans%', 'the error names the plans table');
reset role;

select is((select last_value from checkpoints_seq_seq), :'seq_before'::bigint,
          'refused before any write: no checkpoint was even started');

select * from finish();
rollback;
