-- An artifact moved out of the plan's tasks, into a task of another plan,
-- since the target moves back to its task.
begin;
select plan(3);

\set ns rollback_moves_artifacts_back
\ir fixtures/plan_tree.sql
-- another plan, outside the scope, with one task
insert into plans (id, title, status, created_at, updated_at) values
  (pg_temp.id('other plan'), 'Docs site', 'draft', '2026-01-01', '2026-01-01');
insert into tasks (id, plan_id, title, position, created_at, updated_at) values
  (pg_temp.id('other task'), pg_temp.id('other plan'), 'Write docs', 1, '2026-01-01', '2026-01-01');
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');
\ir fixtures/saved_states.sql

update artifacts set task_id = pg_temp.id('other task') where id = pg_temp.id('artifact 1');
update artifacts set task_id = pg_temp.id('task 2') where id = pg_temp.id('artifact 2');

select * from rollback_entity('plan', pg_temp.id('plan'));

select is((select task_id from artifacts where id = pg_temp.id('artifact 1')), pg_temp.id('task 1'),
          'an artifact moved into another plan''s task is back under its task');
select is(pg_temp.row_of('artifact', pg_temp.id('artifact 1')), pg_temp.saved('artifact 1'),
          'and is exactly as it was');
select is((select task_id from artifacts where id = pg_temp.id('artifact 2')), pg_temp.id('task 1'),
          'an artifact moved to a sibling task is back under its task');

select * from finish();
rollback;
