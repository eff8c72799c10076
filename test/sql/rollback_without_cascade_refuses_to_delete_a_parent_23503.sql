-- Without cascade a rollback writes the root only. When the root did not
-- exist at the target point, that means deleting it; if rows hang below it
-- now, ON DELETE CASCADE would silently take them too (even rows that existed
-- at the point, under another parent), unreported. So it fails with 23503
-- before writing anything, a dry run too; with cascade the children are
-- returned to the point as well.
begin;
select plan(5);

insert into plans (id, title) values ('d7000000-0000-4000-8000-000000000001', 'Q');
insert into tasks (id, plan_id, title) values ('d7000000-0000-4000-8000-000000000003', 'd7000000-0000-4000-8000-000000000001', 'task of Q');
insert into plans (id, title) values ('d7000000-0000-4000-8000-000000000002', 'P, new');
update tasks set plan_id = 'd7000000-0000-4000-8000-000000000002' where id = 'd7000000-0000-4000-8000-000000000003';
select create_checkpoint('plan', 'd7000000-0000-4000-8000-000000000001') is not null as q_checkpointed;
select last_value as seq_before from checkpoints_seq_seq \gset

select throws_ok(
  $$select * from rollback_entity('plan', 'd7000000-0000-4000-8000-000000000002',
      to_time => now() - interval '1 day', cascade => false)$$,
  '23503', null,
  'a rollback without cascade that would delete a plan with a task below it fails with 23503');
select throws_like(
  $$select * from rollback_entity('plan', 'd7000000-0000-4000-8000-000000000002',
      to_time => now() - interval '1 day', cascade => false, dry_run => true)$$,
  '%without cascade would delete it, and task d7000000-0000-4000-8000-000000000003 is below it%',
  'a dry run fails the same way, naming the task');
select is((select last_value from checkpoints_seq_seq), :'seq_before'::bigint,
          'it fails while planning: no checkpoint was even started');
select results_eq(
  $$select entity_type, action from rollback_entity('plan', 'd7000000-0000-4000-8000-000000000002',
      to_time => now() - interval '1 day', dry_run => true) order by 1$$,
  $$values ('plan', 'deleted'), ('task', 'deleted')$$,
  'with cascade, the dry run says what goes');
select lives_ok(
  $$select * from rollback_entity('plan', 'd7000000-0000-4000-8000-000000000001', cascade => false)$$,
  'a rollback without cascade that deletes nothing is not affected');

select * from finish();
rollback;
