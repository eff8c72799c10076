-- revert_changes needs exactly one of request_id, trace_id, transaction_id,
-- an on_conflict of abort, skip or overwrite, and a non-null dry_run; any
-- other call is 22023 (invalid_parameter_value), also in a dry run, and
-- although the unit named exists. Nothing is written.
begin;
select plan(11);

\set ns revert_argument_errors_are_22023
\ir fixtures/plan_tree.sql
\ir fixtures/revert.sql

select pg_temp.as_agent('agent A');
update plans set title = 'Release 2.1' where id = pg_temp.id('plan');
select set_config('checkpoint.trace_id', 'trace-of-agent-a', true);
update tasks set status = 'failed' where id = pg_temp.id('task 1');
select pg_temp.as_nobody();
create temp table before_calls as select pg_temp.tables() as t;

select throws_ok($$ select * from revert_changes() $$, '22023', null, 'no unit at all is 22023');
select throws_ok($$ select * from revert_changes(request_id => null, trace_id => null, transaction_id => null) $$, '22023', null,
                 'three nulls are no unit: 22023');
select throws_ok(format('select * from revert_changes(request_id => %L, trace_id => %L)', pg_temp.id('agent A'), 'trace-of-agent-a'),
                 '22023', null, 'request_id and trace_id together are 22023');
select throws_ok(format('select * from revert_changes(request_id => %L, transaction_id => pg_current_xact_id())', pg_temp.id('agent A')),
                 '22023', null, 'request_id and transaction_id together are 22023');
select throws_ok($$ select * from revert_changes(trace_id => 'trace-of-agent-a', transaction_id => pg_current_xact_id()) $$,
                 '22023', null, 'trace_id and transaction_id together are 22023');
select throws_ok(format('select * from revert_changes(request_id => %L, trace_id => %L, transaction_id => pg_current_xact_id())',
                        pg_temp.id('agent A'), 'trace-of-agent-a'),
                 '22023', null, 'all three together are 22023');
select throws_ok(format('select * from revert_changes(request_id => %L, on_conflict => %L)', pg_temp.id('agent A'), 'force'),
                 '22023', null, 'an unknown on_conflict is 22023');
select throws_like(format('select * from revert_changes(request_id => %L, on_conflict => %L)', pg_temp.id('agent A'), 'force'),
                   '%force%', 'the message names the unknown on_conflict value');
select throws_ok(format('select * from revert_changes(request_id => %L, on_conflict => null)', pg_temp.id('agent A')),
                 '22023', null, 'a null on_conflict is 22023');
select throws_ok(format('select * from revert_changes(request_id => %L, dry_run => null)', pg_temp.id('agent A')),
                 '22023', null, 'a null dry_run is 22023');
select throws_ok(format('select * from revert_changes(request_id => %L, on_conflict => %L, dry_run => true)', pg_temp.id('agent A'), 'force'),
                 '22023', null, 'an unknown on_conflict is 22023 in a dry run too');

select * from finish();
rollback;
