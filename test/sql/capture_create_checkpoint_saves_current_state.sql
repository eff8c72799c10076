-- create_checkpoint(entity_type, entity_id, reason) saves the entity's
-- current row as a `manual` checkpoint and returns its id.
begin;
select plan(9);

insert into plans (id, title, status) values ('c7000000-0000-4000-8000-000000000001', 'snapshot me', 'running');
select set_config('checkpoint.reason', 'session reason', true);
create temp table manual_ids as
  select 1 as n, create_checkpoint('plan', 'c7000000-0000-4000-8000-000000000001', 'before the tool call') as id;

select isnt((select id from manual_ids where n = 1), null, 'create_checkpoint returns an id');
select is((select entity_id from checkpoints where id = (select id from manual_ids where n = 1)),
          'c7000000-0000-4000-8000-000000000001'::uuid, 'the id is that of a checkpoint of the entity');
select is((select operation from checkpoints where id = (select id from manual_ids where n = 1)),
          'manual', 'its operation is manual');
select is((select entity_type::text from checkpoints where id = (select id from manual_ids where n = 1)),
          'plan', 'its entity_type is the one given');
select is((select reason::text from checkpoints where id = (select id from manual_ids where n = 1)),
          'before the tool call', 'the reason given is stored (over checkpoint.reason)');
select is((select state_data from checkpoints where id = (select id from manual_ids where n = 1)),
          (select to_jsonb(p) from plans p where p.id = 'c7000000-0000-4000-8000-000000000001'),
          'its state_data is the entity''s current full row');
select is((select state_hash::text from checkpoints where id = (select id from manual_ids where n = 1)),
          (select encode(digest(to_jsonb(p)::text, 'sha256'), 'hex') from plans p
           where p.id = 'c7000000-0000-4000-8000-000000000001'),
          'its state_hash is the SHA-256 of that row');

insert into manual_ids select 2, create_checkpoint('plan', 'c7000000-0000-4000-8000-000000000001');
select is((select reason::text from checkpoints where id = (select id from manual_ids where n = 2)),
          'session reason', 'without a reason argument, checkpoint.reason is stored');
select isnt((select id from manual_ids where n = 2), (select id from manual_ids where n = 1),
            'each call makes a new checkpoint, even of an unchanged row');

select * from finish();
rollback;
