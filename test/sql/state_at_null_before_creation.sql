-- Before the entity was first written, entity_state_at is null.
begin;
select plan(2);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('state_at_null_before_creation/' || $1)::uuid $$;
-- Fabricate time: within one transaction now() is constant, so checkpoints
-- already written are moved into the past (triggers off: history only).
create function pg_temp.age_history(interval) returns void language sql as $$
  set local session_replication_role = replica;
  update checkpoints set created_at = now() - $1
  where entity_id = pg_temp.id('plan') and created_at = now();
  set local session_replication_role = origin;
$$;

insert into plans (id, title) values (pg_temp.id('plan'), 'born an hour ago');
select pg_temp.age_history('1 hour');

select is(entity_state_at('plan', pg_temp.id('plan'), now() - interval '2 hours'), null::jsonb,
          'before its creation the entity had no state');
select isnt(entity_state_at('plan', pg_temp.id('plan'), now() - interval '30 minutes'), null::jsonb,
            'after its creation it has one');

select * from finish();
rollback;
