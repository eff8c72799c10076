-- checkpoints is append-only: UPDATE is refused even for its owner (a guard
-- trigger, 42501), whatever column it touches.
begin;
select plan(6);

insert into request_logs (id) values ('a1000000-0000-4000-8000-000000000099');
select set_config('checkpoint.request_id', 'a1000000-0000-4000-8000-000000000099', true);
insert into plans (id, title) values ('a1000000-0000-4000-8000-000000000001', 'history');

select is((select relowner::regrole::text from pg_class where oid = 'public.checkpoints'::regclass),
          current_user::text, 'this test runs as the owner of checkpoints');
select throws_ok($$update checkpoints set reason = 'rewritten' where entity_id = 'a1000000-0000-4000-8000-000000000001'$$,
                 '42501', null, 'the owner cannot update a checkpoint''s reason');
select throws_ok($$update checkpoints set state_data = '{}', state_hash = encode(digest('{}', 'sha256'), 'hex')
                   where entity_id = 'a1000000-0000-4000-8000-000000000001'$$,
                 '42501', null, 'the owner cannot rewrite a saved state, even with a matching hash');
select throws_ok($$update checkpoints set request_id = null where entity_id = 'a1000000-0000-4000-8000-000000000001'$$,
                 '42501', null, 'the owner cannot null request_id directly (only the foreign key may)');
select throws_ok($$update checkpoints set reason = reason where entity_id = 'a1000000-0000-4000-8000-000000000001'$$,
                 '42501', null, 'even an update that changes nothing is refused');
select throws_like($$update checkpoints set reason = 'x' where entity_id = 'a1000000-0000-4000-8000-000000000001'$$,
                   '%append-only%', 'the error says the history is append-only');

select * from finish();
rollback;
