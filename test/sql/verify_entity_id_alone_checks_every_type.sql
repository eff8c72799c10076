-- Each filter of verify_checkpoints is optional on its own: entity_id alone
-- checks that id under any type. Two entities of different types share an
-- id (a plan and a prompt); verify_checkpoints(entity_id => id) returns
-- exactly the corrupted checkpoints of both, and none of another entity.
-- Today: entity_id without entity_type is refused with 22023.
begin;
select plan(3);

create function pg_temp.corrupt(uuid) returns void language sql as $$
  set local session_replication_role = replica;
  update checkpoints set state_data = state_data || '{"tampered": true}' where id = $1;
  set local session_replication_role = origin;
$$;
insert into plans (id, title) values ('d6000000-0000-4000-8000-000000000001', 'plan'),
                                     ('d6000000-0000-4000-8000-000000000002', 'another plan');
insert into prompts (id, name, template) values ('d6000000-0000-4000-8000-000000000001', 'verify_test_prompt', 'same id as the plan');
update plans set title = 'plan, renamed' where id = 'd6000000-0000-4000-8000-000000000001';
update prompts set template = 'changed' where id = 'd6000000-0000-4000-8000-000000000001';
-- corrupted: the plan's insert, the prompt's update, the other plan's insert
create temp table bad as
  select id, entity_id from checkpoints
  where (entity_type = 'plan' and entity_id = 'd6000000-0000-4000-8000-000000000001' and operation = 'insert')
     or (entity_type = 'prompt' and entity_id = 'd6000000-0000-4000-8000-000000000001' and operation = 'update')
     or (entity_type = 'plan' and entity_id = 'd6000000-0000-4000-8000-000000000002');
select pg_temp.corrupt(id) from bad;

select lives_ok($$select * from verify_checkpoints(entity_id => 'd6000000-0000-4000-8000-000000000001')$$,
                'verify_checkpoints(entity_id => ...) without an entity_type works');
select set_eq($$select checkpoint_id from verify_checkpoints(entity_id => 'd6000000-0000-4000-8000-000000000001')$$,
              $$select id from bad where entity_id = 'd6000000-0000-4000-8000-000000000001'$$,
              'it returns exactly the corrupted checkpoints of that id, the plan''s and the prompt''s');
select set_eq($$select checkpoint_id from verify_checkpoints(null, 'd6000000-0000-4000-8000-000000000002')$$,
              $$select id from bad where entity_id = 'd6000000-0000-4000-8000-000000000002'$$,
              'a null entity_type with an id (positionally) does the same');

select * from finish();
rollback;
