-- entity_history(type, id) lists every checkpoint of the entity, of every
-- operation (baseline, insert, update, manual, delete), newest first, and
-- nothing of other entities.
begin;
select plan(4);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('history_newest_first_all_operations/' || $1)::uuid $$;

create table history_test_items (
  id    uuid primary key,
  label text not null
);
insert into history_test_items values (pg_temp.id('item'), 'existed before tracking'),
                                      (pg_temp.id('neighbour'), 'another item');
select track_table('history_test_items', 'history_test_item');                         -- baseline
update history_test_items set label = 'edited' where id = pg_temp.id('item');          -- update
select create_checkpoint('history_test_item', pg_temp.id('item'), 'saved by hand');    -- manual
update history_test_items set label = 'edited again' where id = pg_temp.id('neighbour');
delete from history_test_items where id = pg_temp.id('item');                          -- delete
insert into history_test_items values (pg_temp.id('item'), 'back again');              -- insert

select results_eq(
  format('select operation from entity_history(%L, %L)', 'history_test_item', pg_temp.id('item')),
  $$ values ('insert'), ('delete'), ('manual'), ('update'), ('baseline') $$,
  'every operation of the entity is listed, newest first');
select results_eq(
  format('select seq from entity_history(%L, %L)', 'history_test_item', pg_temp.id('item')),
  format('select seq from checkpoints where entity_id = %L order by seq desc', pg_temp.id('item')),
  'the rows are ordered by seq, descending');
select is((select count(*) from entity_history('history_test_item', pg_temp.id('item')) h
           where h.entity_id <> pg_temp.id('item')), 0::bigint,
          'no checkpoint of another entity is listed');
select is((select state_data ->> 'label' from entity_history('history_test_item', pg_temp.id('item')) limit 1),
          'back again', 'the first row is the newest state');

select * from finish();
rollback;
