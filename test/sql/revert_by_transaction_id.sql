-- The unit can be named by the transaction that wrote it
-- (checkpoints.transaction_id, xid8). A pgTAP file is one transaction, so
-- earlier transactions are simulated: the checkpoints written so far are
-- relabelled (as superuser, with the append-only guard off) with an earlier
-- transaction id, which changes no state and no hash. The fixture is
-- "transaction 2 back", agent A's work "transaction 1 back", and someone
-- else's later change is this transaction's own. Reverting transaction 1
-- back undoes exactly A's work; an xid8 no checkpoint carries is P0002.
begin;
select plan(6);

\set ns revert_by_transaction_id
\ir fixtures/plan_tree.sql
\ir fixtures/saved_states.sql
\ir fixtures/revert.sql

-- pg_temp.xact_back(n): the transaction id n before this one
create function pg_temp.xact_back(n int) returns xid8 language sql stable
  as $$ select (pg_current_xact_id()::text::bigint - n)::text::xid8 $$;
select is((select count(*) from checkpoints where transaction_id in (pg_temp.xact_back(1), pg_temp.xact_back(2))), 0::bigint,
          'precondition: no checkpoint carries the two earlier transaction ids');

set local session_replication_role = replica;
update checkpoints set transaction_id = pg_temp.xact_back(2) where transaction_id = pg_current_xact_id();
set local session_replication_role = origin;

update plans set title = 'Release 2.1' where id = pg_temp.id('plan');
delete from artifacts where id = pg_temp.id('artifact 2');
insert into tasks (id, plan_id, title, position) values (pg_temp.id('new task'), pg_temp.id('plan'), 'Announce', 3);
set local session_replication_role = replica;
update checkpoints set transaction_id = pg_temp.xact_back(1) where transaction_id = pg_current_xact_id();
set local session_replication_role = origin;

update tasks set status = 'failed' where id = pg_temp.id('task 2');
create temp table later as select pg_temp.row_of('task', pg_temp.id('task 2')) as r;

create temp table result as select * from revert_changes(transaction_id => pg_temp.xact_back(1));

select set_eq($$ select entity_type, entity_id, action, conflict from result $$,
              $$ values ('plan', pg_temp.id('plan'), 'updated', null::text),
                        ('artifact', pg_temp.id('artifact 2'), 'inserted', null::text),
                        ('task', pg_temp.id('new task'), 'deleted', null::text) $$,
              'exactly the entities that transaction changed are reverted');
select is(pg_temp.row_of('plan', pg_temp.id('plan')), pg_temp.saved('plan'), 'the plan is back to before, exactly');
select is(pg_temp.row_of('artifact', pg_temp.id('artifact 2')), pg_temp.saved('artifact 2'), 'the artifact is back, exactly');
select is(pg_temp.row_of('task', pg_temp.id('task 2')), (select r from later), 'a later transaction''s change stays');
select throws_ok(format('select * from revert_changes(transaction_id => %L::xid8)',
                        (pg_current_xact_id()::text::bigint + 1000000)::text),
                 'P0002', null, 'a transaction id no checkpoint carries is P0002');

select * from finish();
rollback;
