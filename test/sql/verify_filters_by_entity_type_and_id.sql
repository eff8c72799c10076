-- verify_checkpoints(entity_type) checks one type, verify_checkpoints(type, id)
-- one entity.
begin;
select plan(4);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('verify_filters_by_entity_type_and_id/' || $1)::uuid $$;
create function pg_temp.corrupt(uuid) returns void language sql as $$
  set local session_replication_role = replica;
  update checkpoints set state_data = jsonb_set(state_data, '{title}', '"tampered"') where id = $1;
  set local session_replication_role = origin;
$$;
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

insert into plans (id, title) values (pg_temp.id('other plan'), 'other');
create temp table bad as
  select entity_type::text, entity_id, id from checkpoints
  where entity_id in (pg_temp.id('plan'), pg_temp.id('other plan'), pg_temp.id('task 1'));
select pg_temp.corrupt(id) from bad;

select set_eq(format('select checkpoint_id from verify_checkpoints(%L)', 'plan'),
              'select id from bad where entity_type = ''plan''',
              'by type: the corrupted checkpoints of both plans, not the task''s');
select set_eq(format('select checkpoint_id from verify_checkpoints(%L, %L)', 'plan', pg_temp.id('plan')),
              format('select id from bad where entity_id = %L', pg_temp.id('plan')),
              'by entity: only that plan''s');
select set_eq(format('select checkpoint_id from verify_checkpoints(entity_type => %L)', 'task'),
              'select id from bad where entity_type = ''task''',
              'by type, named argument: only the task''s');
select is_empty(format('select * from verify_checkpoints(%L)', 'artifact'),
                'a type with no corruption returns nothing');

select * from finish();
rollback;
