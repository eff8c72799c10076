-- A revert's own writes are captured like any other: with the transaction
-- id of the transaction that ran it (pg_current_xact_id()) and a reason
-- naming the revert, so the revert can itself be reverted by that
-- transaction id. A pgTAP file is one transaction, so the checkpoints
-- written before the revert (the fixture, agent A's unit) are relabelled
-- with earlier transaction ids (as superuser, append-only guard off; no
-- state or hash changes): the current transaction then holds only the
-- revert's writes. Reverting it brings back exactly the tables as agent A
-- left them.
begin;
select plan(6);

\set ns revert_of_a_revert
\ir fixtures/plan_tree.sql
\ir fixtures/saved_states.sql
\ir fixtures/revert.sql

create function pg_temp.xact_back(n int) returns xid8 language sql stable
  as $$ select (pg_current_xact_id()::text::bigint - n)::text::xid8 $$;

select pg_temp.as_agent('agent A');
update plans set title = 'Release 2.1', status = 'failed' where id = pg_temp.id('plan');
delete from artifacts where id = pg_temp.id('artifact 2');
insert into tasks (id, plan_id, title, position) values (pg_temp.id('new task'), pg_temp.id('plan'), 'Announce', 3);
select pg_temp.as_nobody();
set local session_replication_role = replica;
update checkpoints set transaction_id = pg_temp.xact_back(1) where transaction_id = pg_current_xact_id();
set local session_replication_role = origin;
create temp table as_a_left_them as select pg_temp.tables() as t, (select max(seq) from checkpoints) as max_seq;

create temp table first_revert as select * from revert_changes(request_id => pg_temp.id('agent A'));
select is(pg_temp.row_of('plan', pg_temp.id('plan')), pg_temp.saved('plan'), 'precondition: the revert put the plan back');

create temp table revert_captures as
  select * from checkpoints where seq > (select max_seq from as_a_left_them);
select isnt_empty($$ select 1 from revert_captures $$, 'the revert''s writes are captured');
select is_empty($$ select 1 from revert_captures where transaction_id <> pg_current_xact_id() $$,
                'every capture of the revert carries the transaction id of the transaction that ran it');
select is_empty($$ select 1 from revert_captures where coalesce(reason, '') not ilike 'revert%' $$,
                'every capture of the revert has a reason naming the revert');

create temp table undo as select * from revert_changes(transaction_id => pg_current_xact_id());

select is(pg_temp.tables(), (select t from as_a_left_them),
          'reverting the revert''s transaction gives back the tables exactly as agent A left them');
select set_eq($$ select * from undo $$,
              $$ select entity_type, entity_id,
                        case action when 'inserted' then 'deleted' when 'deleted' then 'inserted' else action end, conflict
                 from first_revert $$,
              'the undo changes exactly what the revert changed, with the inverse actions');

select * from finish();
rollback;
