-- A checkpoint as a target means the end of its point (its statement, with
-- what the statement's triggers wrote). The end is the last checkpoint the
-- transaction wrote at that point. Pruning can remove that last one while
-- keeping rows of the same statement before it; those rows still belong at
-- or before the point, so the rollback restores them exactly instead of
-- reading them as later.
begin;
select plan(6);

-- Plans P and Q; tasks T1, T2 under P and T3 under Q (ids in that order).
insert into plans (id, title) values ('d1000000-0000-4000-8000-000000000001', 'P'),
                                     ('d1000000-0000-4000-8000-000000000002', 'Q');
insert into tasks (id, plan_id, title) values
  ('d1000000-0000-4000-8000-000000000011', 'd1000000-0000-4000-8000-000000000001', 't1'),
  ('d1000000-0000-4000-8000-000000000012', 'd1000000-0000-4000-8000-000000000001', 't2'),
  ('d1000000-0000-4000-8000-000000000013', 'd1000000-0000-4000-8000-000000000002', 't3');
-- Statement S: an UPDATE of the three tasks, one capture firing, whose
-- statement trigger first updates plan P (captured first, in S).
create function pg_temp.s_touches_plan() returns trigger language plpgsql as $$
begin
  update plans set title = 'P at S' where id = 'd1000000-0000-4000-8000-000000000001';
  return null;
end $$;
create function pg_temp.age(p_age interval) returns void language sql as $$
  set local session_replication_role = replica;
  update checkpoints set created_at = now() - p_age
  where entity_id::text like 'd1000000-%' and created_at = now();
  set local session_replication_role = origin;
$$;
select pg_temp.age('50 days');
create trigger z_s_touches_plan before update on tasks
  for each statement execute function pg_temp.s_touches_plan();
update tasks set title = title || ' at S'
where id in ('d1000000-0000-4000-8000-000000000011', 'd1000000-0000-4000-8000-000000000012',
             'd1000000-0000-4000-8000-000000000013');
drop trigger z_s_touches_plan on tasks;
select pg_temp.age('40 days');
select is((select count(distinct c.statement_at)::int from checkpoints c
           where c.entity_id::text like 'd1000000-%' and c.operation = 'update'),
          1,
          'precondition: P''s update and the three task updates of S are one point');
select is((select array_agg(c.entity_id order by c.seq) from checkpoints c
           where c.entity_type = 'task' and c.entity_id::text like 'd1000000-%' and c.operation = 'update'),
          array['d1000000-0000-4000-8000-000000000011', 'd1000000-0000-4000-8000-000000000012',
                'd1000000-0000-4000-8000-000000000013']::uuid[],
          'precondition: T3''s row is the last of S');
-- T3 changes three more times; with keep_last 3 its row in S (the last edge) goes.
update tasks set title = 't3 u1' where id = 'd1000000-0000-4000-8000-000000000013';
update tasks set title = 't3 u2' where id = 'd1000000-0000-4000-8000-000000000013';
update tasks set title = 't3 u3' where id = 'd1000000-0000-4000-8000-000000000013';
select pg_temp.age('35 days');
-- Today T2 breaks.
update tasks set title = 't2 broken' where id = 'd1000000-0000-4000-8000-000000000012';
create temp table t2_at_s as
  select state_data from checkpoints
  where entity_id = 'd1000000-0000-4000-8000-000000000012' and state_data->>'title' = 't2 at S';

select is(prune_checkpoints('30 days', 3), 2::bigint, 'prune removed T3''s insert and its row in S');
select is((select count(*)::int from checkpoints
           where entity_id = 'd1000000-0000-4000-8000-000000000013' and state_data->>'title' = 't3 at S'),
          0, 'precondition: S''s last checkpoint is gone');

select results_eq(
  $$select entity_type, entity_id, action from rollback_entity('plan', 'd1000000-0000-4000-8000-000000000001',
      to_checkpoint => (select id from checkpoints
                        where entity_id = 'd1000000-0000-4000-8000-000000000001' and operation = 'update'))$$,
  $$values ('task'::text, 'd1000000-0000-4000-8000-000000000012'::uuid, 'updated'::text)$$,
  'rolling P back to its checkpoint in S changes only T2');
select is((select to_jsonb(t.*) from tasks t where id = 'd1000000-0000-4000-8000-000000000012'),
          (select state_data from t2_at_s),
          'T2 is exactly its state at the end of S, not its state before S');

select * from finish();
rollback;
