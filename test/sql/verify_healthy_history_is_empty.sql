-- verify_checkpoints returns nothing when every saved state still hashes to
-- its state_hash (captures of every kind, manual checkpoints, restores).
begin;
select plan(2);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('verify_healthy_history_is_empty/' || $1)::uuid $$;
-- plan with two tasks; task 1 has two artifacts (fixed past timestamps, so
-- that a write stamped with now() is always visible)
insert into plans (id, title, status, created_at, updated_at) values
  (pg_temp.id('plan'), 'Release 2.0', 'running', '2026-01-01', '2026-01-01');
insert into tasks (id, plan_id, title, position, status, created_at, updated_at) values
  (pg_temp.id('task 1'), pg_temp.id('plan'), 'Write changelog', 1, 'done',    '2026-01-01', '2026-01-02'),
  (pg_temp.id('task 2'), pg_temp.id('plan'), 'Tag release',     2, 'pending', '2026-01-01', '2026-01-01');
insert into artifacts (id, task_id, name, content, created_at, updated_at) values
  (pg_temp.id('artifact 1'), pg_temp.id('task 1'), 'CHANGELOG.md', '## 2.0', '2026-01-02', '2026-01-02'),
  (pg_temp.id('artifact 2'), pg_temp.id('task 1'), 'notes.txt',    'draft',  '2026-01-02', '2026-01-02');
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');

update tasks set status = 'failed' where id = pg_temp.id('task 2');
delete from tasks where id = pg_temp.id('task 1');
select * from rollback_entity('plan', pg_temp.id('plan'));

select is_empty('select * from verify_checkpoints()', 'no checkpoint is reported on a healthy history');
select is_empty(format('select * from verify_checkpoints(%L, %L)', 'plan', pg_temp.id('plan')),
                'nor for one healthy entity');

select * from finish();
rollback;
