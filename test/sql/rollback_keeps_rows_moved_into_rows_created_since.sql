-- A task created since is deleted by the rollback, but an existing artifact
-- that was moved into it since must not go with it (ON DELETE CASCADE): the
-- artifact moves back to its task first, and survives exactly.
begin;
select plan(3);

\set ns rollback_keeps_rows_moved_into_rows_created_since
\ir fixtures/plan_tree.sql
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');
\ir fixtures/saved_states.sql

insert into tasks (id, plan_id, title, position) values (pg_temp.id('new task'), pg_temp.id('plan'), 'Reorganise', 3);
update artifacts set task_id = pg_temp.id('new task') where id = pg_temp.id('artifact 1');

select set_eq(format('select * from rollback_entity(%L, %L)', 'plan', pg_temp.id('plan')),
              format($$ values ('task', %L::uuid, 'deleted'), ('artifact', %L, 'updated') $$,
                     pg_temp.id('new task'), pg_temp.id('artifact 1')),
              'the new task is deleted and the moved artifact updated (not deleted and re-inserted)');
select is(pg_temp.row_of('task', pg_temp.id('new task')), null, 'the task created since is gone');
select is(pg_temp.row_of('artifact', pg_temp.id('artifact 1')), pg_temp.saved('artifact 1'),
          'the artifact that had moved into it is back under its task, exactly');

select * from finish();
rollback;
