-- verify_checkpoints(entity_type) checks one type, verify_checkpoints(type, id)
-- one entity.
begin;
select plan(4);

\set ns verify_filters_by_entity_type_and_id
\ir fixtures/plan_tree.sql
create function pg_temp.corrupt(uuid) returns void language sql as $$
  set local session_replication_role = replica;
  update checkpoints set state_data = jsonb_set(state_data, '{title}', '"tampered"') where id = $1;
  set local session_replication_role = origin;
$$;

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
