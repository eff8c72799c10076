-- The states a revert goes back to are verified against their hashes first:
-- a tampered one (state_data changed behind the append-only guard) makes the
-- revert raise XX001 naming that checkpoint, and nothing changes, not even
-- the unit's other, healthy entities.
begin;
select plan(5);

\set ns revert_tampered_history_is_xx001
\ir fixtures/plan_tree.sql
\ir fixtures/attempt.sql
\ir fixtures/revert.sql

select pg_temp.as_agent('agent A');
update plans set title = 'Release 2.1' where id = pg_temp.id('plan');
update tasks set status = 'failed' where id = pg_temp.id('task 1');
update artifacts set content = 'changed' where id = pg_temp.id('artifact 1');
select pg_temp.as_nobody();

-- tamper with the state artifact 1 would go back to (its insert checkpoint)
create temp table tampered as
  select id from checkpoints where entity_id = pg_temp.id('artifact 1') and operation = 'insert';
set local session_replication_role = replica;
update checkpoints set state_data = jsonb_set(state_data, '{content}', '"forged"') where id = (select id from tampered);
set local session_replication_role = origin;
create temp table before_revert as select pg_temp.tables() as t;

create temp table outcome as
  select pg_temp.attempt(format('select * from revert_changes(request_id => %L)', pg_temp.id('agent A'))) as o;
select is((select o ->> 'sqlstate' from outcome), 'XX001', 'a tampered before state makes the revert raise XX001');
select diag('revert_changes: ' || o::text) from outcome where o ->> 'sqlstate' <> 'XX001';
select ok((select concat(o ->> 'message', ' ', o ->> 'detail') like '%' || (select id from tampered) || '%' from outcome),
          'its message or detail names the tampered checkpoint');
select throws_ok(format('select * from revert_changes(request_id => %L, on_conflict => %L)', pg_temp.id('agent A'), 'overwrite'),
                 'XX001', null, 'overwrite does not get past it either');
select is(pg_temp.tables(), (select t from before_revert), 'nothing changed');
select is((select title from plans where id = pg_temp.id('plan')), 'Release 2.1', 'the healthy plan is not reverted');

select * from finish();
rollback;
