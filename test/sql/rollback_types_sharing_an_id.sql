-- Each table has its own keys: a task may have the same uuid as its plan.
-- A rollback names its steps by type and id, so such rows are written once
-- each, in the right order, and the dry run matches the real run.
begin;
select plan(5);

insert into plans (id, title) values ('df000000-0000-4000-8000-000000000001', 'p');
insert into tasks (id, plan_id, title) values ('df000000-0000-4000-8000-000000000001', 'df000000-0000-4000-8000-000000000001', 't');
select create_checkpoint('plan', 'df000000-0000-4000-8000-000000000001') is not null as checkpointed;
create temp table at_checkpoint as
  select 'plan' as t, to_jsonb(p.*) as j from plans p where id = 'df000000-0000-4000-8000-000000000001'
  union all select 'task', to_jsonb(t.*) from tasks t where id = 'df000000-0000-4000-8000-000000000001';
update plans set title = 'p2' where id = 'df000000-0000-4000-8000-000000000001';
update tasks set title = 't2' where id = 'df000000-0000-4000-8000-000000000001';

select results_eq(
  $$select entity_type, action from rollback_entity('plan', 'df000000-0000-4000-8000-000000000001') order by 1$$,
  $$values ('plan', 'updated'), ('task', 'updated')$$,
  'both updates are rolled back, each once');

-- now both are deleted, and come back: the plan before the task
delete from plans where id = 'df000000-0000-4000-8000-000000000001';
select results_eq(
  $$select entity_type, action from rollback_entity('plan', 'df000000-0000-4000-8000-000000000001', dry_run => true) order by 1$$,
  $$values ('plan', 'inserted'), ('task', 'inserted')$$,
  'the dry run plans both back');
select results_eq(
  $$select entity_type, action from rollback_entity('plan', 'df000000-0000-4000-8000-000000000001') order by 1$$,
  $$values ('plan', 'inserted'), ('task', 'inserted')$$,
  'the real run writes both back');
select set_eq(
  $$select 'plan', to_jsonb(p.*) from plans p where id = 'df000000-0000-4000-8000-000000000001'
    union all select 'task', to_jsonb(t.*) from tasks t where id = 'df000000-0000-4000-8000-000000000001'$$,
  $$select t, j from at_checkpoint$$,
  'both rows are exactly as at the checkpoint');
select is_empty($$select * from verify_checkpoints()$$, 'every checkpoint verifies');

select * from finish();
rollback;
