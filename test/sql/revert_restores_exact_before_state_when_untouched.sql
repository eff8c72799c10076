-- An entity the unit updated and nobody changed since (current equals
-- after) goes back to its state from just before the unit's first change,
-- exactly: to_jsonb equal, updated_at included (not the time of the revert),
-- even when the unit changed it more than once. The revert's capture of it
-- carries the same state_hash as the checkpoint it went back to.
begin;
select plan(7);

\set ns revert_restores_exact_before_state_when_untouched
\ir fixtures/plan_tree.sql
\ir fixtures/saved_states.sql
\ir fixtures/revert.sql

select pg_temp.as_agent('agent A');
update plans set title = 'Release 2.0 (draft)' where id = pg_temp.id('plan');
update plans set title = 'Release 2.1', status = 'failed' where id = pg_temp.id('plan');
update tasks set status = 'failed', error = 'boom', position = 9 where id = pg_temp.id('task 1');
select pg_temp.as_nobody();

select isnt((select updated_at from plans where id = pg_temp.id('plan')), '2026-01-01'::timestamptz,
            'precondition: the unit''s updates moved the plan''s updated_at');

create temp table before_revert as select max(seq) as max_seq from checkpoints;
create temp table result as select * from revert_changes(request_id => pg_temp.id('agent A'));

select results_eq($$ select entity_type, entity_id, action, conflict from result order by entity_type $$,
                  $$ values ('plan', pg_temp.id('plan'), 'updated', null::text),
                            ('task', pg_temp.id('task 1'), 'updated', null::text) $$,
                  'the plan and the task the unit updated are updated back, without conflict');
select is(pg_temp.row_of('plan', pg_temp.id('plan')), pg_temp.saved('plan'),
          'the plan equals its state from before the unit''s first change, exactly');
select is((select updated_at from plans where id = pg_temp.id('plan')), '2026-01-01'::timestamptz,
          'the plan''s updated_at is the one from before the unit, not the time of the revert');
select is(pg_temp.row_of('task', pg_temp.id('task 1')), pg_temp.saved('task 1'),
          'the task equals its state from before the unit, exactly (updated_at included)');
select is((select state_hash from checkpoints where entity_id = pg_temp.id('plan') and seq > (select max_seq from before_revert)),
          (select state_hash from checkpoints where entity_id = pg_temp.id('plan') and operation = 'insert'),
          'the capture of the revert''s write has the hash of the state it went back to');
select is(pg_temp.row_of('task', pg_temp.id('task 2')), pg_temp.saved('task 2'),
          'an entity the unit did not change is untouched');

select * from finish();
rollback;
