-- A restored row's to_jsonb equals the checkpoint's state_data, updated_at
-- included: the touch_updated_at trigger does not stamp now() on a restore
-- (CONTRACT.md, Semantics: Exactly).
begin;
select plan(4);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('restore_exact_updated_at/' || $1)::uuid $$;
create function pg_temp.saved() returns checkpoints language sql stable
  as $$ select * from checkpoints where entity_id = pg_temp.id('task') and operation = 'manual' $$;

insert into plans (id, title, created_at, updated_at)
values (pg_temp.id('plan'), 'Exactness', '2026-01-01', '2026-01-01');
insert into tasks (id, plan_id, title, position, status, created_at, updated_at)
values (pg_temp.id('task'), pg_temp.id('plan'), 'Measure', 1, 'running', '2026-01-01 08:00', '2026-01-01 09:30:00.123456');
select create_checkpoint('task', pg_temp.id('task'));

update tasks set status = 'failed', error = 'timeout', position = 7 where id = pg_temp.id('task');

select isnt((select updated_at from tasks where id = pg_temp.id('task')), '2026-01-01 09:30:00.123456'::timestamptz,
            'precondition: the update moved updated_at to now()');

select restore_checkpoint((pg_temp.saved()).id);

select is((select updated_at from tasks where id = pg_temp.id('task')), '2026-01-01 09:30:00.123456'::timestamptz,
          'updated_at is the saved value, to the microsecond, not the time of the restore');
select is((select to_jsonb(t) from tasks t where id = pg_temp.id('task')), (pg_temp.saved()).state_data,
          'to_jsonb of the restored row equals state_data');
select is((select encode(digest(to_jsonb(t)::text, 'sha256'), 'hex') from tasks t where id = pg_temp.id('task')),
          (pg_temp.saved()).state_hash::text,
          'the restored row hashes to the checkpoint''s state_hash');

select * from finish();
rollback;
