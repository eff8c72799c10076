-- Keys of state_data whose column was dropped since are ignored, on update
-- and on re-insert (CONTRACT.md, Restore).
begin;
select plan(5);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('restore_ignores_keys_of_dropped_columns/' || $1)::uuid $$;

create table restore_test_dropped_col (
  id     uuid primary key default gen_random_uuid(),
  title  text not null,
  legacy text
);
select track_table('restore_test_dropped_col', 'restore_test_dropped_col');

insert into restore_test_dropped_col (id, title, legacy) values
  (pg_temp.id('updated'), 'one', 'old-1'),
  (pg_temp.id('deleted'), 'two', 'old-2');
create temp table target as
  select * from checkpoints where entity_id in (pg_temp.id('updated'), pg_temp.id('deleted')) and operation = 'insert';

alter table restore_test_dropped_col drop column legacy;
update restore_test_dropped_col set title = 'one, edited' where id = pg_temp.id('updated');
delete from restore_test_dropped_col where id = pg_temp.id('deleted');

select ok((select bool_and(state_data ? 'legacy') from target),
          'precondition: the checkpoints hold the dropped column');
select lives_ok(format('select restore_checkpoint(%L)', (select id from target where entity_id = pg_temp.id('updated'))),
                'restoring an existing row from a state with a dropped column succeeds');
select is((select title from restore_test_dropped_col where id = pg_temp.id('updated')), 'one',
          'the existing row gets the saved values of the remaining columns');
select lives_ok(format('select restore_checkpoint(%L)', (select id from target where entity_id = pg_temp.id('deleted'))),
                're-inserting a row from a state with a dropped column succeeds');
select is((select to_jsonb(r) from restore_test_dropped_col r where id = pg_temp.id('deleted')),
          (select state_data - 'legacy' from target where entity_id = pg_temp.id('deleted')),
          'the re-inserted row is the saved state without the dropped key');

select * from finish();
rollback;
