-- Rows the unit inserted, and nobody changed since, are deleted by the
-- revert (a new task and the artifact under it, a new plan with its task);
-- rows of others stay.
begin;
select plan(6);

\set ns revert_deletes_rows_the_unit_inserted
\ir fixtures/plan_tree.sql
\ir fixtures/revert.sql

select pg_temp.as_agent('agent A');
insert into tasks (id, plan_id, title, position) values (pg_temp.id('new task'), pg_temp.id('plan'), 'Announce', 3);
insert into artifacts (id, task_id, name, content) values (pg_temp.id('new artifact'), pg_temp.id('new task'), 'post.md', 'hello');
insert into plans (id, title) values (pg_temp.id('new plan'), 'Release 2.1');
insert into tasks (id, plan_id, title, position) values (pg_temp.id('new plan task'), pg_temp.id('new plan'), 'Plan it', 1);
select pg_temp.as_nobody();
-- someone else's row, written after the unit
insert into tasks (id, plan_id, title, position) values (pg_temp.id('other task'), pg_temp.id('plan'), 'Review', 4);

create temp table result as select * from revert_changes(request_id => pg_temp.id('agent A'));

select set_eq($$ select entity_type, entity_id, action, conflict from result $$,
              $$ values ('task', pg_temp.id('new task'), 'deleted', null::text),
                        ('artifact', pg_temp.id('new artifact'), 'deleted', null::text),
                        ('plan', pg_temp.id('new plan'), 'deleted', null::text),
                        ('task', pg_temp.id('new plan task'), 'deleted', null::text) $$,
              'every row the unit inserted is reported deleted, without conflict');
select is_empty($$ select 1 from tasks where id = pg_temp.id('new task') $$, 'the new task is gone');
select is_empty($$ select 1 from artifacts where id = pg_temp.id('new artifact') $$, 'the new artifact is gone');
select is_empty($$ select 1 from plans where id = pg_temp.id('new plan') $$, 'the new plan is gone');
select is_empty($$ select 1 from tasks where id = pg_temp.id('new plan task') $$, 'the new plan''s task is gone');
select isnt(pg_temp.row_of('task', pg_temp.id('other task')), null, 'the task someone else inserted stays');

select * from finish();
rollback;
