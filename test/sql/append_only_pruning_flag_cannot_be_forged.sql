-- Deleting history is allowed only inside prune_checkpoints. The session
-- setting that prune_checkpoints raises while it deletes (checkpoint.pruning)
-- is not a key: a role that sets it itself is still refused (42501), even
-- when it was granted DELETE on checkpoints; so is the owner, and so is a
-- function named like the prune batch in another schema.
begin;
select plan(4);

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

select set_config('checkpoint.pruning', 'on', true);
select throws_ok($$delete from checkpoints where entity_id = 'a7000000-0000-4000-8000-000000000001'$$,
                 '42501', null, 'the owner that sets checkpoint.pruning itself cannot delete history either');
create schema append_only_impostor;
create function append_only_impostor.prune_checkpoints_batch(timestamptz, integer, text, uuid, integer)
returns void language plpgsql as $f$
begin
  perform set_config('checkpoint.pruning', 'on', true);
  delete from public.checkpoints where entity_id = 'a7000000-0000-4000-8000-000000000001';
end $f$;
select throws_ok($$select append_only_impostor.prune_checkpoints_batch(now(), 0, null, null, 1)$$,
                 '42501', null, 'nor from a function of the same name in another schema');

select * from finish();
rollback;
