-- Exactness must not depend on the session's TimeZone: a checkpoint captured
-- in one time zone and restored in another is the same row, so the restore's
-- capture must carry the checkpoint's state_hash, and comparing the two saved
-- states must not report the unchanged timestamps as changed.
begin;
select plan(2);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('restore_exact_across_session_time_zones/' || $1)::uuid $$;

set local timezone = 'Europe/Paris';        -- the writer's session
insert into plans (id, title, created_at, updated_at)
values (pg_temp.id('plan'), 'saved', '2026-01-01 10:00+00', '2026-01-01 10:00+00');
create temp table target as select * from checkpoints where entity_id = pg_temp.id('plan') and operation = 'insert';
update plans set title = 'changed' where id = pg_temp.id('plan');

set local timezone = 'UTC';                 -- the operator's session
select restore_checkpoint((select id from target));
create temp table restore_capture as
  select * from checkpoints where entity_id = pg_temp.id('plan') order by seq desc limit 1;

select is((select state_hash from restore_capture), (select state_hash from target),
          'the capture of the restore has the state_hash of the restored checkpoint');
select is(checkpoint_diff((select id from target), (select id from restore_capture)), '{}'::jsonb,
          'the restored state does not differ from the checkpoint''s');

select * from finish();
rollback;
