-- revert_changes returns one row per entity the unit changed, across trees
-- and types (a plan updated twice is one row; a prompt, which has no
-- parent, counts too), with entity_type, entity_id, action and a null
-- conflict when nothing conflicts. Entities only someone else changed are
-- not listed, nor rows the revert touches only by cascade.
begin;
select plan(2);

\set ns revert_returns_one_row_per_entity_the_unit_changed
\ir fixtures/plan_tree.sql
\ir fixtures/revert.sql

insert into prompts (id, name, template, created_at, updated_at)
values (pg_temp.id('prompt'), 'revert_returns_one_row_per_entity/greeting', 'Hello {{name}}', '2026-01-01', '2026-01-01');

select pg_temp.as_agent('agent A');
update plans set title = 'Release 2.1' where id = pg_temp.id('plan');
update plans set status = 'failed' where id = pg_temp.id('plan');
insert into tasks (id, plan_id, title, position) values (pg_temp.id('new task'), pg_temp.id('plan'), 'Announce', 3);
insert into artifacts (id, task_id, name) values (pg_temp.id('new artifact'), pg_temp.id('new task'), 'post.md');
delete from artifacts where id = pg_temp.id('artifact 2');
update prompts set template = 'Hi {{name}}' where id = pg_temp.id('prompt');
select pg_temp.as_agent('agent B');
update tasks set status = 'failed' where id = pg_temp.id('task 2');
select pg_temp.as_nobody();

create temp table result as select * from revert_changes(request_id => pg_temp.id('agent A'));

select set_eq($$ select entity_type, entity_id, action, conflict from result $$,
              $$ values ('plan', pg_temp.id('plan'), 'updated', null::text),
                        ('task', pg_temp.id('new task'), 'deleted', null::text),
                        ('artifact', pg_temp.id('new artifact'), 'deleted', null::text),
                        ('artifact', pg_temp.id('artifact 2'), 'inserted', null::text),
                        ('prompt', pg_temp.id('prompt'), 'updated', null::text) $$,
              'one row per entity the unit changed, with its action and no conflict');
select is((select count(*) from result), 5::bigint, 'no entity is listed twice');

select * from finish();
rollback;
