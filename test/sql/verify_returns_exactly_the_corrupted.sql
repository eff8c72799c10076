-- verify_checkpoints returns exactly the checkpoints whose state no longer
-- matches their hash, with expected = the stored state_hash and actual = the
-- hash recomputed from state_data.
begin;
select plan(4);

\set ns verify_returns_exactly_the_corrupted
\ir fixtures/plan_tree.sql
create function pg_temp.corrupt(uuid) returns void language sql as $$
  set local session_replication_role = replica;
  update checkpoints set state_data = jsonb_set(state_data, '{title}', '"tampered"') where id = $1;
  set local session_replication_role = origin;
$$;
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');

update tasks set title = 'renamed' where id = pg_temp.id('task 1');
create temp table bad as
  select id from checkpoints where entity_id in (pg_temp.id('plan'), pg_temp.id('task 1')) and operation in ('manual', 'update');
select pg_temp.corrupt(id) from bad;
-- a forged hash is corruption too
set local session_replication_role = replica;
update checkpoints set state_hash = repeat('0', 64)
where entity_id = pg_temp.id('artifact 1') and operation = 'insert';
set local session_replication_role = origin;
insert into bad select id from checkpoints where entity_id = pg_temp.id('artifact 1') and operation = 'insert';

select is((select count(*) from bad), 3::bigint, 'precondition: three checkpoints are corrupted');
select set_eq('select checkpoint_id from verify_checkpoints()', 'select id from bad',
              'exactly the corrupted checkpoints are returned');
select set_eq('select checkpoint_id, expected_hash, actual_hash from verify_checkpoints()',
              $$ select c.id, c.state_hash::text, encode(digest(c.state_data::text, 'sha256'), 'hex')
                 from checkpoints c join bad using (id) $$,
              'expected is the stored hash, actual the hash of the stored state');
select is((select count(*) from verify_checkpoints() where expected_hash = actual_hash), 0::bigint,
          'no returned row has matching hashes');

select * from finish();
rollback;
