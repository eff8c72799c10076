-- rollback_entity acts with the caller's privileges: a role that may read the
-- history and write tasks and artifacts, but not update plans, cannot roll a
-- plan back (42501), and nothing changes.
begin;
select plan(3);

\set ns rollback_without_update_on_plans_is_42501
\ir fixtures/plan_tree.sql
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');
create function pg_temp.tables() returns jsonb language sql stable as $$
  select jsonb_build_object(
    'plans',     (select jsonb_agg(to_jsonb(x) order by x.id) from plans x),
    'tasks',     (select jsonb_agg(to_jsonb(x) order by x.id) from tasks x),
    'artifacts', (select jsonb_agg(to_jsonb(x) order by x.id) from artifacts x)) $$;

create role rollback_test_no_plan_update nologin;
grant select on checkpoints to rollback_test_no_plan_update;
grant select, insert, delete on plans to rollback_test_no_plan_update;
grant select, insert, update, delete on tasks, artifacts to rollback_test_no_plan_update;
update plans set title = 'changed' where id = pg_temp.id('plan');
update tasks set status = 'failed' where id = pg_temp.id('task 1');
create temp table before_run as select pg_temp.tables() as t;

set local role rollback_test_no_plan_update;
select throws_ok($$ select * from rollback_entity('plan', md5('rollback_without_update_on_plans_is_42501/plan')::uuid) $$,
                 '42501', null, 'a role that may not update plans cannot roll a plan back (42501)');
select throws_like($$ select * from rollback_entity('plan', md5('rollback_without_update_on_plans_is_42501/plan')::uuid) $$,
                   '%plans%', 'the error names the plans table');
reset role;

select is(pg_temp.tables(), (select t from before_run), 'nothing changed, not even the task the role may update');

select * from finish();
rollback;
