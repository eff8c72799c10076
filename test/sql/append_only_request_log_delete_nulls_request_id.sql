-- The one change the history allows: deleting a request log sets request_id
-- to null on its checkpoints (ON DELETE SET NULL), and changes nothing else.
begin;
select plan(6);

create role append_only_test_logger;
grant select, insert, delete on request_logs to append_only_test_logger;

insert into request_logs (id, method, path) values
  ('a5000000-0000-4000-8000-000000000091', 'POST', '/plans'),
  ('a5000000-0000-4000-8000-000000000092', 'PATCH', '/plans/1'),
  ('a5000000-0000-4000-8000-000000000093', 'GET', '/plans');
select set_config('checkpoint.request_id', 'a5000000-0000-4000-8000-000000000091', true);
insert into plans (id, title) values ('a5000000-0000-4000-8000-000000000001', 'logged');
select set_config('checkpoint.request_id', 'a5000000-0000-4000-8000-000000000092', true);
update plans set status = 'running' where id = 'a5000000-0000-4000-8000-000000000001';
select set_config('checkpoint.request_id', '', true);
create temp table append_request_before as select * from checkpoints where entity_id = 'a5000000-0000-4000-8000-000000000001';

select lives_ok($$delete from request_logs where id = 'a5000000-0000-4000-8000-000000000091'$$,
                'the owner can delete a request log that checkpoints point at');
select is((select request_id from checkpoints
           where entity_id = 'a5000000-0000-4000-8000-000000000001' and operation = 'insert'),
          null::uuid, 'the checkpoints of the deleted log lose their request_id');
select is((select request_id from checkpoints
           where entity_id = 'a5000000-0000-4000-8000-000000000001' and operation = 'update'),
          'a5000000-0000-4000-8000-000000000092'::uuid, 'checkpoints of other logs keep theirs');
select set_eq($$select to_jsonb(c) - 'request_id' from checkpoints c where entity_id = 'a5000000-0000-4000-8000-000000000001'$$,
              $$select to_jsonb(c) - 'request_id' from append_request_before c$$,
              'nothing else in those checkpoints changed (state, hash, seq, ...)');

-- A role with no privilege on checkpoints may delete request logs too.
set local role append_only_test_logger;
select lives_ok($$delete from request_logs where id = 'a5000000-0000-4000-8000-000000000092'$$,
                'a role without any privilege on checkpoints can delete a request log');
reset role;
select is((select count(*)::int from checkpoints
           where entity_id = 'a5000000-0000-4000-8000-000000000001' and request_id is not null),
          0, 'and its checkpoints lose their request_id');

select * from finish();
rollback;
