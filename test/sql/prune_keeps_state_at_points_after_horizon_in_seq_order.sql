-- created_at is a transaction's start, so a transaction that began before
-- the horizon can write a checkpoint after one made after the horizon. Prune
-- judges "at or before the horizon" in seq order, so a checkpoint newer than
-- the horizon can still be rolled back to exactly: each entity keeps its
-- newest checkpoint below the first one written after the horizon.
begin;
select plan(3);

insert into plans (id, title) values ('dc000000-0000-4000-8000-000000000001', 'plan');
insert into tasks (id, plan_id, title) values ('dc000000-0000-4000-8000-000000000002', 'dc000000-0000-4000-8000-000000000001', 't1');
select create_checkpoint('plan', 'dc000000-0000-4000-8000-000000000001', 'target') as target \gset
update tasks set title = 't2' where id = 'dc000000-0000-4000-8000-000000000002';
-- the inserts are 50 days old, the target 20 days (after a 30-day horizon),
-- and the task's update 40 days: written after the target by a transaction
-- that had begun before the horizon
set local session_replication_role = replica;
update checkpoints set created_at = now() - case
    when operation = 'insert' then interval '50 days'
    when operation = 'manual' then interval '20 days'
    else interval '40 days' end
 where entity_id in ('dc000000-0000-4000-8000-000000000001', 'dc000000-0000-4000-8000-000000000002');
set local session_replication_role = origin;

select is(prune_checkpoints('30 days', 0), 0::bigint,
          'nothing is removed: the task''s insert is its state at the target, which is after the horizon');
select results_eq(
  format($$select entity_type, action from rollback_entity('plan', 'dc000000-0000-4000-8000-000000000001',
                                                            to_checkpoint => %L)$$, :'target'),
  $$values ('task', 'updated')$$,
  'a rollback to the target still works');
select is((select title from tasks where id = 'dc000000-0000-4000-8000-000000000002'), 't1',
          'and gives the task back its state at the target');

select * from finish();
rollback;
