-- What is written is checked. A user roll-up trigger on tasks (AFTER
-- INSERT/UPDATE/DELETE, not looking at checkpoint.restoring) sets the
-- task's plan to 'running'. The plan was deleted since its checkpoint, so
-- the rollback re-inserts the plan (as saved: 'draft') and then its tasks,
-- and the trigger changes the plan behind the rollback's back: the rollback
-- must fail with XX001 naming the plan and the column status, and change
-- nothing.
-- Today: the rollback succeeds and leaves the plan 'running', not as saved.
begin;
select plan(5);

\set ns rollback_user_trigger_changing_written_rows_is_xx001
\ir fixtures/plan_tree.sql
\ir fixtures/attempt.sql
update plans set status = 'draft' where id = pg_temp.id('plan');
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');

create function pg_temp.roll_up() returns trigger language plpgsql as $$
begin
  update public.plans set status = 'running'
  where id = case when tg_op = 'DELETE' then old.plan_id else new.plan_id end and status <> 'running';
  return null;
end $$;
create trigger rollback_test_roll_up after insert or update or delete on tasks
  for each row execute function pg_temp.roll_up();
create function pg_temp.tables() returns jsonb language sql stable as $$
  select jsonb_build_object(
    'plans',     (select jsonb_agg(to_jsonb(x) order by x.id) from plans x),
    'tasks',     (select jsonb_agg(to_jsonb(x) order by x.id) from tasks x),
    'artifacts', (select jsonb_agg(to_jsonb(x) order by x.id) from artifacts x)) $$;

delete from plans where id = pg_temp.id('plan');
create temp table before_rollback as select pg_temp.tables() as t;

create temp table outcome as
  select pg_temp.attempt(format('select * from rollback_entity(%L, %L)', 'plan', pg_temp.id('plan'))) as o;
select is((select o ->> 'sqlstate' from outcome), 'XX001', 'the rollback fails with XX001 (data_corrupted)');
select diag('rollback_entity: ' || o::text) from outcome where o ->> 'sqlstate' <> 'XX001';
select ok((select concat(o ->> 'message', ' ', o ->> 'detail') like '%' || pg_temp.id('plan') || '%' from outcome),
          'its message or detail names the plan');
select ok((select concat(o ->> 'message', ' ', o ->> 'detail') ~ '\mstatus\M' from outcome),
          'and the column status');
select is(pg_temp.tables(), (select t from before_rollback), 'nothing changed');
select is_empty($$select * from plans where id = pg_temp.id('plan')$$, 'the plan is still deleted');

select * from finish();
rollback;
