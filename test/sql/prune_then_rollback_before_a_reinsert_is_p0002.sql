-- A history that now begins with an insert is not always the entity's
-- creation: a restored (or re-inserted) row is captured as an insert too.
-- Once prune has removed what came before it, a point before it is unknown:
-- P0002, not "absent" (which would make a rollback delete the live row).
begin;
select plan(5);

insert into prompts (id, name, template) values ('db000000-0000-4000-8000-000000000001', 'greet', 'v1');
update prompts set template = 'v2';
delete from prompts where id = 'db000000-0000-4000-8000-000000000001';
select restore_checkpoint((select id from checkpoints
                           where entity_id = 'db000000-0000-4000-8000-000000000001' and operation = 'delete'));
update prompts set template = 'v3' where id = 'db000000-0000-4000-8000-000000000001';
-- v1 and v2 are 50 days old, the delete 40, the re-insert and v3 35 (the
-- horizon will be 30 days: all of them are old, and keep_last 2 keeps only
-- the re-insert and v3)
set local session_replication_role = replica;
update checkpoints c set created_at = now() - case
    when c.operation = 'delete' then interval '40 days'
    when c.reason like 'restore of%' or c.state_data->>'template' = 'v3' then interval '35 days'
    else interval '50 days' end
 where entity_id = 'db000000-0000-4000-8000-000000000001';
set local session_replication_role = origin;

select is(prune_checkpoints('30 days', 2), 3::bigint, 'prune keeps the re-insert and v3, removes the rest');
select is((select operation from checkpoints where entity_id = 'db000000-0000-4000-8000-000000000001' order by seq limit 1),
          'insert', 'precondition: the history now begins with an insert (the re-insert)');
select throws_ok(
  $$select entity_state_at('prompt', 'db000000-0000-4000-8000-000000000001', now() - interval '45 days')$$,
  'P0002', null, 'its state at a time before the re-insert is unknown: P0002, not null');
select throws_ok(
  $$select * from rollback_entity('prompt', 'db000000-0000-4000-8000-000000000001', to_time => now() - interval '45 days')$$,
  'P0002', null, 'a rollback to that time fails with P0002');
select is((select template from prompts where id = 'db000000-0000-4000-8000-000000000001'), 'v3',
          'the live row is untouched');

select * from finish();
rollback;
