-- A task moved to another plan since, then deleted there (the other plan was
-- deleted, cascading to the task and its artifacts), still belongs to the
-- plan at the target: rolling the plan back brings it and its artifacts back.
begin;
select plan(4);

\set ns rollback_restores_rows_moved_away_then_deleted
\ir fixtures/plan_tree.sql
-- another plan, outside the scope, with one task
insert into plans (id, title, status, created_at, updated_at) values
  (pg_temp.id('other plan'), 'Docs site', 'draft', '2026-01-01', '2026-01-01');
insert into tasks (id, plan_id, title, position, created_at, updated_at) values
  (pg_temp.id('other task'), pg_temp.id('other plan'), 'Write docs', 1, '2026-01-01', '2026-01-01');
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');
\ir fixtures/saved_states.sql

update tasks set plan_id = pg_temp.id('other plan') where id = pg_temp.id('task 1');
delete from plans where id = pg_temp.id('other plan');

select set_eq(format('select * from rollback_entity(%L, %L)', 'plan', pg_temp.id('plan')),
              format($$ values ('task', %L::uuid, 'inserted'), ('artifact', %L, 'inserted'), ('artifact', %L, 'inserted') $$,
                     pg_temp.id('task 1'), pg_temp.id('artifact 1'), pg_temp.id('artifact 2')),
              'the task and its two artifacts are re-inserted');
select is(pg_temp.row_of('task', pg_temp.id('task 1')), pg_temp.saved('task 1'), 'the task is back under the plan, exactly');
select is(pg_temp.row_of('artifact', pg_temp.id('artifact 2')), pg_temp.saved('artifact 2'), 'its artifacts are back, exactly');
select is(pg_temp.row_of('plan', pg_temp.id('other plan')), null, 'the other plan, outside the scope, stays deleted');

select * from finish();
rollback;
