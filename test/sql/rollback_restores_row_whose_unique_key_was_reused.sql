-- An agent replaced a file with a new one of the same name: the old row was
-- deleted, and a new row took its unique key. Rolling back must delete the new
-- row and bring the old one back; the order of the writes must not make that
-- a unique violation (and the dry run must not promise a rollback that fails).
begin;
select plan(2);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('rollback_restores_row_whose_unique_key_was_reused/' || $1)::uuid $$;

create table rollback_test_folders (
  id   uuid primary key,
  name text not null
);
create table rollback_test_files (
  id        uuid primary key,
  folder_id uuid not null references rollback_test_folders on delete cascade,
  name      text not null,
  unique (folder_id, name)
);
select track_table('rollback_test_folders', 'rollback_test_folder');
select track_table('rollback_test_files', 'rollback_test_file', 'rollback_test_folder', 'folder_id');

insert into rollback_test_folders values (pg_temp.id('folder'), 'out');
insert into rollback_test_files values (pg_temp.id('old file'), pg_temp.id('folder'), 'report.md');
select create_checkpoint('rollback_test_folder', pg_temp.id('folder'));
create temp table saved as select to_jsonb(f) as state from rollback_test_files f;

delete from rollback_test_files where id = pg_temp.id('old file');
insert into rollback_test_files values (pg_temp.id('new file'), pg_temp.id('folder'), 'report.md');

select lives_ok(format('select * from rollback_entity(%L, %L)', 'rollback_test_folder', pg_temp.id('folder')),
                'the rollback succeeds although the new row holds the old row''s unique key');
select set_eq('select to_jsonb(f) from rollback_test_files f', 'select state from saved',
              'the old file is back and the new one is gone');

select * from finish();
rollback;
