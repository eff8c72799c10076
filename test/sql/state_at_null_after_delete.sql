-- After the entity was deleted, entity_state_at is null (not the state it had
-- when deleted).
begin;
select plan(3);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('state_at_null_after_delete/' || $1)::uuid $$;
-- Fabricate time: within one transaction now() is constant, so checkpoints
-- already written are moved into the past (triggers off: history only).
create function pg_temp.age_history(interval) returns void language sql as $$
  set local session_replication_role = replica;
  update checkpoints set created_at = now() - $1
  where entity_id = pg_temp.id('plan') and created_at = now();
  set local session_replication_role = origin;
$$;

insert into plans (id, title) values (pg_temp.id('plan'), 'short-lived');
select pg_temp.age_history('2 hours');
delete from plans where id = pg_temp.id('plan');
select pg_temp.age_history('1 hour');

select isnt(entity_state_at('plan', pg_temp.id('plan'), now() - interval '90 minutes'), null::jsonb,
            'while it existed it had a state');
select is(entity_state_at('plan', pg_temp.id('plan'), now() - interval '30 minutes'), null::jsonb,
          'after its deletion it has none');
select is(entity_state_at('plan', pg_temp.id('plan'), now()), null::jsonb, 'nor now');

select * from finish();
rollback;
