-- Values that jsonb cannot hold round-trip exactly: an hstore column (to_jsonb
-- renders it through hstore's cast to json, as an object of strings) comes
-- back from a rollback and from restore_checkpoint with the same text
-- rendering, NULL values and all.
-- Today: the state's JSON object is read back as hstore input text, which
-- hstore does not accept (22P02).
begin;
select plan(6);

create extension if not exists hstore;
create table restore_test_props (id uuid primary key, props hstore, note text);
select track_table('restore_test_props', 'restore_test_prop');
insert into restore_test_props values
  ('cd000000-0000-4000-8000-000000000001', 'b=>2, a=>"x y", "k=>v"=>"q\"uote", n=>NULL, ""=>empty', 'saved');
create temp table saved as
  select props::text as props, create_checkpoint('restore_test_prop', 'cd000000-0000-4000-8000-000000000001') as checkpoint_id
  from restore_test_props;

update restore_test_props set props = 'a=>1', note = 'changed';
select lives_ok($$select * from rollback_entity('restore_test_prop', 'cd000000-0000-4000-8000-000000000001')$$,
                'rollback_entity of a row with an hstore column succeeds');
select is((select props::text from restore_test_props), (select props from saved),
          'the rollback brings the hstore back exactly (props::text equal)');
select is((select note from restore_test_props), 'saved', 'and the rest of the row');

update restore_test_props set props = null, note = 'changed again';
select lives_ok(format('select restore_checkpoint(%L)', (select checkpoint_id from saved)),
                'restore_checkpoint of it succeeds');
select is((select props::text from restore_test_props), (select props from saved),
          'the restore brings the hstore back exactly (props::text equal)');
select is((select note from restore_test_props), 'saved', 'and the rest of the row');

select * from finish();
rollback;
