-- plans.status and tasks.status accept exactly the contract's values.
begin;
select plan(14);

insert into plans (id, title) values ('5c000000-0000-4000-8000-000000000001', 'status values');

select lives_ok(
  format($$update plans set status = %L where id = '5c000000-0000-4000-8000-000000000001'$$, s),
  format('plans.status accepts %s', s))
from unnest(array['draft', 'running', 'succeeded', 'failed', 'cancelled']) s;

select throws_ok(
  $$update plans set status = 'done' where id = '5c000000-0000-4000-8000-000000000001'$$,
  '23514', null, 'plans.status refuses a value outside draft, running, succeeded, failed, cancelled');

insert into tasks (id, plan_id, title)
values ('5c000000-0000-4000-8000-000000000002', '5c000000-0000-4000-8000-000000000001', 'status values');

select lives_ok(
  format($$update tasks set status = %L where id = '5c000000-0000-4000-8000-000000000002'$$, s),
  format('tasks.status accepts %s', s))
from unnest(array['pending', 'running', 'done', 'failed', 'skipped']) s;

select throws_ok(
  $$update tasks set status = 'succeeded' where id = '5c000000-0000-4000-8000-000000000002'$$,
  '23514', null, 'tasks.status refuses a value outside pending, running, done, failed, skipped');

select throws_ok(
  $$update plans set status = null where id = '5c000000-0000-4000-8000-000000000001'$$,
  '23502', null, 'plans.status cannot be null');
select throws_ok(
  $$update tasks set status = null where id = '5c000000-0000-4000-8000-000000000002'$$,
  '23502', null, 'tasks.status cannot be null');

select * from finish();
rollback;
