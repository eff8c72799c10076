-- TRUNCATE plans CASCADE also empties tasks and artifacts; every row of
-- every truncated tracked table is captured as a delete.
begin;
select plan(5);

insert into plans (id, title) values ('f2000000-0000-4000-8000-000000000001', 'truncated');
insert into tasks (id, plan_id, title) values
  ('f2000000-0000-4000-8000-000000000011', 'f2000000-0000-4000-8000-000000000001', 'one'),
  ('f2000000-0000-4000-8000-000000000012', 'f2000000-0000-4000-8000-000000000001', 'two');
insert into artifacts (id, task_id, name) values
  ('f2000000-0000-4000-8000-000000000021', 'f2000000-0000-4000-8000-000000000011', 'a');
create temp table truncate_cascade_before as
  select 'plan' as entity_type, id, to_jsonb(p) as j from plans p
  union all select 'task', id, to_jsonb(t) from tasks t
  union all select 'artifact', id, to_jsonb(a) from artifacts a;

set local client_min_messages = warning;  -- keep the "truncate cascades" notices out of the TAP output
select lives_ok('truncate plans cascade', 'truncate plans cascade succeeds');
select is((select count(*)::int from tasks) + (select count(*)::int from artifacts), 0,
          'tasks and artifacts are emptied by the cascade');
select set_eq(
  $$select c.entity_type::text, c.entity_id from checkpoints c join truncate_cascade_before b on b.id = c.entity_id
    where c.operation = 'delete'$$,
  $$select entity_type, id from truncate_cascade_before$$,
  'every plan, task and artifact removed is captured as a delete of its type');
select is((select count(*)::int from checkpoints c join truncate_cascade_before b on b.id = c.entity_id
           where c.operation = 'delete' and c.state_data = b.j),
          (select count(*)::int from truncate_cascade_before),
          'each delete holds the row as it was, and none is captured twice');
select is((select parent_id from checkpoints
           where entity_id = 'f2000000-0000-4000-8000-000000000021' and operation = 'delete'),
          'f2000000-0000-4000-8000-000000000011'::uuid, 'the truncated artifact records its task as parent_id');

select * from finish();
rollback;
