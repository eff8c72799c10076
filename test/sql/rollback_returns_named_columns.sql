-- The result columns are named entity_type, entity_id, action (so that
-- select entity_type, entity_id, action from rollback_entity(...) reads naturally).
begin;
select plan(1);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('rollback_returns_named_columns/' || $1)::uuid $$;
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

update plans set title = 'renamed' where id = pg_temp.id('plan');
select results_eq(
  format('select r.entity_type, r.entity_id, r.action from rollback_entity(%L, %L) r', 'plan', pg_temp.id('plan')),
  format($$ values ('plan'::text, %L::uuid, 'updated'::text) $$, pg_temp.id('plan')),
  'rollback_entity returns (entity_type text, entity_id uuid, action text)');

select * from finish();
rollback;
