-- create_checkpoint's rules cannot be side-stepped. The manual checkpoint is
-- written by the owner of checkpoints, on a request that a CHECK constraint
-- has checked with the requesting role's own privileges: a role cannot
-- snapshot rows it may not read or cannot see (which would also move the
-- default rollback target of an entity it cannot see), and a request names
-- an entity, never a state, so nothing can be forged through it.
begin;
select plan(7);

create role capture_test_outsider;
insert into plans (id, title) values ('cb100000-0000-4000-8000-000000000001', 'not yours'),
                                     ('cb100000-0000-4000-8000-000000000002', 'hidden');

set local role capture_test_outsider;
select throws_ok($$select create_checkpoint('plan', 'cb100000-0000-4000-8000-000000000001')$$,
                 '42501', null, 'through create_checkpoint, a role without SELECT on plans is refused');
select throws_ok($$insert into pgcheckpoint.manual_requests (checkpoint_id, entity_type, entity_id)
                   values (gen_random_uuid(), 'plan', 'cb100000-0000-4000-8000-000000000001')$$,
                 '42501', null, 'a request made directly is refused too');
reset role;

-- a role that may read plans, but not the hidden one (row-level security)
grant select on plans to capture_test_outsider;
alter table plans enable row level security;
create policy capture_test_not_hidden on plans for select to capture_test_outsider using (title <> 'hidden');
set local role capture_test_outsider;
select throws_ok($$insert into pgcheckpoint.manual_requests (checkpoint_id, entity_type, entity_id)
                   values (gen_random_uuid(), 'plan', 'cb100000-0000-4000-8000-000000000002')$$,
                 '23514', null, 'a request for a row hidden from the role fails its check');
select throws_ok($$insert into pgcheckpoint.manual_requests (checkpoint_id, entity_type, entity_id, requested_by)
                   values (gen_random_uuid(), 'plan', 'cb100000-0000-4000-8000-000000000001', 'postgres')$$,
                 '23514', null, 'a request in another role''s name fails its check');
select lives_ok($$select create_checkpoint('plan', 'cb100000-0000-4000-8000-000000000001')$$,
                'create_checkpoint itself works for that role');
reset role;
select is((select count(*)::int from checkpoints
           where entity_id = 'cb100000-0000-4000-8000-000000000002' and operation = 'manual'), 0,
          'no manual checkpoint of the hidden row was made');
select is((select count(*)::int from pgcheckpoint.manual_requests), 0, 'requests do not stay behind');

select * from finish();
rollback;
