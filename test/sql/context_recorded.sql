-- The transaction-local session settings checkpoint.reason, checkpoint.actor,
-- checkpoint.request_id and checkpoint.trace_id are recorded on every
-- checkpoint the transaction captures.
begin;
select plan(8);

insert into request_logs (id, method, path)
values ('c0100000-0000-4000-8000-000000000099', 'POST', '/plans');

select set_config('checkpoint.reason', 'agent replanned', true);
select set_config('checkpoint.actor', 'agent:planner-7', true);
select set_config('checkpoint.request_id', 'c0100000-0000-4000-8000-000000000099', true);
select set_config('checkpoint.trace_id', '4bf92f3577b34da6a3ce929d0e0e4736', true);

insert into plans (id, title) values ('c0100000-0000-4000-8000-000000000001', 'with context');
update plans set status = 'running' where id = 'c0100000-0000-4000-8000-000000000001';
insert into tasks (id, plan_id, title)
values ('c0100000-0000-4000-8000-000000000002', 'c0100000-0000-4000-8000-000000000001', 'with context');

select is((select reason::text from checkpoints
           where entity_id = 'c0100000-0000-4000-8000-000000000001' and operation = 'insert'),
          'agent replanned', 'checkpoint.reason is recorded as reason');
select is((select created_by::text from checkpoints
           where entity_id = 'c0100000-0000-4000-8000-000000000001' and operation = 'insert'),
          'agent:planner-7', 'checkpoint.actor is recorded as created_by');
select is((select request_id from checkpoints
           where entity_id = 'c0100000-0000-4000-8000-000000000001' and operation = 'insert'),
          'c0100000-0000-4000-8000-000000000099'::uuid, 'checkpoint.request_id is recorded as request_id');
select is((select trace_id::text from checkpoints
           where entity_id = 'c0100000-0000-4000-8000-000000000001' and operation = 'insert'),
          '4bf92f3577b34da6a3ce929d0e0e4736', 'checkpoint.trace_id is recorded as trace_id');

select is((select count(*)::int from checkpoints
           where entity_id in ('c0100000-0000-4000-8000-000000000001', 'c0100000-0000-4000-8000-000000000002')
             and (reason, created_by, request_id, trace_id)
                 = ('agent replanned', 'agent:planner-7', 'c0100000-0000-4000-8000-000000000099'::uuid,
                    '4bf92f3577b34da6a3ce929d0e0e4736')),
          3, 'every capture of the transaction (insert, update, another table) carries the context');

-- A changed setting applies from the next statement on.
select set_config('checkpoint.reason', 'human edit', true);
update plans set title = 'renamed' where id = 'c0100000-0000-4000-8000-000000000001';
select is((select reason::text from checkpoints
           where entity_id = 'c0100000-0000-4000-8000-000000000001' order by seq desc limit 1),
          'human edit', 'a changed setting is recorded by the next capture');

-- Unset (empty) settings record nulls.
select set_config('checkpoint.reason', '', true);
select set_config('checkpoint.request_id', '', true);
select set_config('checkpoint.trace_id', '', true);
update plans set title = 'renamed again' where id = 'c0100000-0000-4000-8000-000000000001';
select results_eq(
  $$select reason::text, request_id, trace_id::text from checkpoints
    where entity_id = 'c0100000-0000-4000-8000-000000000001' order by seq desc limit 1$$,
  $$values (null::text, null::uuid, null::text)$$,
  'empty settings are recorded as null, not as empty strings');

-- A manual checkpoint carries the same context.
select set_config('checkpoint.request_id', 'c0100000-0000-4000-8000-000000000099', true);
select set_config('checkpoint.trace_id', '00f067aa0ba902b7', true);
create temp table context_manual as
  select create_checkpoint('plan', 'c0100000-0000-4000-8000-000000000001', 'snapshot') as id;
select results_eq(
  $$select created_by::text, request_id, trace_id::text from checkpoints
    where id = (select id from context_manual)$$,
  $$values ('agent:planner-7'::text, 'c0100000-0000-4000-8000-000000000099'::uuid, '00f067aa0ba902b7'::text)$$,
  'create_checkpoint records the actor, request id and trace id of the session');

select * from finish();
rollback;
