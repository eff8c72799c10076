-- A checkpoint.request_id that is not a uuid is an error (22P02), never a
-- silently lost link: the write it would have described fails with it.
begin;
select plan(4);

insert into plans (id, title) values ('c0300000-0000-4000-8000-000000000001', 'existing');

select set_config('checkpoint.request_id', 'req-42', true);

select throws_ok(
  $$insert into plans (id, title) values ('c0300000-0000-4000-8000-000000000002', 'refused')$$,
  '22P02', null, 'an insert with a malformed checkpoint.request_id fails with 22P02');

select throws_ok(
  $$update plans set title = 'refused' where id = 'c0300000-0000-4000-8000-000000000001'$$,
  '22P02', null, 'an update with a malformed checkpoint.request_id fails with 22P02');

select throws_ok(
  $$delete from plans where id = 'c0300000-0000-4000-8000-000000000001'$$,
  '22P02', null, 'a delete with a malformed checkpoint.request_id fails with 22P02');
select throws_like(
  $$update plans set title = 'refused' where id = 'c0300000-0000-4000-8000-000000000001'$$,
  '%checkpoint.request_id is not a uuid: ''req-42''%', 'the message names the setting and its value');

select * from finish();
rollback;
