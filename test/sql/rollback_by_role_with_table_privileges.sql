-- A role with SELECT on checkpoints and SELECT/INSERT/UPDATE/DELETE on the
-- tables (and no other privilege on checkpoints) can roll back, and the
-- rollback's writes are captured as that role's.
begin;
select plan(4);

\set ns rollback_by_role_with_table_privileges
\ir fixtures/plan_tree.sql
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');
\ir fixtures/saved_states.sql
create function pg_temp.tables() returns jsonb language sql stable as $$
  select jsonb_build_object(
    'plans',     (select jsonb_agg(to_jsonb(x) order by x.id) from plans x),
    'tasks',     (select jsonb_agg(to_jsonb(x) order by x.id) from tasks x),
    'artifacts', (select jsonb_agg(to_jsonb(x) order by x.id) from artifacts x)) $$;

create role rollback_test_operator nologin;
grant select on checkpoints to rollback_test_operator;
grant select, insert, update, delete on plans, tasks, artifacts to rollback_test_operator;
create temp table tables_at_checkpoint as select pg_temp.tables() as t;
-- since the checkpoint: every kind of change in the scope
update plans set status = 'failed' where id = pg_temp.id('plan');                      -- plan: updated
update tasks set status = 'failed', error = 'boom' where id = pg_temp.id('task 2');     -- task 2: updated
insert into tasks (id, plan_id, title, position) values
  (pg_temp.id('new task'), pg_temp.id('plan'), 'Extra step', 3);                        -- new task: deleted
insert into artifacts (id, task_id, name) values
  (pg_temp.id('new artifact'), pg_temp.id('new task'), 'extra.txt');                     -- new artifact: deleted
delete from artifacts where id = pg_temp.id('artifact 2');                              -- artifact 2: inserted
-- task 1 and artifact 1 are left alone

create temp table before_run as select max(seq) as max_seq from checkpoints;
grant select on before_run to rollback_test_operator;

set local role rollback_test_operator;
select lives_ok($$ select * from rollback_entity('plan', md5('rollback_by_role_with_table_privileges/plan')::uuid) $$,
                'the role can roll a plan back (updates, re-inserts and deletes)');
reset role;

select is(pg_temp.tables(), (select t from tables_at_checkpoint), 'the tables are exactly as at the checkpoint');
select is((select count(*) from checkpoints where seq > (select max_seq from before_run)), 5::bigint,
          'the rollback''s five writes were captured');
select is((select count(*) from checkpoints where seq > (select max_seq from before_run)
                                              and created_by is distinct from 'rollback_test_operator'),
          0::bigint, 'the captures are attributed to the role that rolled back');

select * from finish();
rollback;
