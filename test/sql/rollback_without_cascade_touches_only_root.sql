-- cascade => false rolls back the root entity only: what changed below it
-- stays as it is.
begin;
select plan(3);

\set ns rollback_without_cascade_touches_only_root
\ir fixtures/plan_tree.sql
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');
\ir fixtures/saved_states.sql
create function pg_temp.tables() returns jsonb language sql stable as $$
  select jsonb_build_object(
    'plans',     (select jsonb_agg(to_jsonb(x) order by x.id) from plans x),
    'tasks',     (select jsonb_agg(to_jsonb(x) order by x.id) from tasks x),
    'artifacts', (select jsonb_agg(to_jsonb(x) order by x.id) from artifacts x)) $$;

update plans set title = 'renamed' where id = pg_temp.id('plan');
update tasks set status = 'failed' where id = pg_temp.id('task 1');
insert into tasks (id, plan_id, title) values (pg_temp.id('new task'), pg_temp.id('plan'), 'new');
delete from artifacts where id = pg_temp.id('artifact 2');
create temp table children_before as
  select jsonb_build_object('tasks', (pg_temp.tables()) -> 'tasks', 'artifacts', (pg_temp.tables()) -> 'artifacts') as t;

select set_eq(format('select * from rollback_entity(%L, %L, cascade => false)', 'plan', pg_temp.id('plan')),
              format('values (%L, %L::uuid, %L)', 'plan', pg_temp.id('plan'), 'updated'),
              'without cascade, the only entity changed is the plan itself');
select is(pg_temp.row_of('plan', pg_temp.id('plan')), pg_temp.saved('plan'), 'the plan is rolled back');
select is(jsonb_build_object('tasks', (pg_temp.tables()) -> 'tasks', 'artifacts', (pg_temp.tables()) -> 'artifacts'),
          (select t from children_before),
          'tasks and artifacts are exactly as before the rollback (changed, created and deleted rows alike)');

select * from finish();
rollback;
