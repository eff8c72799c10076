-- TRUNCATE of a tracked table is captured (every row as deleted): rows that a
-- truncate removed since the target come back with the rollback.
begin;
select plan(3);

\set ns rollback_restores_rows_truncated_since
\ir fixtures/plan_tree.sql
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');
\ir fixtures/saved_states.sql
create function pg_temp.tables() returns jsonb language sql stable as $$
  select jsonb_build_object(
    'plans',     (select jsonb_agg(to_jsonb(x) order by x.id) from plans x),
    'tasks',     (select jsonb_agg(to_jsonb(x) order by x.id) from tasks x),
    'artifacts', (select jsonb_agg(to_jsonb(x) order by x.id) from artifacts x)) $$;

create temp table tables_at_checkpoint as select pg_temp.tables() as t;
truncate artifacts;
select is((select count(*) from artifacts), 0::bigint, 'precondition: the artifacts were truncated');

select * from rollback_entity('plan', pg_temp.id('plan'));

select is(pg_temp.row_of('artifact', pg_temp.id('artifact 1')), pg_temp.saved('artifact 1'), 'a truncated artifact is back exactly');
select is(pg_temp.tables(), (select t from tables_at_checkpoint), 'the tables are exactly as at the checkpoint');

select * from finish();
rollback;
