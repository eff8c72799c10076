-- Rolling back to a time before the entity existed returns it to "absent":
-- the plan and everything below it are deleted.
begin;
select plan(4);

\set ns rollback_to_time_before_creation_deletes_entity
\ir fixtures/plan_tree.sql
create function pg_temp.tables() returns jsonb language sql stable as $$
  select jsonb_build_object(
    'plans',     (select jsonb_agg(to_jsonb(x) order by x.id) from plans x),
    'tasks',     (select jsonb_agg(to_jsonb(x) order by x.id) from tasks x),
    'artifacts', (select jsonb_agg(to_jsonb(x) order by x.id) from artifacts x)) $$;
-- Fabricate time: within one transaction now() is constant, so the history
-- written so far is moved into the past (triggers off: history only).
create function pg_temp.age_history(interval) returns void language sql as $$
  set local session_replication_role = replica;
  update checkpoints set created_at = now() - $1
  where entity_id in (select pg_temp.id(k) from unnest(array['plan', 'task 1', 'task 2', 'task 3',
                                                             'artifact 1', 'artifact 2']) k)
    and created_at = now();
  set local session_replication_role = origin;
$$;

select pg_temp.age_history('2 hours');

select set_eq(format('select * from rollback_entity(%L, %L, to_time => now() - interval %L)',
                     'plan', pg_temp.id('plan'), '3 hours'),
              format($$ values ('plan', %L::uuid, 'deleted'), ('task', %L, 'deleted'), ('task', %L, 'deleted'),
                               ('artifact', %L, 'deleted'), ('artifact', %L, 'deleted') $$,
                     pg_temp.id('plan'), pg_temp.id('task 1'), pg_temp.id('task 2'),
                     pg_temp.id('artifact 1'), pg_temp.id('artifact 2')),
              'the plan and its whole tree are reported deleted');
select is(pg_temp.row_of('plan', pg_temp.id('plan')), null, 'the plan no longer exists');
select is((select count(*) from tasks where id in (pg_temp.id('task 1'), pg_temp.id('task 2'))), 0::bigint,
          'its tasks no longer exist');
select is((select count(*) from artifacts where id in (pg_temp.id('artifact 1'), pg_temp.id('artifact 2'))), 0::bigint,
          'their artifacts no longer exist');

select * from finish();
rollback;
