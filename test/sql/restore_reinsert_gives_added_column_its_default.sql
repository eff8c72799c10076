-- Re-inserting a deleted row from a checkpoint taken before a column was
-- added gives that column its default (CONTRACT.md, Restore).
begin;
select plan(3);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('restore_reinsert_gives_added_column_its_default/' || $1)::uuid $$;

create table restore_test_added_default (
  id    uuid primary key default gen_random_uuid(),
  title text not null
);
select track_table('restore_test_added_default', 'restore_test_added_default');

insert into restore_test_added_default (id, title) values (pg_temp.id('row'), 'kept');
create temp table target as
  select * from checkpoints where entity_id = pg_temp.id('row') and operation = 'insert';

alter table restore_test_added_default add column priority integer not null default 5;
update restore_test_added_default set priority = 9 where id = pg_temp.id('row');
delete from restore_test_added_default where id = pg_temp.id('row');

select lives_ok(format('select restore_checkpoint(%L)', (select id from target)),
                'restoring a deleted row from a checkpoint older than a new not-null column succeeds');
select is((select title from restore_test_added_default where id = pg_temp.id('row')), 'kept',
          'the saved columns are re-inserted');
select is((select priority from restore_test_added_default where id = pg_temp.id('row')), 5,
          'the column added since takes its default, not its last live value');

select * from finish();
rollback;
