-- entity_state_at is null for a time before the entity was created. For a
-- time its history no longer reaches (pruned since, or before the baseline
-- of a row that predates tracking) the state is unknown, not absent: P0002.
begin;
select plan(5);

insert into prompts (id, name, template) values ('cf000000-0000-4000-8000-000000000001', 'aged', 'v1');
update prompts set template = 'v2' where id = 'cf000000-0000-4000-8000-000000000001';
set local session_replication_role = replica;
update checkpoints
   set created_at = now() - case when operation = 'insert' then interval '50 days' else interval '40 days' end
 where entity_id = 'cf000000-0000-4000-8000-000000000001';
set local session_replication_role = origin;
select is(prune_checkpoints('30 days', 0), 1::bigint, 'prune removed the insert (v1)');

select throws_ok(
  $$select entity_state_at('prompt', 'cf000000-0000-4000-8000-000000000001', now() - interval '45 days')$$,
  'P0002', null,
  'the state at a time whose checkpoints were pruned is P0002');
select is(entity_state_at('prompt', 'cf000000-0000-4000-8000-000000000001', now() - interval '35 days') ->> 'template', 'v2',
          'the state at a kept time is still there');

create table notes (id uuid primary key default gen_random_uuid(), body text);
insert into notes (id, body) values ('cf000000-0000-4000-8000-000000000002', 'written before tracking');
select track_table('notes', 'note');
select throws_like(
  $$select entity_state_at('note', 'cf000000-0000-4000-8000-000000000002', now() - interval '1 hour')$$,
  '%its history begins with a baseline checkpoint%',
  'the state before the baseline of a row that predates tracking is P0002');
select is(entity_state_at('note', 'cf000000-0000-4000-8000-000000000002', now()) ->> 'body', 'written before tracking',
          'from the baseline on it is known');

select * from finish();
rollback;
