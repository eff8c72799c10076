-- The restore's own write is captured, and that capture carries the same
-- state_hash (and state) as the checkpoint it restored (CONTRACT.md, Exactly).
begin;
select plan(4);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('restore_capture_has_same_hash/' || $1)::uuid $$;

insert into plans (id, title, created_at, updated_at)
values (pg_temp.id('plan'), 'Hash me', '2026-01-01', '2026-01-01');
insert into tasks (id, plan_id, title, created_at, updated_at)
values (pg_temp.id('task'), pg_temp.id('plan'), 'Original', '2026-01-01', '2026-01-03');
insert into artifacts (id, task_id, name, content, created_at, updated_at)
values (pg_temp.id('artifact'), pg_temp.id('task'), 'report.md', '# v1', '2026-01-02', '2026-01-02');
create temp table target as
  select * from checkpoints where entity_id = pg_temp.id('artifact') and operation = 'insert';
create temp table target_task as
  select * from checkpoints where entity_id = pg_temp.id('task') and operation = 'insert';

update artifacts set content = '# v2', name = 'report-v2.md' where id = pg_temp.id('artifact');
delete from tasks where id = pg_temp.id('task');   -- cascades to the artifact

select restore_checkpoint((select id from target_task));   -- re-insert
select restore_checkpoint((select id from target));        -- re-insert from the first version

select is((select state_hash from checkpoints where entity_id = pg_temp.id('task') order by seq desc limit 1),
          (select state_hash from target_task),
          'the capture of a re-insert has the state_hash of the restored checkpoint');
select is((select state_data from checkpoints where entity_id = pg_temp.id('task') order by seq desc limit 1),
          (select state_data from target_task),
          'the capture of a re-insert has the state_data of the restored checkpoint');

update artifacts set content = '# v3' where id = pg_temp.id('artifact');
select restore_checkpoint((select id from target));        -- update back

select is((select operation from checkpoints where entity_id = pg_temp.id('artifact') order by seq desc limit 1),
          'update', 'precondition: the last capture of the artifact is the restore''s update');
select is((select state_hash from checkpoints where entity_id = pg_temp.id('artifact') order by seq desc limit 1),
          (select state_hash from target),
          'the capture of an update-restore has the state_hash of the restored checkpoint');

select * from finish();
rollback;
