-- The state an entity must go back to (its state just before the unit's
-- first change of it) has to be in the history. Here the unit's update is
-- 40 days old and the plan's insert 50 days: prune_checkpoints('30 days', 0)
-- keeps the update (the newest state at or before the horizon) and removes
-- the insert. The update's before state is then unknown: P0002 naming the
-- plan (never guessing "absent before", which would delete the plan), in a
-- dry run too, and the plan is untouched.
begin;
select plan(5);

\set ns revert_pruned_before_state_is_p0002
\ir fixtures/plan_tree.sql
\ir fixtures/revert.sql

select pg_temp.as_agent('agent A');
update plans set title = 'Release 2.1' where id = pg_temp.id('plan');
select pg_temp.as_nobody();
set local session_replication_role = replica;
update checkpoints
   set created_at = now() - case when request_id = pg_temp.id('agent A') then interval '40 days' else interval '50 days' end
 where entity_id in (select id from plans union all select id from tasks union all select id from artifacts);
set local session_replication_role = origin;
select is(prune_checkpoints('30 days', 0), 1::bigint, 'precondition: prune removed one checkpoint, the plan''s insert');
select is_empty($$ select 1 from checkpoints where entity_id = pg_temp.id('plan') and operation = 'insert' $$,
                'precondition: the plan''s history now begins with the unit''s update');

select throws_ok(format('select * from revert_changes(request_id => %L)', pg_temp.id('agent A')),
                 'P0002', null, 'a before state that was pruned makes the revert fail with P0002');
select throws_like(format('select * from revert_changes(request_id => %L, dry_run => true)', pg_temp.id('agent A')),
                   '%' || pg_temp.id('plan') || '%', 'a dry run fails the same way, and the message names the plan');
select is((select title from plans where id = pg_temp.id('plan')), 'Release 2.1', 'the plan is untouched');

select * from finish();
rollback;
