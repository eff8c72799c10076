-- Capture works for a role that has no privilege at all on checkpoints (it
-- was granted only the domain tables): its inserts, updates, deletes and
-- create_checkpoint calls are all recorded, as made by that role.
begin;
select plan(10);

create role capture_test_app;
grant select, insert, update, delete on plans, tasks, artifacts, prompts to capture_test_app;
select set_config('checkpoint.actor', '', true);

select table_privs_are('public', 'checkpoints', 'capture_test_app', '{}'::text[],
                       'the role has no privilege on checkpoints');

set local role capture_test_app;
select lives_ok($$insert into plans (id, title) values ('cf000000-0000-4000-8000-000000000001', 'by the app')$$,
                'the role can insert into a tracked table');
select lives_ok($$insert into tasks (id, plan_id, title)
                  values ('cf000000-0000-4000-8000-000000000002', 'cf000000-0000-4000-8000-000000000001', 'step')$$,
                'and into a child table');
select lives_ok($$update plans set status = 'running' where id = 'cf000000-0000-4000-8000-000000000001'$$,
                'the role can update a tracked row');
select lives_ok($$select create_checkpoint('plan', 'cf000000-0000-4000-8000-000000000001', 'before the risky step')$$,
                'the role can call create_checkpoint');
select lives_ok($$delete from plans where id = 'cf000000-0000-4000-8000-000000000001'$$,
                'the role can delete a tracked row (cascading to its task)');
select throws_ok('select count(*) from checkpoints', '42501', null,
                 'while it still cannot read checkpoints itself');
reset role;

select results_eq(
  $$select entity_type::text, operation from checkpoints where entity_id::text like 'cf000000-%' order by seq$$,
  $$values ('plan', 'insert'), ('task', 'insert'), ('plan', 'update'), ('plan', 'manual'),
           ('plan', 'delete'), ('task', 'delete')$$,
  'every write of the role was captured, in order');
select is(array(select distinct created_by::text from checkpoints where entity_id::text like 'cf000000-%'),
          array['capture_test_app'], 'every one of them records the role as created_by');
select is((select reason::text from checkpoints
           where entity_id = 'cf000000-0000-4000-8000-000000000001' and operation = 'manual'),
          'before the risky step', 'the role''s manual checkpoint keeps its reason');

select * from finish();
rollback;
