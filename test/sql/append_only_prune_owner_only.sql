-- prune_checkpoints is the only way rows leave checkpoints, and only the
-- owner may run it: PUBLIC has no EXECUTE, a non-owner gets 42501, even with
-- every privilege on checkpoints; the owner can.
begin;
select plan(5);

create role append_only_test_pruner;
grant select, delete on checkpoints to append_only_test_pruner;

select function_privs_are('public', 'prune_checkpoints', array['interval', 'integer'], 'public', '{}'::text[],
                          'PUBLIC may not execute prune_checkpoints');

insert into plans (id, title) values ('a6000000-0000-4000-8000-000000000001', 'pruned');
update plans set status = 'running' where id = 'a6000000-0000-4000-8000-000000000001';
update plans set status = 'succeeded' where id = 'a6000000-0000-4000-8000-000000000001';

set local role append_only_test_pruner;
select throws_ok($$select prune_checkpoints(interval '0', 1)$$, '42501', null,
                 'a non-owner cannot run prune_checkpoints (42501)');
select throws_ok($$select prune_checkpoints(interval '0')$$, '42501', null,
                 'nor with the default keep_last');
reset role;

select cmp_ok(prune_checkpoints(interval '0', 1), '>=', 2::bigint, 'the owner can prune');
select is((select count(*)::int from checkpoints where entity_id = 'a6000000-0000-4000-8000-000000000001'),
          1, 'the owner''s prune removed all but the newest checkpoint');

select * from finish();
rollback;
