-- The result columns are named entity_type, entity_id, action (so that
-- select entity_type, entity_id, action from rollback_entity(...) reads naturally).
begin;
select plan(1);

\set ns rollback_returns_named_columns
\ir fixtures/plan_tree.sql
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');

update plans set title = 'renamed' where id = pg_temp.id('plan');
select results_eq(
  format('select r.entity_type, r.entity_id, r.action from rollback_entity(%L, %L) r', 'plan', pg_temp.id('plan')),
  format($$ values ('plan'::text, %L::uuid, 'updated'::text) $$, pg_temp.id('plan')),
  'rollback_entity returns (entity_type text, entity_id uuid, action text)');

select * from finish();
rollback;
