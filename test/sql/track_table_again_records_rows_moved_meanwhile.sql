-- A row moved to another parent while its table was untracked: tracking it
-- again records, on its baseline, the parent it left (prev_parent_id), so a
-- rollback of that parent to a point before the gap finds it and moves it
-- back.
begin;
select plan(3);

insert into plans (id, title) values ('e1100000-0000-4000-8000-000000000001', 'A'), ('e1100000-0000-4000-8000-000000000002', 'B');
insert into tasks (id, plan_id, title) values ('e1100000-0000-4000-8000-000000000003', 'e1100000-0000-4000-8000-000000000001', 'doc');
select create_checkpoint('plan', 'e1100000-0000-4000-8000-000000000001') as cp \gset
select untrack_table('artifacts');
select untrack_table('tasks');
update tasks set plan_id = 'e1100000-0000-4000-8000-000000000002' where id = 'e1100000-0000-4000-8000-000000000003';
select track_table('tasks', 'task', 'plan', 'plan_id');
select track_table('artifacts', 'artifact', 'task', 'task_id');

select is((select prev_parent_id from checkpoints
           where entity_id = 'e1100000-0000-4000-8000-000000000003' and operation = 'baseline'),
          'e1100000-0000-4000-8000-000000000001'::uuid, 'the baseline records the parent the task left');
select results_eq(
  format($$select entity_type, action from rollback_entity('plan', 'e1100000-0000-4000-8000-000000000001', to_checkpoint => %L)$$, :'cp'),
  $$values ('task', 'updated')$$,
  'a rollback of that parent to before the gap finds the task');
select is((select plan_id from tasks where id = 'e1100000-0000-4000-8000-000000000003'),
          'e1100000-0000-4000-8000-000000000001'::uuid, 'and moves it back');

select * from finish();
rollback;
