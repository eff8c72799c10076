-- Checkpoints of a type registered below a parent record the parent's id
-- (through the registered parent column): tasks the plan_id, artifacts the
-- task_id; a move to another parent records the parent it left.
begin;
select plan(8);

insert into plans (id, title) values
  ('cd000000-0000-4000-8000-000000000001', 'parent one'),
  ('cd000000-0000-4000-8000-000000000002', 'parent two');
insert into tasks (id, plan_id, title)
values ('cd000000-0000-4000-8000-000000000011', 'cd000000-0000-4000-8000-000000000001', 'child');
insert into artifacts (id, task_id, name)
values ('cd000000-0000-4000-8000-000000000021', 'cd000000-0000-4000-8000-000000000011', 'grandchild');

select is((select parent_id from checkpoints
           where entity_id = 'cd000000-0000-4000-8000-000000000011' and operation = 'insert'),
          'cd000000-0000-4000-8000-000000000001'::uuid, 'a task''s checkpoint records its plan as parent_id');
select is((select parent_id from checkpoints
           where entity_id = 'cd000000-0000-4000-8000-000000000021' and operation = 'insert'),
          'cd000000-0000-4000-8000-000000000011'::uuid, 'an artifact''s checkpoint records its task as parent_id');
select is((select parent_id from checkpoints
           where entity_id = 'cd000000-0000-4000-8000-000000000001' and operation = 'insert'),
          null::uuid, 'a plan (no parent type) records no parent_id');

update tasks set title = 'child, renamed' where id = 'cd000000-0000-4000-8000-000000000011';
select is((select parent_id from checkpoints
           where entity_id = 'cd000000-0000-4000-8000-000000000011' and operation = 'update'),
          'cd000000-0000-4000-8000-000000000001'::uuid, 'an update records the parent_id too');
select is((select prev_parent_id from checkpoints
           where entity_id = 'cd000000-0000-4000-8000-000000000011' and operation = 'update'),
          null::uuid, 'an update that does not move the row records no previous parent');

update tasks set plan_id = 'cd000000-0000-4000-8000-000000000002' where id = 'cd000000-0000-4000-8000-000000000011';
select results_eq(
  $$select parent_id, prev_parent_id from checkpoints
    where entity_id = 'cd000000-0000-4000-8000-000000000011' order by seq desc limit 1$$,
  $$values ('cd000000-0000-4000-8000-000000000002'::uuid, 'cd000000-0000-4000-8000-000000000001'::uuid)$$,
  'a move to another plan records the new parent_id and the parent it left');

delete from artifacts where id = 'cd000000-0000-4000-8000-000000000021';
select is((select parent_id from checkpoints
           where entity_id = 'cd000000-0000-4000-8000-000000000021' and operation = 'delete'),
          'cd000000-0000-4000-8000-000000000011'::uuid, 'a delete records the parent the row had');

select is((select count(*)::int from checkpoints c
           where c.entity_id::text like 'cd000000-%' and c.entity_type in ('task', 'artifact')
             and c.parent_id is distinct from
                 (c.state_data ->> case c.entity_type when 'task' then 'plan_id' else 'task_id' end)::uuid),
          0, 'parent_id always agrees with the parent column in state_data');

select * from finish();
rollback;
