-- verify_checkpoints returns nothing when every saved state still hashes to
-- its state_hash (captures of every kind, manual checkpoints, restores).
begin;
select plan(2);

\set ns verify_healthy_history_is_empty
\ir fixtures/plan_tree.sql
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');

update tasks set status = 'failed' where id = pg_temp.id('task 2');
delete from tasks where id = pg_temp.id('task 1');
select * from rollback_entity('plan', pg_temp.id('plan'));

select is_empty('select * from verify_checkpoints()', 'no checkpoint is reported on a healthy history');
select is_empty(format('select * from verify_checkpoints(%L, %L)', 'plan', pg_temp.id('plan')),
                'nor for one healthy entity');

select * from finish();
rollback;
