-- Deleting a plan cascades (ON DELETE CASCADE) to its tasks and their
-- artifacts; every row the cascade removes is captured as a delete, with its
-- state as it was.
begin;
select plan(7);

insert into plans (id, title) values ('cc000000-0000-4000-8000-000000000001', 'cascade');
insert into tasks (id, plan_id, title, position) values
  ('cc000000-0000-4000-8000-000000000011', 'cc000000-0000-4000-8000-000000000001', 'first', 1),
  ('cc000000-0000-4000-8000-000000000012', 'cc000000-0000-4000-8000-000000000001', 'second', 2);
insert into artifacts (id, task_id, name, content) values
  ('cc000000-0000-4000-8000-000000000021', 'cc000000-0000-4000-8000-000000000011', 'a', 'x'),
  ('cc000000-0000-4000-8000-000000000022', 'cc000000-0000-4000-8000-000000000011', 'b', 'y'),
  ('cc000000-0000-4000-8000-000000000023', 'cc000000-0000-4000-8000-000000000012', 'c', 'z');
-- A plan that is not deleted, with a task, must not be touched.
insert into plans (id, title) values ('cc000000-0000-4000-8000-000000000002', 'bystander');
insert into tasks (id, plan_id, title) values
  ('cc000000-0000-4000-8000-000000000013', 'cc000000-0000-4000-8000-000000000002', 'bystander task');

create temp table cascade_before as
  select 'task' as entity_type, id, to_jsonb(t) as j from tasks t where t.plan_id = 'cc000000-0000-4000-8000-000000000001'
  union all
  select 'artifact', a.id, to_jsonb(a) from artifacts a join tasks t on t.id = a.task_id
  where t.plan_id = 'cc000000-0000-4000-8000-000000000001';

delete from plans where id = 'cc000000-0000-4000-8000-000000000001';

select is((select count(*)::int from checkpoints
           where entity_id = 'cc000000-0000-4000-8000-000000000001' and operation = 'delete'),
          1, 'the deleted plan is captured as a delete');
select set_eq(
  $$select entity_id from checkpoints where operation = 'delete' and entity_type = 'task'
    and entity_id::text like 'cc000000-%'$$,
  array['cc000000-0000-4000-8000-000000000011', 'cc000000-0000-4000-8000-000000000012']::uuid[],
  'each task removed by the cascade is captured as a delete');
select set_eq(
  $$select entity_id from checkpoints where operation = 'delete' and entity_type = 'artifact'
    and entity_id::text like 'cc000000-%'$$,
  array['cc000000-0000-4000-8000-000000000021', 'cc000000-0000-4000-8000-000000000022',
        'cc000000-0000-4000-8000-000000000023']::uuid[],
  'each artifact removed by the cascade (two levels down) is captured as a delete');
select is((select count(*)::int from checkpoints
           where operation = 'delete' and entity_id::text like 'cc000000-%'),
          6, 'every removed row is captured exactly once');
select is((select count(*)::int from cascade_before b
           join checkpoints c on c.entity_id = b.id and c.operation = 'delete'
           where c.entity_type = b.entity_type and c.state_data = b.j
             and c.state_hash = encode(digest(b.j::text, 'sha256'), 'hex')),
          5, 'each cascaded delete holds the child''s row as it was, and its hash');
select is((select count(*)::int from checkpoints
           where entity_id in ('cc000000-0000-4000-8000-000000000002', 'cc000000-0000-4000-8000-000000000013')
             and operation = 'delete'),
          0, 'rows of another plan are not captured as deleted');
select is((select count(distinct transaction_id)::int from checkpoints
           where operation = 'delete' and entity_id::text like 'cc000000-%'),
          1, 'the plan and its cascaded children are captured in one transaction');

select * from finish();
rollback;
