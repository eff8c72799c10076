-- The capture of a restore's write carries a reason naming the restore and
-- the checkpoint it restored (CONTRACT.md, Atomic and undoable).
begin;
select plan(3);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('restore_capture_reason_names_the_restore/' || $1)::uuid $$;
create function pg_temp.last() returns checkpoints language sql stable
  as $$ select * from checkpoints where entity_id = pg_temp.id('plan') order by seq desc limit 1 $$;

insert into plans (id, title, created_at, updated_at)
values (pg_temp.id('plan'), 'Saved', '2026-01-01', '2026-01-01');
create temp table target as
  select id from checkpoints where entity_id = pg_temp.id('plan') and operation = 'insert';
update plans set title = 'Changed' where id = pg_temp.id('plan');

select restore_checkpoint((select id from target));

select matches((pg_temp.last()).reason::text, 'restore',
               'the capture of the restore has a reason that says it is a restore');
select matches((pg_temp.last()).reason::text, (select id::text from target),
               'the reason names the restored checkpoint');

-- outside the restore, captures go back to the session's own reason
update plans set title = 'Later' where id = pg_temp.id('plan');
select is((pg_temp.last()).reason, null,
          'a later write in the same transaction is not labelled as the restore');

select * from finish();
rollback;
