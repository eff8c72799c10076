-- restore_checkpoint(id) on a row that changed since the checkpoint writes the
-- saved state back over the live row (CONTRACT.md, Semantics: Restore).
begin;
select plan(4);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('restore_updates_row_to_checkpoint_state/' || $1)::uuid $$;

insert into plans (id, title, status, created_at, updated_at)
values (pg_temp.id('plan'), 'Draft the launch', 'draft', '2026-01-01', '2026-01-01');
select create_checkpoint('plan', pg_temp.id('plan'), 'before the edits');

update plans set title = 'Launch now', status = 'running' where id = pg_temp.id('plan');

select lives_ok(
  format('select restore_checkpoint(%L)',
         (select id from checkpoints where entity_id = pg_temp.id('plan') and operation = 'manual')),
  'restore_checkpoint of a changed row succeeds');

select is((select title from plans where id = pg_temp.id('plan')), 'Draft the launch',
          'the title is back to the saved value');
select is((select status from plans where id = pg_temp.id('plan')), 'draft',
          'the status is back to the saved value');
select is((select count(*) from plans where id = pg_temp.id('plan')), 1::bigint,
          'the row is updated in place, not duplicated');

select * from finish();
rollback;
