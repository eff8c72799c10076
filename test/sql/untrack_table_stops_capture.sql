-- After untrack_table, writes to the table make no checkpoints, and its
-- capture triggers are gone; tracking it again resumes capture.
begin;
select plan(6);

create table untrack_stop_items (id uuid primary key, label text);
select track_table('untrack_stop_items', 'untrack_stop_item');
select untrack_table('untrack_stop_items');

select is((select count(*)::int from pg_trigger where tgrelid = 'untrack_stop_items'::regclass and not tgisinternal),
          0, 'the capture triggers are removed');

insert into untrack_stop_items values ('e2000000-0000-4000-8000-000000000001', 'a');
update untrack_stop_items set label = 'b';
delete from untrack_stop_items;
insert into untrack_stop_items values ('e2000000-0000-4000-8000-000000000002', 'c');
truncate untrack_stop_items;
select is((select count(*)::int from checkpoints where entity_type = 'untrack_stop_item'),
          0, 'insert, update, delete and truncate of an untracked table make no checkpoint');

-- The same for a table tracked out of the box.
select untrack_table('prompts');
insert into prompts (id, name, template) values ('e2000000-0000-4000-8000-000000000003', 'untrack_table_stops_capture', 'x');
select is((select count(*)::int from checkpoints where entity_id = 'e2000000-0000-4000-8000-000000000003'),
          0, 'an insert into prompts after untrack_table(prompts) is not captured');
select throws_ok($$select create_checkpoint('prompt', 'e2000000-0000-4000-8000-000000000003')$$,
                 '22023', null, 'the type is unknown to create_checkpoint (22023)');

select track_table('untrack_stop_items', 'untrack_stop_item');
insert into untrack_stop_items values ('e2000000-0000-4000-8000-000000000004', 'd');
select is((select operation from checkpoints where entity_id = 'e2000000-0000-4000-8000-000000000004'),
          'insert', 'tracking it again resumes capture');
select is((select count(*)::int from checkpoints where entity_type = 'untrack_stop_item'),
          1, 'the re-tracked empty table got no baseline and one insert');

select * from finish();
rollback;
