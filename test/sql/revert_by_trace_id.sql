-- The unit can be named by its OpenTelemetry trace id (checkpoint.trace_id):
-- revert_changes(trace_id => ...) reverts exactly the changes captured with
-- that trace id, and leaves those of another trace alone.
begin;
select plan(5);

\set ns revert_by_trace_id
\ir fixtures/plan_tree.sql
\ir fixtures/saved_states.sql
\ir fixtures/revert.sql

select set_config('checkpoint.trace_id', '4bf92f3577b34da6a3ce929d0e0e4736', true);
update plans set title = 'Release 2.1' where id = pg_temp.id('plan');
delete from artifacts where id = pg_temp.id('artifact 2');
select set_config('checkpoint.trace_id', '00f067aa0ba902b7a3ce929d0e0e4736', true);
update tasks set status = 'failed' where id = pg_temp.id('task 2');
select pg_temp.as_nobody();
create temp table other_trace as select pg_temp.row_of('task', pg_temp.id('task 2')) as r;

create temp table result as select * from revert_changes(trace_id => '4bf92f3577b34da6a3ce929d0e0e4736');

select set_eq($$ select entity_type, entity_id, action, conflict from result $$,
              $$ values ('plan', pg_temp.id('plan'), 'updated', null::text),
                        ('artifact', pg_temp.id('artifact 2'), 'inserted', null::text) $$,
              'exactly the entities changed under that trace id are reverted');
select is(pg_temp.row_of('plan', pg_temp.id('plan')), pg_temp.saved('plan'), 'the plan is back to before');
select is(pg_temp.row_of('artifact', pg_temp.id('artifact 2')), pg_temp.saved('artifact 2'), 'the artifact is back');
select is(pg_temp.row_of('task', pg_temp.id('task 2')), (select r from other_trace), 'the other trace''s change stays');
select throws_ok($$ select * from revert_changes(trace_id => 'no-such-trace') $$, 'P0002', null,
                 'a trace id with no captured change is P0002');

select * from finish();
rollback;
