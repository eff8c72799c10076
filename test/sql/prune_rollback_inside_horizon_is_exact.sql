-- After pruning, a rollback to a time just inside the horizon is exact: the
-- restored rows equal the states they had then, hashes included.
begin;
select plan(4);

insert into plans (id, title) values ('cc000000-0000-4000-8000-000000000001', 'v0');
insert into tasks (id, plan_id, title) values ('cc000000-0000-4000-8000-000000000002', 'cc000000-0000-4000-8000-000000000001', 't0');
update plans set title = 'v1' where id = 'cc000000-0000-4000-8000-000000000001';
update tasks set title = 't1' where id = 'cc000000-0000-4000-8000-000000000002';
update plans set title = 'v2' where id = 'cc000000-0000-4000-8000-000000000001';
-- v0/t0 are 50 days old, v1/t1 40 days, v2 20 days (horizon: 30 days)
set local session_replication_role = replica;
update checkpoints c
   set created_at = now() - case when state_data->>'title' in ('v0', 't0') then interval '50 days'
                                 when state_data->>'title' in ('v1', 't1') then interval '40 days'
                                 else interval '20 days' end
 where entity_id in ('cc000000-0000-4000-8000-000000000001', 'cc000000-0000-4000-8000-000000000002');
set local session_replication_role = origin;
-- and today the plan is broken
update plans set title = 'broken' where id = 'cc000000-0000-4000-8000-000000000001';
delete from tasks where id = 'cc000000-0000-4000-8000-000000000002';
create temp table saved as
  select state_data, state_hash from checkpoints
  where operation <> 'delete' and state_data->>'title' in ('v1', 't1');

select is(prune_checkpoints('30 days', 0), 2::bigint,
          'prune removed the two states older than the state at the horizon (v0, t0)');
select results_eq(
  $$ select entity_type, action from rollback_entity('plan', 'cc000000-0000-4000-8000-000000000001',
                                                      to_time => now() - interval '30 days' + interval '1 second')
     order by 1 $$,
  $$ values ('plan', 'updated'), ('task', 'inserted') $$,
  'a rollback to just inside the horizon restores the plan and re-inserts its task');
select is((select to_jsonb(p.*) from plans p where id = 'cc000000-0000-4000-8000-000000000001'),
          (select state_data from saved where state_data->>'title' = 'v1'),
          'the plan is exactly its state at that time');
select is((select encode(digest(to_jsonb(t.*)::text, 'sha256'), 'hex') from tasks t where id = 'cc000000-0000-4000-8000-000000000002'),
          (select state_hash::text from saved where state_data->>'title' = 't1'),
          'the task hashes to its saved state');

select * from finish();
rollback;
