-- A column added after the checkpoint is not in its state_data: restoring an
-- existing row keeps that column's current value (CONTRACT.md, Restore).
begin;
select plan(4);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('restore_keeps_value_of_column_added_since/' || $1)::uuid $$;

create table restore_test_added_col (
  id    uuid primary key default gen_random_uuid(),
  title text not null
);
select track_table('restore_test_added_col', 'restore_test_added_col');

insert into restore_test_added_col (id, title) values (pg_temp.id('row'), 'before');
create temp table target as
  select * from checkpoints where entity_id = pg_temp.id('row') and operation = 'insert';

alter table restore_test_added_col add column priority integer not null default 5;
update restore_test_added_col set title = 'after', priority = 9 where id = pg_temp.id('row');

select ok(not (select state_data ? 'priority' from target),
          'precondition: the checkpoint predates the priority column');
select lives_ok(format('select restore_checkpoint(%L)', (select id from target)),
                'restoring a checkpoint taken before a column was added succeeds');
select is((select title from restore_test_added_col where id = pg_temp.id('row')), 'before',
          'the saved columns are restored');
select is((select priority from restore_test_added_col where id = pg_temp.id('row')), 9,
          'the column added since keeps its current value (not its default)');

select * from finish();
rollback;
