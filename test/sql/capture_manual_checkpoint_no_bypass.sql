-- create_checkpoint's SELECT rule cannot be side-stepped: the SECURITY
-- DEFINER helper behind it (_checkpoint_manual) must not let a role that may
-- not read a table snapshot its rows (which would also move the default
-- rollback target of an entity it cannot see).
begin;
select plan(3);

create role capture_test_outsider;

insert into plans (id, title) values ('cb100000-0000-4000-8000-000000000001', 'not yours');

set local role capture_test_outsider;
select throws_ok($$select create_checkpoint('plan', 'cb100000-0000-4000-8000-000000000001')$$,
                 '42501', null, 'through create_checkpoint, a role without SELECT on plans is refused');
select throws_ok($$select _checkpoint_manual('plan', 'cb100000-0000-4000-8000-000000000001', 'sneaky', 'capture_test_outsider')$$,
                 '42501', null, 'calling the helper directly is refused too');
reset role;

select is((select count(*)::int from checkpoints
           where entity_id = 'cb100000-0000-4000-8000-000000000001' and operation = 'manual'),
          0, 'no manual checkpoint was saved');

select * from finish();
rollback;
