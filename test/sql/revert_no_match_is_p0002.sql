-- No captured change (insert, update or delete checkpoint) carries the
-- unit's id: P0002 (no_data_found), with a message naming the id. A request
-- whose only checkpoints are manual ones (create_checkpoint) has no captured
-- change either.
begin;
select plan(5);

\set ns revert_no_match_is_p0002
\ir fixtures/plan_tree.sql
\ir fixtures/revert.sql

-- a request that changed nothing, and one that only took a manual checkpoint
select pg_temp.as_agent('idle agent');
select pg_temp.as_agent('careful agent');
select create_checkpoint('plan', pg_temp.id('plan'), 'before thinking');
select pg_temp.as_nobody();
select isnt_empty($$ select 1 from checkpoints where request_id = pg_temp.id('careful agent') and operation = 'manual' $$,
                  'precondition: the careful agent''s manual checkpoint carries its request id');

select throws_ok(format('select * from revert_changes(request_id => %L)', pg_temp.id('idle agent')),
                 'P0002', null, 'a request with no captured change is P0002');
select throws_like(format('select * from revert_changes(request_id => %L)', pg_temp.id('idle agent')),
                   '%' || pg_temp.id('idle agent') || '%', 'the message names the request id');
select throws_ok(format('select * from revert_changes(request_id => %L)', pg_temp.id('careful agent')),
                 'P0002', null, 'a request whose only checkpoint is manual is P0002');
select throws_ok(format('select * from revert_changes(request_id => %L, dry_run => true)', pg_temp.id('idle agent')),
                 'P0002', null, 'a dry run is P0002 too');

select * from finish();
rollback;
