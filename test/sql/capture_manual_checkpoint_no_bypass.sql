-- create_checkpoint's rules cannot be side-stepped: the SECURITY DEFINER
-- helper behind it (_checkpoint_manual) is for create_checkpoint only, so a
-- role cannot snapshot rows it may not read or cannot see (which would also
-- move the default rollback target of an entity it cannot see).
begin;
select plan(4);

create role capture_test_outsider;

insert into plans (id, title) values ('cb100000-0000-4000-8000-000000000001', 'not yours');

set local role capture_test_outsider;
select throws_ok($$select create_checkpoint('plan', 'cb100000-0000-4000-8000-000000000001')$$,
                 '42501', null, 'through create_checkpoint, a role without SELECT on plans is refused');
select throws_ok($$select _checkpoint_manual('plan', 'cb100000-0000-4000-8000-000000000001', 'sneaky', 'capture_test_outsider')$$,
                 '42501', null, 'calling the helper directly is refused too');
reset role;
-- even by a role that may read the table: the helper would skip
-- create_checkpoint's check that the row is visible (row-level security)
grant select on plans to capture_test_outsider;
set local role capture_test_outsider;
select throws_like($$select _checkpoint_manual('plan', 'cb100000-0000-4000-8000-000000000001', 'sneaky', 'capture_test_outsider')$$,
                   '%called by create_checkpoint only%', 'the helper is for create_checkpoint only');
select lives_ok($$select create_checkpoint('plan', 'cb100000-0000-4000-8000-000000000001')$$,
                'create_checkpoint itself works for that role');
reset role;

select * from finish();
rollback;
