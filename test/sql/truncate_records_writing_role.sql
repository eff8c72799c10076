-- The deletes that a TRUNCATE records name the role that truncated, as every
-- other capture does (checkpoint.actor unset): the statement's current_user,
-- not the session user nor whoever wrote earlier in the transaction.
begin;
select plan(3);

create role truncate_test_writer;
grant select, insert, truncate on prompts to truncate_test_writer;
select set_config('checkpoint.actor', '', true);

insert into prompts (id, name, template)
values ('f3000000-0000-4000-8000-000000000001', 'truncate_records_writing_role 1', 'x');
set local role truncate_test_writer;
truncate prompts;
reset role;
select is((select created_by::text from checkpoints
           where entity_id = 'f3000000-0000-4000-8000-000000000001' and operation = 'delete'),
          'truncate_test_writer', 'a truncate after SET ROLE records the role, not the session user');

-- The role writes first, then the session user truncates.
set local role truncate_test_writer;
insert into prompts (id, name, template)
values ('f3000000-0000-4000-8000-000000000002', 'truncate_records_writing_role 2', 'x');
reset role;
truncate prompts;
select is((select created_by::text from checkpoints
           where entity_id = 'f3000000-0000-4000-8000-000000000002' and operation = 'delete'),
          session_user::text, 'a truncate records its own writer, not the writer of an earlier statement');
select is((select created_by::text from checkpoints
           where entity_id = 'f3000000-0000-4000-8000-000000000002' and operation = 'insert'),
          'truncate_test_writer', 'while the insert before it records the role that inserted');

select * from finish();
rollback;
