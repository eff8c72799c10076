-- Generated columns are never written by a restore: Postgres computes them
-- from the restored columns (CONTRACT.md, Restore).
begin;
select plan(5);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('restore_leaves_generated_columns_to_postgres/' || $1)::uuid $$;

create table restore_test_generated (
  id       uuid primary key default gen_random_uuid(),
  quantity integer not null,
  price    numeric not null,
  total    numeric generated always as (quantity * price) stored
);
select track_table('restore_test_generated', 'restore_test_generated');

insert into restore_test_generated (id, quantity, price) values
  (pg_temp.id('updated'), 2, 10),
  (pg_temp.id('deleted'), 3, 5);
create temp table target as
  select * from checkpoints where entity_id in (pg_temp.id('updated'), pg_temp.id('deleted')) and operation = 'insert';

update restore_test_generated set quantity = 7 where id = pg_temp.id('updated');
delete from restore_test_generated where id = pg_temp.id('deleted');

select lives_ok(format('select restore_checkpoint(%L)', (select id from target where entity_id = pg_temp.id('updated'))),
                'restoring a row with a generated column (update) succeeds');
select is((select total from restore_test_generated where id = pg_temp.id('updated')), 20::numeric,
          'the generated column is recomputed from the restored columns');
select lives_ok(format('select restore_checkpoint(%L)', (select id from target where entity_id = pg_temp.id('deleted'))),
                'restoring a row with a generated column (re-insert) succeeds');
select is((select to_jsonb(r) from restore_test_generated r where id = pg_temp.id('deleted')),
          (select state_data from target where entity_id = pg_temp.id('deleted')),
          'the re-inserted row equals the saved state, generated column included');

-- a restore that differs only in the generated column's saved value (e.g. its
-- expression changed since) writes nothing
set local session_replication_role = replica;
update checkpoints set state_data = jsonb_set(state_data, '{total}', '999'),
                       state_hash = encode(digest(jsonb_set(state_data, '{total}', '999')::text, 'sha256'), 'hex')
where id = (select id from target where entity_id = pg_temp.id('deleted'));
set local session_replication_role = origin;
create temp table count_before as
  select count(*) as n from checkpoints where entity_id = pg_temp.id('deleted');
select restore_checkpoint((select id from target where entity_id = pg_temp.id('deleted')));
select is((select count(*) from checkpoints where entity_id = pg_temp.id('deleted')),
          (select n from count_before),
          'a saved generated value that differs from the computed one is not written: no change, no capture');

select * from finish();
rollback;
