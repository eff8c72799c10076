-- Without checkpoint.actor, created_by is the role that made the write: the
-- writing statement's current_user (also after SET ROLE), never the owner of
-- the SECURITY DEFINER capture function.
begin;
select plan(7);

create role context_test_writer;
grant select, insert, update, delete on plans, tasks to context_test_writer;

select set_config('checkpoint.actor', '', true);

insert into plans (id, title) values ('c0200000-0000-4000-8000-000000000001', 'by the session user');
select is((select created_by::text from checkpoints
           where entity_id = 'c0200000-0000-4000-8000-000000000001' and operation = 'insert'),
          current_user::text, 'without checkpoint.actor, created_by is the writing role');

set local role context_test_writer;
insert into plans (id, title) values ('c0200000-0000-4000-8000-000000000002', 'by the role');
update plans set status = 'running' where id = 'c0200000-0000-4000-8000-000000000001';
insert into tasks (id, plan_id, title)
values ('c0200000-0000-4000-8000-000000000003', 'c0200000-0000-4000-8000-000000000002', 'by the role');
delete from plans where id = 'c0200000-0000-4000-8000-000000000002';
reset role;

select is((select created_by::text from checkpoints
           where entity_id = 'c0200000-0000-4000-8000-000000000002' and operation = 'insert'),
          'context_test_writer', 'after SET ROLE, an insert records the role set, not the session user');
select is((select created_by::text from checkpoints
           where entity_id = 'c0200000-0000-4000-8000-000000000001' and operation = 'update'),
          'context_test_writer', 'an update records the role that made it (not the role that inserted the row)');
select is((select created_by::text from checkpoints
           where entity_id = 'c0200000-0000-4000-8000-000000000002' and operation = 'delete'),
          'context_test_writer', 'a delete records the role that made it');
select is((select created_by::text from checkpoints
           where entity_id = 'c0200000-0000-4000-8000-000000000003' and operation = 'delete'),
          'context_test_writer', 'a row removed by ON DELETE CASCADE records the role whose delete cascaded');

-- Back to the session user: the next write is recorded as that user again.
update plans set status = 'succeeded' where id = 'c0200000-0000-4000-8000-000000000001';
select is((select created_by::text from checkpoints
           where entity_id = 'c0200000-0000-4000-8000-000000000001' order by seq desc limit 1),
          current_user::text, 'after RESET ROLE, the next write records the session user again');

-- checkpoint.actor, when set, wins over the writing role.
select set_config('checkpoint.actor', 'alice', true);
set local role context_test_writer;
update plans set status = 'failed' where id = 'c0200000-0000-4000-8000-000000000001';
reset role;
select is((select created_by::text from checkpoints
           where entity_id = 'c0200000-0000-4000-8000-000000000001' order by seq desc limit 1),
          'alice', 'checkpoint.actor, when set, is recorded instead of the writing role');

select * from finish();
rollback;
