-- to_checkpoint must be a checkpoint of the entity being rolled back: one of
-- another entity (even of the same type, or of a child) is 22023, and nothing changes.
begin;
select plan(3);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('rollback_to_checkpoint_of_another_entity_is_22023/' || $1)::uuid $$;
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

insert into plans (id, title) values (pg_temp.id('other plan'), 'other');
select create_checkpoint('plan', pg_temp.id('other plan'));
select create_checkpoint('task', pg_temp.id('task 1'));
update plans set title = 'changed' where id = pg_temp.id('plan');

select throws_ok(format('select * from rollback_entity(%L, %L, to_checkpoint => %L)', 'plan', pg_temp.id('plan'),
                        (select id from checkpoints where entity_id = pg_temp.id('other plan') and operation = 'manual')),
                 '22023', null,
                 'a checkpoint of another plan is refused with 22023');
select throws_ok(format('select * from rollback_entity(%L, %L, to_checkpoint => %L)', 'plan', pg_temp.id('plan'),
                        (select id from checkpoints where entity_id = pg_temp.id('task 1') and operation = 'manual')),
                 '22023', null,
                 'a checkpoint of one of its tasks is refused with 22023');
select is((select title from plans where id = pg_temp.id('plan')), 'changed', 'the plan is unchanged');

select * from finish();
rollback;
