-- Deleting the plan itself cascades to every task and artifact; rolling the
-- deleted plan back brings the whole tree back exactly.
begin;
select plan(6);

\set ns rollback_restores_deleted_plan_with_its_tree
\ir fixtures/plan_tree.sql
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');
\ir fixtures/saved_states.sql
create function pg_temp.tables() returns jsonb language sql stable as $$
  select jsonb_build_object(
    'plans',     (select jsonb_agg(to_jsonb(x) order by x.id) from plans x),
    'tasks',     (select jsonb_agg(to_jsonb(x) order by x.id) from tasks x),
    'artifacts', (select jsonb_agg(to_jsonb(x) order by x.id) from artifacts x)) $$;

create temp table tables_before as select pg_temp.tables() as t;
delete from plans where id = pg_temp.id('plan');
select is((select count(*) from tasks where plan_id = pg_temp.id('plan')), 0::bigint,
          'precondition: deleting the plan cascaded to its tasks');

select lives_ok(format('select * from rollback_entity(%L, %L)', 'plan', pg_temp.id('plan')),
                'a deleted plan can be rolled back to its manual checkpoint');
select is(pg_temp.row_of('plan', pg_temp.id('plan')), pg_temp.saved('plan'), 'the plan is back exactly');
select is(pg_temp.row_of('task', pg_temp.id('task 2')), pg_temp.saved('task 2'), 'its tasks are back exactly');
select is(pg_temp.row_of('artifact', pg_temp.id('artifact 1')), pg_temp.saved('artifact 1'),
          'the artifacts of its tasks are back exactly');
select is(pg_temp.tables(), (select t from tables_before), 'the three tables are exactly as before the delete');

select * from finish();
rollback;
