-- rollback_entity returns one row per entity it changed, with the action it
-- took (inserted, updated, deleted), and nothing for unchanged entities.
begin;
select plan(2);

\set ns rollback_returns_exactly_the_changed_entities
\ir fixtures/plan_tree.sql
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');
-- since the checkpoint: every kind of change in the scope
update plans set status = 'failed' where id = pg_temp.id('plan');                      -- plan: updated
update tasks set status = 'failed', error = 'boom' where id = pg_temp.id('task 2');     -- task 2: updated
insert into tasks (id, plan_id, title, position) values
  (pg_temp.id('new task'), pg_temp.id('plan'), 'Extra step', 3);                        -- new task: deleted
insert into artifacts (id, task_id, name) values
  (pg_temp.id('new artifact'), pg_temp.id('new task'), 'extra.txt');                     -- new artifact: deleted
delete from artifacts where id = pg_temp.id('artifact 2');                              -- artifact 2: inserted
-- task 1 and artifact 1 are left alone

select set_eq(format('select * from rollback_entity(%L, %L)', 'plan', pg_temp.id('plan')),
              format($$ values ('plan', %L::uuid, 'updated'), ('task', %L, 'updated'), ('task', %L, 'deleted'),
                               ('artifact', %L, 'deleted'), ('artifact', %L, 'inserted') $$,
                     pg_temp.id('plan'), pg_temp.id('task 2'), pg_temp.id('new task'),
                     pg_temp.id('new artifact'), pg_temp.id('artifact 2')),
              'the rows are exactly the changed entities, each with its action');
select is_empty(format('select * from rollback_entity(%L, %L)', 'plan', pg_temp.id('plan')),
                'a second rollback to the same checkpoint changes nothing and returns no row');

select * from finish();
rollback;
