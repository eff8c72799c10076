-- A rollback whose target state names a parent that no longer exists and
-- is outside its scope cannot be applied: the foreign key would refuse the
-- write. It fails with 23503 before writing anything, and a dry run of it
-- fails the same way (it does not return rows that a real run could not
-- apply).
begin;
select plan(5);

insert into plans (id, title) values ('fa000000-0000-4000-8000-000000000001', 'old home'),
                                     ('fa000000-0000-4000-8000-000000000002', 'new home');
insert into tasks (id, plan_id, title) values ('fa000000-0000-4000-8000-000000000003', 'fa000000-0000-4000-8000-000000000001', 'mover');
select create_checkpoint('task', 'fa000000-0000-4000-8000-000000000003', 'under the old home') as cp \gset
update tasks set plan_id = 'fa000000-0000-4000-8000-000000000002' where id = 'fa000000-0000-4000-8000-000000000003';
delete from plans where id = 'fa000000-0000-4000-8000-000000000001';
-- (writes of a failed statement are undone; a sequence value it drew is not)
select last_value as seq_before from checkpoints_seq_seq \gset

select throws_ok(
  format($$select * from rollback_entity('task', 'fa000000-0000-4000-8000-000000000003', to_checkpoint => %L, dry_run => true)$$, :'cp'),
  '23503', null,
  'a dry run of a rollback that needs an absent parent fails with 23503');
select throws_like(
  format($$select * from rollback_entity('task', 'fa000000-0000-4000-8000-000000000003', to_checkpoint => %L, dry_run => true)$$, :'cp'),
  '%task fa000000-0000-4000-8000-000000000003 needs plan fa000000-0000-4000-8000-000000000001%',
  'the message names the entity and the missing parent');
select throws_ok(
  format($$select * from rollback_entity('task', 'fa000000-0000-4000-8000-000000000003', to_checkpoint => %L)$$, :'cp'),
  '23503', null,
  'the real run fails with 23503 too');
select is((select last_value from checkpoints_seq_seq), :'seq_before'::bigint,
          'it fails while planning: no checkpoint was even started');

-- The same rollback with the parent back in place goes through.
insert into plans (id, title) values ('fa000000-0000-4000-8000-000000000001', 'old home');
select results_eq(
  format($$select entity_type, entity_id, action from rollback_entity('task', 'fa000000-0000-4000-8000-000000000003', to_checkpoint => %L, dry_run => true)$$, :'cp'),
  $$values ('task'::text, 'fa000000-0000-4000-8000-000000000003'::uuid, 'updated'::text)$$,
  'with the parent present again, the dry run plans the move back');

select * from finish();
rollback;
