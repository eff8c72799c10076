-- entity_state_at(type, id, at) is the row as it was at that time: the state
-- of its latest checkpoint at or before it. (created_at fabricated.)
begin;
select plan(4);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('state_at_returns_state_at_time/' || $1)::uuid $$;
-- Fabricate time: within one transaction now() is constant, so checkpoints
-- already written are moved into the past (triggers off: history only).
create function pg_temp.age_history(interval) returns void language sql as $$
  set local session_replication_role = replica;
  update checkpoints set created_at = now() - $1
  where entity_id = pg_temp.id('plan') and created_at = now();
  set local session_replication_role = origin;
$$;

insert into plans (id, title, status, created_at, updated_at)
values (pg_temp.id('plan'), 'v1', 'draft', '2026-01-01', '2026-01-01');
create temp table state_v1 as select to_jsonb(p) as s from plans p where id = pg_temp.id('plan');
select pg_temp.age_history('3 hours');
update plans set title = 'v2', status = 'running' where id = pg_temp.id('plan');
create temp table state_v2 as select to_jsonb(p) as s from plans p where id = pg_temp.id('plan');
select pg_temp.age_history('1 hour');
update plans set title = 'v3' where id = pg_temp.id('plan');

select is(entity_state_at('plan', pg_temp.id('plan'), now() - interval '2 hours'), (select s from state_v1),
          'two hours ago: the state written three hours ago');
select is(entity_state_at('plan', pg_temp.id('plan'), now() - interval '30 minutes'), (select s from state_v2),
          'half an hour ago: the state written an hour ago');
select is(entity_state_at('plan', pg_temp.id('plan'), now() - interval '1 hour'), (select s from state_v2),
          'exactly at a checkpoint''s time: that checkpoint''s state');
select is(entity_state_at('plan', pg_temp.id('plan'), now()), (select to_jsonb(p) from plans p where id = pg_temp.id('plan')),
          'now: the current row');

select * from finish();
rollback;
