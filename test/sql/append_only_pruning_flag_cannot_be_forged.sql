-- Deleting history is allowed only inside prune_checkpoints. The session
-- setting that prune_checkpoints raises while it deletes (checkpoint.pruning)
-- is not a key: a role that sets it itself is still refused (42501), even
-- when it was granted DELETE on checkpoints.
begin;
select plan(2);

create role append_only_test_forger;
grant select, delete on checkpoints to append_only_test_forger;

insert into plans (id, title) values ('a7000000-0000-4000-8000-000000000001', 'history');
update plans set status = 'running' where id = 'a7000000-0000-4000-8000-000000000001';

set local role append_only_test_forger;
select set_config('checkpoint.pruning', 'on', true);
select throws_ok($$delete from checkpoints where entity_id = 'a7000000-0000-4000-8000-000000000001'$$,
                 '42501', null, 'a non-owner that sets checkpoint.pruning itself still cannot delete history');
select throws_ok($$delete from checkpoints where entity_id = 'a7000000-0000-4000-8000-000000000001'
                   and operation = 'insert'$$,
                 '42501', null, 'not even one checkpoint');
reset role;

select * from finish();
rollback;
