-- A checkpoint.request_id that is not a uuid is an error (22P02), never a
-- silently lost link, and the write it would have described does not happen.
begin;
select plan(7);

insert into plans (id, title) values ('c0300000-0000-4000-8000-000000000001', 'existing');

select set_config('checkpoint.request_id', 'req-42', true);

select throws_ok(
  $$insert into plans (id, title) values ('c0300000-0000-4000-8000-000000000002', 'refused')$$,
  '22P02', null, 'an insert with a malformed checkpoint.request_id fails with 22P02');
select is((select count(*)::int from plans where id = 'c0300000-0000-4000-8000-000000000002'),
          0, 'the refused insert wrote no row');
select is((select count(*)::int from checkpoints where entity_id = 'c0300000-0000-4000-8000-000000000002'),
          0, 'the refused insert wrote no checkpoint');

select throws_ok(
  $$update plans set title = 'refused' where id = 'c0300000-0000-4000-8000-000000000001'$$,
  '22P02', null, 'an update with a malformed checkpoint.request_id fails with 22P02');
select is((select title from plans where id = 'c0300000-0000-4000-8000-000000000001'),
          'existing', 'the refused update changed nothing');

select throws_ok(
  $$delete from plans where id = 'c0300000-0000-4000-8000-000000000001'$$,
  '22P02', null, 'a delete with a malformed checkpoint.request_id fails with 22P02');
select is((select count(*)::int from plans where id = 'c0300000-0000-4000-8000-000000000001'),
          1, 'the refused delete removed nothing');

select * from finish();
rollback;
