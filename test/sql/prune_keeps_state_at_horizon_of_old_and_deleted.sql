-- An entity whose checkpoints are all older than the horizon keeps its
-- newest one; an entity deleted before the horizon keeps its delete, so its
-- state at any later time is still known (absent).
begin;
select plan(4);

insert into prompts (id, name, template) values
  ('bb000000-0000-4000-8000-000000000001', 'old', 'v1'),
  ('bb000000-0000-4000-8000-000000000002', 'gone', 'v1');
update prompts set template = 'v2' where name in ('old', 'gone');
delete from prompts where name = 'gone';
set local session_replication_role = replica;
update checkpoints set created_at = now() - interval '90 days'
where entity_id in ('bb000000-0000-4000-8000-000000000001', 'bb000000-0000-4000-8000-000000000002');
set local session_replication_role = origin;

select is(prune_checkpoints('30 days', 0), 3::bigint,
          'all but the newest checkpoint of each entity go');
select is(entity_state_at('prompt', 'bb000000-0000-4000-8000-000000000001', now() - interval '1 day') ->> 'template', 'v2',
          'the entity with only old checkpoints still has its latest state');
select is((select operation from checkpoints where entity_id = 'bb000000-0000-4000-8000-000000000002'), 'delete',
          'the deleted entity keeps its delete checkpoint');
select is(entity_state_at('prompt', 'bb000000-0000-4000-8000-000000000002', now() - interval '1 day'), null::jsonb,
          'and reads as absent after it');

select * from finish();
rollback;
