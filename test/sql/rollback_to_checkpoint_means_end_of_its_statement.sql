-- A checkpoint as a target means the end of the statement that wrote it.
-- A plan deleted with its task (ON DELETE CASCADE, captured after the plan),
-- then the same task id written again under another plan: rolling the first
-- plan back to its delete checkpoint leaves the task alone, since the task
-- was gone from under it when that statement ended.
-- (Found by the model-based test: seed 1630430726.)
begin;
select plan(2);

insert into plans (id, title) values
  ('cafe0001-0000-4000-8000-000000000001', 'first'),
  ('cafe0001-0000-4000-8000-000000000003', 'second');
insert into tasks (id, plan_id, title) values ('cafe0001-0000-4000-8000-000000000002', 'cafe0001-0000-4000-8000-000000000001', 't');
delete from plans where id = 'cafe0001-0000-4000-8000-000000000001';
insert into tasks (id, plan_id, title) values ('cafe0001-0000-4000-8000-000000000002', 'cafe0001-0000-4000-8000-000000000003', 't again');

select is_empty(
  $$ select * from rollback_entity('plan', 'cafe0001-0000-4000-8000-000000000001',
       to_checkpoint => (select id from checkpoints where entity_id = 'cafe0001-0000-4000-8000-000000000001' and operation = 'delete')) $$,
  'rolling back to the delete checkpoint changes nothing');
select is(
  (select plan_id from tasks where id = 'cafe0001-0000-4000-8000-000000000002'),
  'cafe0001-0000-4000-8000-000000000003'::uuid,
  'the task written again under the second plan stays there');

select * from finish();
rollback;
