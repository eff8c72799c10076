-- Unique keys do not stand in a rollback's way. With a (non-deferrable)
-- unique key on tasks (plan_id, position): a task was deleted since the
-- checkpoint and another task of the plan took its position. The rollback
-- re-inserts the deleted task (with its artifact) and moves the other back,
-- without a unique violation (23505); the rows are exactly as at the checkpoint.
-- Today: the re-insert comes before the update that frees the position: 23505.
begin;
select plan(3);

\set ns rollback_unique_key_of_deleted_row_taken_since
\ir fixtures/plan_tree.sql
alter table tasks add constraint tasks_plan_position_key unique (plan_id, position);
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');
create function pg_temp.tables() returns jsonb language sql stable as $$
  select jsonb_build_object(
    'plans',     (select jsonb_agg(to_jsonb(x) order by x.id) from plans x),
    'tasks',     (select jsonb_agg(to_jsonb(x) order by x.id) from tasks x),
    'artifacts', (select jsonb_agg(to_jsonb(x) order by x.id) from artifacts x)) $$;
create temp table at_checkpoint as select pg_temp.tables() as t;

-- task 1 (position 1) is deleted, with its artifacts; task 2 takes position 1
delete from tasks where id = pg_temp.id('task 1');
update tasks set position = 1 where id = pg_temp.id('task 2');

create temp table rolled_back (entity_type text, entity_id uuid, action text);
select lives_ok(format('insert into rolled_back select * from rollback_entity(%L, %L)', 'plan', pg_temp.id('plan')),
                'the rollback succeeds although the deleted task''s position is taken');
select set_eq($$select entity_id, action from rolled_back$$,
              format($$values (%L::uuid, 'inserted'), (%L::uuid, 'updated'), (%L::uuid, 'inserted'), (%L::uuid, 'inserted')$$,
                     pg_temp.id('task 1'), pg_temp.id('task 2'), pg_temp.id('artifact 1'), pg_temp.id('artifact 2')),
              'it re-inserts task 1 and its artifacts and moves task 2 back');
select is(pg_temp.tables(), (select t from at_checkpoint), 'the tables are exactly as at the checkpoint');

select * from finish();
rollback;
