-- Rolling back reads the history with the caller's privileges: a role with
-- every privilege on the tables but no SELECT on checkpoints gets 42501.
begin;
select plan(2);

\set ns rollback_without_select_on_checkpoints_is_42501
\ir fixtures/plan_tree.sql
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');

create role rollback_test_no_history nologin;
grant select, insert, update, delete on plans, tasks, artifacts to rollback_test_no_history;
update plans set title = 'changed' where id = pg_temp.id('plan');

-- (a failed statement's writes are undone; a sequence value it drew is not)
select last_value as seq_before from checkpoints_seq_seq \gset
set local role rollback_test_no_history;
select throws_ok($$ select * from rollback_entity('plan', md5('rollback_without_select_on_checkpoints_is_42501/plan')::uuid) $$,
                 '42501', null, 'a role without SELECT on checkpoints cannot roll back (42501)');
reset role;
select is((select last_value from checkpoints_seq_seq), :'seq_before'::bigint,
          'refused before any write: no checkpoint was even started');

select * from finish();
rollback;
