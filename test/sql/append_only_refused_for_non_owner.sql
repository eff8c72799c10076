-- A role that is not the owner cannot change the history either: without
-- privileges it is refused by the permission system (42501); a role that was
-- granted UPDATE / DELETE / TRUNCATE anyway is still stopped by the guards
-- (42501).
begin;
select plan(8);

create role append_only_test_reader;
grant select on checkpoints to append_only_test_reader;
create role append_only_test_granted;
grant select, update, delete, truncate on checkpoints to append_only_test_granted;

insert into plans (id, title) values ('a4000000-0000-4000-8000-000000000001', 'history');

set local role append_only_test_reader;
select throws_ok($$update checkpoints set reason = 'x' where entity_id = 'a4000000-0000-4000-8000-000000000001'$$,
                 '42501', 'permission denied for table checkpoints',
                 'a role with only SELECT cannot update checkpoints (no privilege)');
select throws_ok($$delete from checkpoints where entity_id = 'a4000000-0000-4000-8000-000000000001'$$,
                 '42501', 'permission denied for table checkpoints',
                 'a role with only SELECT cannot delete checkpoints (no privilege)');
select throws_ok('truncate checkpoints', '42501', 'permission denied for table checkpoints',
                 'a role with only SELECT cannot truncate checkpoints (no privilege)');
reset role;

set local role append_only_test_granted;
select throws_like($$update checkpoints set reason = 'x' where entity_id = 'a4000000-0000-4000-8000-000000000001'$$,
                   '%append-only%', 'a role granted UPDATE is still refused by the guard');
select throws_ok($$update checkpoints set reason = 'x' where entity_id = 'a4000000-0000-4000-8000-000000000001'$$,
                 '42501', null, 'with 42501');
select throws_like($$delete from checkpoints where entity_id = 'a4000000-0000-4000-8000-000000000001'$$,
                   '%append-only%', 'a role granted DELETE is still refused by the guard');
select throws_ok($$delete from checkpoints where entity_id = 'a4000000-0000-4000-8000-000000000001'$$,
                 '42501', null, 'with 42501');
select throws_like('truncate checkpoints', '%append-only%', 'a role granted TRUNCATE is still refused by the guard');
reset role;

select * from finish();
rollback;
