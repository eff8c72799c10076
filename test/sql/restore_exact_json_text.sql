-- Values that jsonb cannot hold round-trip exactly: a json (not jsonb)
-- column keeps its text as written, key order, duplicate keys and spacing
-- included; it comes back from a rollback and from restore_checkpoint with
-- the same text.
-- Today: the state holds it as jsonb (keys sorted, the duplicate dropped,
-- spacing normalized), and that is what comes back.
begin;
select plan(4);

create table restore_test_payloads (id uuid primary key, body json, note text);
select track_table('restore_test_payloads', 'restore_test_payload');
insert into restore_test_payloads values
  ('d0000000-0000-4000-8000-000000000001', '{"b":1,  "a":2, "a":3,
   "c" : [1 ,2]}', 'saved');
create temp table saved as
  select body::text as body, create_checkpoint('restore_test_payload', 'd0000000-0000-4000-8000-000000000001') as checkpoint_id
  from restore_test_payloads;

update restore_test_payloads set body = '{"a":3,"b":1}', note = 'changed';
select lives_ok($$select * from rollback_entity('restore_test_payload', 'd0000000-0000-4000-8000-000000000001')$$,
                'rollback_entity of a row with a json column succeeds');
select is((select body::text from restore_test_payloads), (select body from saved),
          'the rollback brings back the json text exactly (key order, duplicate key, spacing)');

update restore_test_payloads set body = '{"a": 3, "b": 1, "c": [1, 2]}', note = 'changed again';
select lives_ok(format('select restore_checkpoint(%L)', (select checkpoint_id from saved)),
                'restore_checkpoint of it succeeds');
select is((select body::text from restore_test_payloads), (select body from saved),
          'the restore brings back the json text exactly');

select * from finish();
rollback;
