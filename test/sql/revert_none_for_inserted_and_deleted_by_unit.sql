-- A row the unit both inserted and deleted needs nothing: action 'none', no
-- conflict, and it stays absent. Also when the unit's delete came by
-- cascade (a new task with an artifact, the task deleted).
begin;
select plan(3);

\set ns revert_none_for_inserted_and_deleted_by_unit
\ir fixtures/plan_tree.sql
\ir fixtures/revert.sql

select pg_temp.as_agent('agent A');
insert into tasks (id, plan_id, title, position) values (pg_temp.id('scratch task'), pg_temp.id('plan'), 'Scratch', 3);
insert into artifacts (id, task_id, name) values (pg_temp.id('scratch artifact'), pg_temp.id('scratch task'), 'scratch.txt');
update tasks set title = 'Scratch, renamed' where id = pg_temp.id('scratch task');
delete from tasks where id = pg_temp.id('scratch task');
select pg_temp.as_nobody();
create temp table before_revert as select pg_temp.tables() as t;

create temp table result as select * from revert_changes(request_id => pg_temp.id('agent A'));

select set_eq($$ select entity_type, entity_id, action, conflict from result $$,
              $$ values ('task', pg_temp.id('scratch task'), 'none', null::text),
                        ('artifact', pg_temp.id('scratch artifact'), 'none', null::text) $$,
              'the task and its cascade-deleted artifact, both inserted and deleted by the unit, need nothing');
select is(pg_temp.tables(), (select t from before_revert), 'no table changed');
select is_empty($$ select 1 from tasks where id = pg_temp.id('scratch task') $$, 'the task stays absent');

select * from finish();
rollback;
