-- A delete checkpoint holds the row as it was when deleted: restoring it
-- brings that row back (CONTRACT.md, checkpoints.state_data, Restore).
begin;
select plan(2);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('restore_from_delete_checkpoint_reinserts_row/' || $1)::uuid $$;

insert into plans (id, title, status, created_at, updated_at)
values (pg_temp.id('plan'), 'Retire old API', 'failed', '2026-01-01', '2026-01-02');
create temp table saved as select to_jsonb(p) as state from plans p where id = pg_temp.id('plan');
delete from plans where id = pg_temp.id('plan');

select lives_ok(
  format('select restore_checkpoint(%L)',
         (select id from checkpoints where entity_id = pg_temp.id('plan') and operation = 'delete')),
  'restore_checkpoint of a delete checkpoint succeeds');
select is((select to_jsonb(p) from plans p where id = pg_temp.id('plan')), (select state from saved),
          'the row is back exactly as it was when deleted');

select * from finish();
rollback;
