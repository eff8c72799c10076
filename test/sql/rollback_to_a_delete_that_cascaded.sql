-- ON DELETE CASCADE captures a plan's tasks after the plan's own delete, in
-- the same statement. Rolled back to the plan's delete checkpoint (the end of
-- that statement), the tasks are absent too; nothing is re-inserted under a
-- plan that is not there.
-- (Found by the model-based test: seed 1961871482.)
begin;
select plan(3);

insert into plans (id, title) values ('cafe0000-0000-4000-8000-000000000001', 'p');
insert into tasks (id, plan_id, title) values ('cafe0000-0000-4000-8000-000000000002', 'cafe0000-0000-4000-8000-000000000001', 't');
delete from plans where id = 'cafe0000-0000-4000-8000-000000000001';

select ok(
  (select seq from checkpoints where entity_id = 'cafe0000-0000-4000-8000-000000000002' and operation = 'delete')
  > (select seq from checkpoints where entity_id = 'cafe0000-0000-4000-8000-000000000001' and operation = 'delete'),
  'precondition: the cascaded task delete is captured after the plan''s delete');

select is_empty(
  $$ select * from rollback_entity('plan', 'cafe0000-0000-4000-8000-000000000001',
       to_checkpoint => (select id from checkpoints where entity_id = 'cafe0000-0000-4000-8000-000000000001' and operation = 'delete'),
       dry_run => true) $$,
  'a dry run to the plan''s delete checkpoint plans no write');

select is_empty(
  $$ select * from rollback_entity('plan', 'cafe0000-0000-4000-8000-000000000001',
       to_checkpoint => (select id from checkpoints where entity_id = 'cafe0000-0000-4000-8000-000000000001' and operation = 'delete')) $$,
  'the real rollback writes nothing and does not fail on the foreign key');

select * from finish();
rollback;
