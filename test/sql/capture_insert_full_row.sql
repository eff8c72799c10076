-- An INSERT into a tracked table makes one checkpoint, in the same
-- transaction, holding the full inserted row and its SHA-256.
begin;
select plan(10);

insert into plans (id, title, status)
values ('ca100000-0000-4000-8000-000000000001', 'capture insert', 'running');

select is((select count(*)::int from checkpoints where entity_id = 'ca100000-0000-4000-8000-000000000001'),
          1, 'one insert makes exactly one checkpoint');
select is((select entity_type::text from checkpoints where entity_id = 'ca100000-0000-4000-8000-000000000001'),
          'plan', 'the checkpoint names the entity type of the table (plan)');
select is((select operation from checkpoints where entity_id = 'ca100000-0000-4000-8000-000000000001'),
          'insert', 'the operation is insert');
select is((select state_data from checkpoints where entity_id = 'ca100000-0000-4000-8000-000000000001'),
          (select to_jsonb(p) from plans p where p.id = 'ca100000-0000-4000-8000-000000000001'),
          'state_data is the full inserted row, to_jsonb(row), defaults included');
select is((select state_hash::text from checkpoints where entity_id = 'ca100000-0000-4000-8000-000000000001'),
          (select encode(digest(to_jsonb(p)::text, 'sha256'), 'hex') from plans p
           where p.id = 'ca100000-0000-4000-8000-000000000001'),
          'state_hash is the lower-case hex SHA-256 of the row''s jsonb text');
select is((select created_at from checkpoints where entity_id = 'ca100000-0000-4000-8000-000000000001'),
          now(), 'the checkpoint is written in the inserting transaction');

-- The other tracked types capture the same way.
insert into prompts (id, name, template)
values ('ca100000-0000-4000-8000-000000000002', 'capture_insert_full_row', 'Hello {{name}}');
insert into tasks (id, plan_id, title, position)
values ('ca100000-0000-4000-8000-000000000003', 'ca100000-0000-4000-8000-000000000001', 'step', 1);
insert into artifacts (id, task_id, name, content)
values ('ca100000-0000-4000-8000-000000000004', 'ca100000-0000-4000-8000-000000000003', 'out.txt', 'result');

select results_eq(
  $$select entity_type::text, operation, state_data, state_hash::text from checkpoints
    where entity_id = 'ca100000-0000-4000-8000-000000000002'$$,
  $$select 'prompt', 'insert', to_jsonb(p), encode(digest(to_jsonb(p)::text, 'sha256'), 'hex')
    from prompts p where p.id = 'ca100000-0000-4000-8000-000000000002'$$,
  'an insert into prompts is captured as entity type prompt with the full row and its hash');
select results_eq(
  $$select entity_type::text, operation, state_data, state_hash::text from checkpoints
    where entity_id = 'ca100000-0000-4000-8000-000000000003'$$,
  $$select 'task', 'insert', to_jsonb(t), encode(digest(to_jsonb(t)::text, 'sha256'), 'hex')
    from tasks t where t.id = 'ca100000-0000-4000-8000-000000000003'$$,
  'an insert into tasks is captured as entity type task with the full row and its hash');
select results_eq(
  $$select entity_type::text, operation, state_data, state_hash::text from checkpoints
    where entity_id = 'ca100000-0000-4000-8000-000000000004'$$,
  $$select 'artifact', 'insert', to_jsonb(a), encode(digest(to_jsonb(a)::text, 'sha256'), 'hex')
    from artifacts a where a.id = 'ca100000-0000-4000-8000-000000000004'$$,
  'an insert into artifacts is captured as entity type artifact with the full row and its hash');

select is((select count(*)::int from checkpoints where entity_id = 'ca100000-0000-4000-8000-000000000001'),
          1, 'inserting children adds no checkpoint to the parent');

select * from finish();
rollback;
