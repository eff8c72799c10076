-- What is written is checked. A user roll-up trigger on tasks (AFTER
-- INSERT/UPDATE/DELETE, not looking at checkpoint.restoring) sets the
-- task's plan to 'running'. The unit deleted the plan (its tree went by
-- cascade); the revert re-inserts the plan as before ('draft') and then its
-- tasks, and the trigger changes the plan behind the revert's back: the
-- revert must fail with XX001 naming the plan and the column status, and
-- change nothing.
begin;
select plan(5);

\set ns revert_user_trigger_changing_written_row_is_xx001
\ir fixtures/plan_tree.sql
\ir fixtures/attempt.sql
\ir fixtures/revert.sql
update plans set status = 'draft' where id = pg_temp.id('plan');

select pg_temp.as_agent('agent A');
delete from plans where id = pg_temp.id('plan');
select pg_temp.as_nobody();

create function pg_temp.roll_up() returns trigger language plpgsql as $$
begin
  update public.plans set status = 'running'
  where id = case when tg_op = 'DELETE' then old.plan_id else new.plan_id end and status <> 'running';
  return null;
end $$;
create trigger revert_test_roll_up after insert or update or delete on tasks
  for each row execute function pg_temp.roll_up();
create temp table before_revert as select pg_temp.tables() as t;

create temp table outcome as
  select pg_temp.attempt(format('select * from revert_changes(request_id => %L)', pg_temp.id('agent A'))) as o;
select is((select o ->> 'sqlstate' from outcome), 'XX001', 'the revert fails with XX001 (data_corrupted)');
select diag('revert_changes: ' || o::text) from outcome where o ->> 'sqlstate' <> 'XX001';
select ok((select concat(o ->> 'message', ' ', o ->> 'detail') like '%' || pg_temp.id('plan') || '%' from outcome),
          'its message or detail names the plan');
select ok((select concat(o ->> 'message', ' ', o ->> 'detail') ~ '\mstatus\M' from outcome),
          'and the column status');
select is(pg_temp.tables(), (select t from before_revert), 'nothing changed');
select is_empty($$ select * from plans where id = pg_temp.id('plan') $$, 'the plan is still deleted');

select * from finish();
rollback;
