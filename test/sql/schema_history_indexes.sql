-- The history is indexed for its two hot reads: "the history of one entity,
-- newest first" (entity_history, the rollback's per-entity lookups) and "the
-- state at time T" (entity_state_at, rollback to_time, pruning's horizon).
-- With a realistic amount of history, the planner uses those indexes: no
-- sequential scan of checkpoints and no sort.
begin;
select plan(12);

-- Key columns (INCLUDE columns left out) of every index on checkpoints;
-- partial ones only when asked.
create function pg_temp.index_keys(partial boolean default false) returns setof text[] language sql as $$
  select array(select a.attname::text
               from unnest(i.indkey[0:i.indnkeyatts - 1]) with ordinality k (attnum, n)
               join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
               order by k.n)
  from pg_index i
  where i.indrelid = 'public.checkpoints'::regclass and (partial or i.indpred is null)
$$;
create function pg_temp.plan_of(q text) returns text language plpgsql as $$
declare
  line text;
  result text := '';
begin
  for line in execute 'explain (costs off) ' || q loop
    result := result || line || E'\n';
  end loop;
  return result;
end;
$$;

select ok(exists(select 1 from pg_temp.index_keys() k where k[1:2] = array['entity_id', 'seq']),
          'an index on checkpoints has the key (entity_id, seq): one entity''s history in order');
select ok(exists(select 1 from pg_temp.index_keys(partial => true) k where k[1] = 'created_at'),
          'an index on checkpoints leads with created_at: the point in history that a time means');

-- Enough history for the planner to prefer the indexes: 3000 entities with
-- two checkpoints each, plus 3000 of another type.
insert into plans (id, title)
select ('5d000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'indexed ' || g
from generate_series(1, 3000) g;
update plans set status = 'running' where title like 'indexed %';
insert into prompts (name, template)
select 'schema_history_indexes ' || g, 'x' from generate_series(1, 3000) g;
analyze checkpoints;

-- The query of entity_history.
select doesnt_match(
  pg_temp.plan_of($$select * from checkpoints c
                    where c.entity_type = 'plan' and c.entity_id = '5d000000-0000-4000-8000-000000000777'
                    order by c.seq desc$$),
  'Seq Scan on checkpoints', 'entity_history''s query does not scan checkpoints sequentially');
select matches(
  pg_temp.plan_of($$select * from checkpoints c
                    where c.entity_type = 'plan' and c.entity_id = '5d000000-0000-4000-8000-000000000777'
                    order by c.seq desc$$),
  '^Index (Only )?Scan Backward using \S+ on checkpoints',
  'entity_history''s query is a backward index scan that yields newest first');
select doesnt_match(
  pg_temp.plan_of($$select * from checkpoints c
                    where c.entity_type = 'plan' and c.entity_id = '5d000000-0000-4000-8000-000000000777'
                    order by c.seq desc$$),
  'Sort', 'entity_history''s query needs no sort');

-- The application's "latest 50 checkpoints of an entity" lookup.
select matches(
  pg_temp.plan_of($$select id, seq, operation, created_at from checkpoints
                    where entity_type = 'plan' and entity_id = '5d000000-0000-4000-8000-000000000777'
                    order by seq desc limit 50$$),
  '^Limit\s+->\s+Index (Only )?Scan Backward using \S+ on checkpoints',
  'the latest-50 lookup of one entity is a limited backward index scan');
select doesnt_match(
  pg_temp.plan_of($$select id, seq, operation, created_at from checkpoints
                    where entity_type = 'plan' and entity_id = '5d000000-0000-4000-8000-000000000777'
                    order by seq desc limit 50$$),
  'Sort', 'the latest-50 lookup of one entity needs no sort');

-- State at time T: first the point (seq) that T means (rollback_entity's
-- query: the first seq of a transaction begun after T, found through the
-- index on created_at), then the entity's newest checkpoint at or before it.
set local enable_indexscan = off;   -- as pgcheckpoint.after_time runs it
select matches(
  pg_temp.plan_of($$select min(c.seq) from checkpoints c where c.created_at > now()$$),
  'Bitmap Index Scan on checkpoints_created_at_idx',
  'the point that a time means is found through the index on created_at, not by reading every checkpoint');
reset enable_indexscan;
select matches(
  pg_temp.plan_of($$select * from checkpoints x
                    where x.entity_type = 'plan' and x.entity_id = '5d000000-0000-4000-8000-000000000777'
                      and x.created_at <= now()
                    order by x.seq desc limit 1$$),
  '^Limit\s+->\s+Index (Only )?Scan Backward using \S+ on checkpoints',
  'an entity''s newest checkpoint at or before a point is found by one backward index step');
select doesnt_match(
  pg_temp.plan_of($$select * from checkpoints x
                    where x.entity_type = 'plan' and x.entity_id = '5d000000-0000-4000-8000-000000000777'
                      and x.created_at <= now()
                    order by x.seq desc limit 1$$),
  'Sort', 'the state-at lookup needs no sort');

-- The end of a checkpoint's point (pgcheckpoint.after_point's query): read
-- among the rows of its transaction and statement_at only.
select matches(
  pg_temp.plan_of($$select max(x.seq) from checkpoints x
                    where x.transaction_id = '12345'::xid8 and x.statement_at = now()
                      and x.seq >= 1$$),
  'Index (Only )?Scan (Backward )?using checkpoints_transaction_idx on checkpoints',
  'the end of a point is found in the transaction index, among the point''s own rows');
-- A transaction's changes (revert_changes(transaction_id => ...)).
select matches(
  pg_temp.plan_of($$select * from checkpoints c
                    where c.transaction_id = '12345'::xid8 and c.operation in ('insert', 'update', 'delete')$$),
  'Index Scan using checkpoints_transaction_idx on checkpoints|Bitmap Index Scan on checkpoints_transaction_idx',
  'a transaction''s changes are found through the transaction index');

select * from finish();
rollback;
