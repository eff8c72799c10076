-- One corrupted checkpoint among those a rollback would restore from: XX001
-- naming it, and nothing at all changes (no partial writes of the other,
-- healthy entities, not even those that would be written first).
begin;
select plan(4);

\set ns rollback_corrupted_checkpoint_is_xx001_and_atomic
\ir fixtures/plan_tree.sql
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');

update plans set title = 'changed' where id = pg_temp.id('plan');                  -- depth 0, healthy
delete from tasks where id = pg_temp.id('task 2');                               -- depth 1, healthy
update artifacts set content = 'changed' where id = pg_temp.id('artifact 1');     -- depth 2, corrupted below
insert into tasks (id, plan_id, title) values (pg_temp.id('new task'), pg_temp.id('plan'), 'new');

-- corrupt the state artifact 1 would be restored from (its insert checkpoint)
create temp table corrupted as
  select id from checkpoints where entity_id = pg_temp.id('artifact 1') and operation = 'insert';
set local session_replication_role = replica;
update checkpoints set state_data = jsonb_set(state_data, '{content}', '"forged"') where id = (select id from corrupted);
set local session_replication_role = origin;

-- A failed statement's writes are undone (so comparing tables afterwards
-- proves nothing), but a sequence value it drew stays drawn: an unmoved
-- checkpoints seq shows that no write was even attempted before the error.
select last_value as seq_before from checkpoints_seq_seq \gset

select throws_ok(format('select * from rollback_entity(%L, %L)', 'plan', pg_temp.id('plan')), 'XX001', null,
                 'a corrupted checkpoint in the scope makes the rollback raise XX001');
select throws_like(format('select * from rollback_entity(%L, %L)', 'plan', pg_temp.id('plan')),
                   '%' || (select id from corrupted) || '%',
                   'the message names the corrupted checkpoint');
select is((select last_value from checkpoints_seq_seq), :'seq_before'::bigint,
          'the hashes are checked before any write: no checkpoint was even started');
select is((select title from plans where id = pg_temp.id('plan')), 'changed', 'the plan is not rolled back');

select * from finish();
rollback;
