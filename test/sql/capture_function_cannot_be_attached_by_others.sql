-- The generated capture functions are SECURITY DEFINER (they write
-- checkpoints for writers who have no privilege on it). Only the owner may
-- attach one to a table: a role that could would hand it a transition table
-- of its own making and forge history, hashes and all. Writers still fire
-- the capture triggers without any privilege on the function.
begin;
select plan(4);

create role capture_attach_test_forger;
grant usage on schema public to capture_attach_test_forger;
grant insert, select on plans to capture_attach_test_forger;

select function_privs_are('pgcheckpoint', 'capture__plan', '{}'::text[], 'public', '{}'::text[],
                          'PUBLIC may not execute pgcheckpoint.capture__plan()');

set local role capture_attach_test_forger;
create temp table forged (id uuid primary key, title text, status text, created_at timestamptz, updated_at timestamptz);
select throws_ok(
  $$create trigger forge after insert on forged referencing new table as new_rows
    for each statement execute function pgcheckpoint.capture__plan()$$,
  '42501', null,
  'a role without EXECUTE cannot attach a capture function to its own table');
select lives_ok($$insert into plans (id, title) values ('d5000000-0000-4000-8000-000000000001', 'real')$$,
                'the same role still writes a tracked table');
reset role;
select is((select count(*)::int from checkpoints where entity_id = 'd5000000-0000-4000-8000-000000000001' and operation = 'insert'), 1,
          'and its write is captured');

select * from finish();
rollback;
