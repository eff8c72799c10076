-- An UPDATE that leaves the row identical makes no checkpoint. (Inside one
-- transaction now() is constant, so touch_updated_at leaves updated_at as it
-- was and the row really is identical.)
begin;
select plan(5);

insert into plans (id, title) values ('ca400000-0000-4000-8000-000000000001', 'noop');
insert into plans (id, title) values ('ca400000-0000-4000-8000-000000000002', 'noop too');

update plans set title = title where id = 'ca400000-0000-4000-8000-000000000001';
select is((select count(*)::int from checkpoints where entity_id = 'ca400000-0000-4000-8000-000000000001'),
          1, 'setting a column to its own value makes no checkpoint');

update plans set status = 'draft', title = 'noop' where id = 'ca400000-0000-4000-8000-000000000001';
select is((select count(*)::int from checkpoints where entity_id = 'ca400000-0000-4000-8000-000000000001'),
          1, 'writing back the same values explicitly makes no checkpoint');

-- One statement, two rows: only the one that changes is captured.
update plans set title = case when id = 'ca400000-0000-4000-8000-000000000002' then 'changed' else title end
where id in ('ca400000-0000-4000-8000-000000000001', 'ca400000-0000-4000-8000-000000000002');
select is((select count(*)::int from checkpoints where entity_id = 'ca400000-0000-4000-8000-000000000001'),
          1, 'in a multi-row update, the unchanged row makes no checkpoint');
select is((select count(*)::int from checkpoints
           where entity_id = 'ca400000-0000-4000-8000-000000000002' and operation = 'update'),
          1, 'in the same update, the changed row makes one');

-- Changing a value and changing it back are two real changes.
update plans set status = 'running' where id = 'ca400000-0000-4000-8000-000000000001';
update plans set status = 'draft' where id = 'ca400000-0000-4000-8000-000000000001';
select is((select count(*)::int from checkpoints
           where entity_id = 'ca400000-0000-4000-8000-000000000001' and operation = 'update'),
          2, 'a change and its reversal are both captured');

select * from finish();
rollback;
