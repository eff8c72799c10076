-- After pruning, a point whose states were removed cannot be rolled back to:
-- the entities there have no checkpoint at or before it, and their history
-- no longer begins with their creation. Reading that as "absent then" would
-- delete rows that existed; the rollback fails with P0002 instead, before
-- writing anything, and says where the history now begins.
begin;
select plan(6);

insert into plans (id, title) values ('cd000000-0000-4000-8000-000000000001', 'v0');
insert into tasks (id, plan_id, title) values ('cd000000-0000-4000-8000-000000000002', 'cd000000-0000-4000-8000-000000000001', 't0');
update plans set title = 'v1' where id = 'cd000000-0000-4000-8000-000000000001';
update tasks set title = 't1' where id = 'cd000000-0000-4000-8000-000000000002';
-- v0/t0 are 50 days old, v1/t1 40 days (horizon: 30 days)
set local session_replication_role = replica;
update checkpoints c
   set created_at = now() - case when state_data->>'title' in ('v0', 't0') then interval '50 days'
                                 else interval '40 days' end
 where entity_id in ('cd000000-0000-4000-8000-000000000001', 'cd000000-0000-4000-8000-000000000002');
set local session_replication_role = origin;
update plans set title = 'today' where id = 'cd000000-0000-4000-8000-000000000001';
select is(prune_checkpoints('30 days', 0), 2::bigint,
          'prune removed the states older than the state at the horizon (v0, t0)');
select last_value as seq_before from checkpoints_seq_seq \gset

select throws_ok(
  $$select * from rollback_entity('plan', 'cd000000-0000-4000-8000-000000000001', to_time => now() - interval '45 days')$$,
  'P0002', null,
  'a rollback to a time whose states were pruned fails with P0002');
select throws_like(
  $$select * from rollback_entity('plan', 'cd000000-0000-4000-8000-000000000001', to_time => now() - interval '45 days', dry_run => true)$$,
  'the state of % cd000000-0000-4000-8000-00000000000% at the target point is not known: its history begins with an update checkpoint %',
  'a dry run fails the same way, and the message names the entity and where its history begins');
select is((select last_value from checkpoints_seq_seq), :'seq_before'::bigint,
          'it fails while planning: no checkpoint was even started');
select is((select title from plans where id = 'cd000000-0000-4000-8000-000000000001'), 'today',
          'the plan is untouched (not deleted as if absent then)');
select results_eq(
  $$select entity_type, action from rollback_entity('plan', 'cd000000-0000-4000-8000-000000000001',
                                                   to_time => now() - interval '35 days') order by 1$$,
  $$values ('plan', 'updated')$$,
  'a point whose states were kept still rolls back (the plan returns to v1)');

select * from finish();
rollback;
