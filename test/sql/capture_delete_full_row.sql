-- A DELETE of a tracked row makes one checkpoint holding the row as it was
-- when it was deleted.
begin;
select plan(6);

insert into prompts (id, name, template)
values ('ca300000-0000-4000-8000-000000000001', 'capture_delete_full_row', 'before');
update prompts set template = 'as deleted' where id = 'ca300000-0000-4000-8000-000000000001';
create temp table capture_delete_before as
  select to_jsonb(p) as j from prompts p where p.id = 'ca300000-0000-4000-8000-000000000001';

delete from prompts where id = 'ca300000-0000-4000-8000-000000000001';

select is((select count(*)::int from checkpoints
           where entity_id = 'ca300000-0000-4000-8000-000000000001' and operation = 'delete'),
          1, 'one delete makes exactly one delete checkpoint');
select is((select operation from checkpoints
           where entity_id = 'ca300000-0000-4000-8000-000000000001' order by seq desc limit 1),
          'delete', 'the delete is the entity''s newest checkpoint');
select is((select entity_type::text from checkpoints
           where entity_id = 'ca300000-0000-4000-8000-000000000001' and operation = 'delete'),
          'prompt', 'the delete checkpoint names the entity type');
select is((select state_data from checkpoints
           where entity_id = 'ca300000-0000-4000-8000-000000000001' and operation = 'delete'),
          (select j from capture_delete_before),
          'state_data is the full row as it was when deleted');
select is((select state_hash::text from checkpoints
           where entity_id = 'ca300000-0000-4000-8000-000000000001' and operation = 'delete'),
          (select encode(digest(j::text, 'sha256'), 'hex') from capture_delete_before),
          'state_hash is the SHA-256 of the deleted row');
select is((select count(*)::int from prompts where id = 'ca300000-0000-4000-8000-000000000001'),
          0, 'the row itself is gone');

select * from finish();
rollback;
