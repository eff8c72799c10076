-- Values that jsonb cannot hold round-trip exactly: a jsonb[] holding a JSON
-- null element and an SQL NULL element (both render as null in JSON) comes
-- back from a rollback and from restore_checkpoint with each element as it was.
-- Today: both elements come back the same (the JSON null is lost).
begin;
select plan(4);

create table restore_test_bags (id uuid primary key, items jsonb[], note text);
select track_table('restore_test_bags', 'restore_test_bag');
insert into restore_test_bags values
  ('d1000000-0000-4000-8000-000000000001', array['null'::jsonb, null, '{"a": null}'::jsonb], 'saved');
create temp table saved as
  select items::text as items, create_checkpoint('restore_test_bag', 'd1000000-0000-4000-8000-000000000001') as checkpoint_id
  from restore_test_bags;

update restore_test_bags set items = '{}', note = 'changed';
select lives_ok($$select * from rollback_entity('restore_test_bag', 'd1000000-0000-4000-8000-000000000001')$$,
                'rollback_entity of a row with a jsonb[] column succeeds');
select is((select items::text from restore_test_bags), (select items from saved),
          'the rollback brings back the JSON null element as JSON null and the SQL NULL element as SQL NULL');

update restore_test_bags set items = array[null, 'null'::jsonb, '{"a": null}'::jsonb], note = 'changed again';
select lives_ok(format('select restore_checkpoint(%L)', (select checkpoint_id from saved)),
                'restore_checkpoint of it succeeds');
select is((select items::text from restore_test_bags), (select items from saved),
          'the restore brings back each element as it was');

select * from finish();
rollback;
