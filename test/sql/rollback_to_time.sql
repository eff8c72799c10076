-- rollback_entity(..., to_time => T) returns the scope to its state at T: the
-- history written by transactions that began at or before T. (created_at is
-- fabricated: within the test's one transaction now() is constant.)
begin;
select plan(5);

\set ns rollback_to_time
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

create temp table tables_3h_ago as select pg_temp.tables() as t;
select pg_temp.age_history('3 hours');

update plans set title = 'Release 2.0 (rc)' where id = pg_temp.id('plan');
insert into tasks (id, plan_id, title, position) values (pg_temp.id('task 3'), pg_temp.id('plan'), 'Announce', 3);
delete from artifacts where id = pg_temp.id('artifact 2');
create temp table tables_2h_ago as select pg_temp.tables() as t;
select pg_temp.age_history('2 hours');

-- now: more changes
update tasks set status = 'failed' where id = pg_temp.id('task 3');
delete from tasks where id = pg_temp.id('task 1');
insert into tasks (id, plan_id, title) values (pg_temp.id('task 4'), pg_temp.id('plan'), 'Extra');

select isnt(pg_temp.tables(), (select t from tables_2h_ago), 'precondition: the tables changed since');

select lives_ok(format('select * from rollback_entity(%L, %L, to_time => now() - interval %L)',
                       'plan', pg_temp.id('plan'), '150 minutes'),
                'rollback_entity to a time succeeds');
select is(pg_temp.tables(), (select t from tables_3h_ago),
          'to_time 2.5 hours ago: the state written 3 hours ago, exactly');

select lives_ok(format('select * from rollback_entity(%L, %L, to_time => now() - interval %L)',
                       'plan', pg_temp.id('plan'), '90 minutes'),
                'rollback_entity forward to a later time succeeds');
select is(pg_temp.tables(), (select t from tables_2h_ago),
          'to_time 1.5 hours ago: the state written 2 hours ago, exactly');

select * from finish();
rollback;
