-- on_conflict => 'skip': a conflicting entity is left exactly as it is
-- (all of it: also the unit's columns that would not conflict) and reported
-- 'skipped' with its conflict; every other entity of the unit is reverted.
begin;
select plan(6);

\set ns revert_skip_policy
\ir fixtures/plan_tree.sql
\ir fixtures/saved_states.sql
\ir fixtures/revert.sql

select pg_temp.as_agent('agent A');
update plans set title = 'Release 2.1' where id = pg_temp.id('plan');
update tasks set title = 'Write the changelog, again', position = 5 where id = pg_temp.id('task 1');
delete from artifacts where id = pg_temp.id('artifact 2');
insert into tasks (id, plan_id, title, position) values (pg_temp.id('new task'), pg_temp.id('plan'), 'Announce', 3);
select pg_temp.as_agent('agent B');
update tasks set title = 'Write the release notes' where id = pg_temp.id('task 1');
select pg_temp.as_nobody();
create temp table current_row as select pg_temp.row_of('task', pg_temp.id('task 1')) as r;

create temp table result as select * from revert_changes(request_id => pg_temp.id('agent A'), on_conflict => 'skip');

select set_eq($$ select entity_type, entity_id, action, coalesce(conflict like '%title%', false) from result $$,
              $$ values ('plan', pg_temp.id('plan'), 'updated', false),
                        ('task', pg_temp.id('task 1'), 'skipped', true),
                        ('artifact', pg_temp.id('artifact 2'), 'inserted', false),
                        ('task', pg_temp.id('new task'), 'deleted', false) $$,
              'the conflicting task is skipped (conflict on title); the rest is updated, inserted, deleted');
select is((select conflict from result where action <> 'skipped' and conflict is not null), null,
          'only the skipped entity has a conflict');
select is(pg_temp.row_of('task', pg_temp.id('task 1')), (select r from current_row),
          'the skipped task is left exactly as it is, the unit''s position included');
select is(pg_temp.row_of('plan', pg_temp.id('plan')), pg_temp.saved('plan'), 'the plan is back to before, exactly');
select is(pg_temp.row_of('artifact', pg_temp.id('artifact 2')), pg_temp.saved('artifact 2'), 'the deleted artifact is back, exactly');
select is_empty($$ select 1 from tasks where id = pg_temp.id('new task') $$, 'the inserted task is gone');

select * from finish();
rollback;
