-- prune_checkpoints keeps every entity's newest keep_last checkpoints and
-- its newest one at or before the horizon, and removes every other one at
-- or before the horizon; keep_last N, then 0, then 1 at the edges.
-- Three plans with six checkpoints each (draft, running, failed, draft,
-- running, succeeded), the first five aged 50, 40, 30, 20, 10 days.
begin;
select plan(7);

insert into plans (title) values ('a'), ('b'), ('c');
update plans set status = 'running' where title in ('a', 'b', 'c');
update plans set status = 'failed' where title in ('a', 'b', 'c');
update plans set status = 'draft' where title in ('a', 'b', 'c');
update plans set status = 'running' where title in ('a', 'b', 'c');
update plans set status = 'succeeded' where title in ('a', 'b', 'c');
set local session_replication_role = replica;
update checkpoints c set created_at = now() - ((60 - 10 * r.n) || ' days')::interval
from (select id, row_number() over (partition by entity_id order by seq) as n from checkpoints
      where entity_id in (select id from plans where title in ('a', 'b', 'c'))) r
where c.id = r.id and r.n <= 5;
set local session_replication_role = origin;

create function pg_temp.statuses() returns text[] language sql as $$
  select array_agg(state_data->>'status' order by seq) from checkpoints
  where entity_id = (select id from plans where title = 'a') $$;

select is(prune_checkpoints('15 days', 5), 3::bigint,
          'keep_last 5: each plan loses only its oldest checkpoint');
select is(prune_checkpoints('15 days', 3), 6::bigint,
          'keep_last 3: each plan loses the two older ones that are neither among its newest 3 nor its newest at the horizon');
select is(pg_temp.statuses(), array['draft', 'running', 'succeeded'],
          'what remains: the state at the horizon (20 days ago) and everything after it');
select is(prune_checkpoints('15 days', 0), 0::bigint,
          'keep_last 0 still keeps the newest checkpoint at or before the horizon');
select is(prune_checkpoints('5 days', 1), 3::bigint,
          'keep_last 1 with a later horizon: each plan loses the state that the newer horizon no longer needs');
select is(pg_temp.statuses(), array['running', 'succeeded'],
          'what remains: the state at the 5-day horizon and today''s');
select is((select count(*) from checkpoints where entity_id in (select id from plans where title in ('a', 'b', 'c')))::int, 6,
          'two checkpoints are left per plan');

select * from finish();
rollback;
