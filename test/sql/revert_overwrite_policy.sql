-- on_conflict => 'overwrite': every entity goes back to before whatever
-- happened since, and conflict still says what was overwritten:
--  * task 1, the unit's title changed again since: the title goes back;
--  * task 2, updated by the unit and deleted since: it comes back as before;
--  * artifact 2, deleted by the unit and written again since: it takes the
--    before state;
--  * new task, inserted by the unit, an artifact added below it since: it is
--    deleted, and that artifact goes as its foreign key says (cascade);
--  * other new task, inserted by the unit and changed since: it is deleted;
--  * the plan, no conflict: back to before as usual.
begin;
select plan(9);

\set ns revert_overwrite_policy
\ir fixtures/plan_tree.sql
\ir fixtures/saved_states.sql
\ir fixtures/revert.sql

select pg_temp.as_agent('agent A');
update plans set title = 'Release 2.1' where id = pg_temp.id('plan');
update tasks set title = 'Write the changelog, again' where id = pg_temp.id('task 1');
update tasks set title = 'Tag the release candidate' where id = pg_temp.id('task 2');
delete from artifacts where id = pg_temp.id('artifact 2');
insert into tasks (id, plan_id, title, position) values
  (pg_temp.id('new task'), pg_temp.id('plan'), 'Announce', 3),
  (pg_temp.id('other new task'), pg_temp.id('plan'), 'Celebrate', 4);
select pg_temp.as_agent('agent B');
update tasks set title = 'Write the release notes' where id = pg_temp.id('task 1');
delete from tasks where id = pg_temp.id('task 2');
insert into artifacts (id, task_id, name, content)
values (pg_temp.id('artifact 2'), pg_temp.id('task 1'), 'notes.txt', 'rewritten by agent B');
insert into artifacts (id, task_id, name, content) values (pg_temp.id('new artifact'), pg_temp.id('new task'), 'post.md', 'hello');
update tasks set title = 'Celebrate loudly' where id = pg_temp.id('other new task');
select pg_temp.as_nobody();

create temp table result as select * from revert_changes(request_id => pg_temp.id('agent A'), on_conflict => 'overwrite');

select set_eq($$ select entity_type, entity_id, action, case when conflict like '%title%' then 'title' else conflict end from result $$,
              $$ values ('plan', pg_temp.id('plan'), 'updated', null),
                        ('task', pg_temp.id('task 1'), 'updated', 'title'),
                        ('task', pg_temp.id('task 2'), 'inserted', 'deleted since'),
                        ('artifact', pg_temp.id('artifact 2'), 'updated', 'exists again'),
                        ('task', pg_temp.id('new task'), 'deleted', 'children added since'),
                        ('task', pg_temp.id('other new task'), 'deleted', 'title') $$,
              'every entity is written back, and the conflict says what was overwritten');
select is(pg_temp.row_of('plan', pg_temp.id('plan')), pg_temp.saved('plan'), 'the plan is back to before, exactly');
select is(pg_temp.row_of('task', pg_temp.id('task 1')) - 'updated_at', pg_temp.saved('task 1') - 'updated_at',
          'task 1: the title changed again since is overwritten with the one from before');
select is(pg_temp.row_of('task', pg_temp.id('task 2')), pg_temp.saved('task 2'),
          'task 2, deleted since, is back as it was before the unit');
select is(pg_temp.row_of('artifact', pg_temp.id('artifact 2')) - 'updated_at', pg_temp.saved('artifact 2') - 'updated_at',
          'artifact 2, written again since, takes its state from before the unit');
select is_empty($$ select 1 from tasks where id = pg_temp.id('new task') $$, 'the new task with a child added since is deleted');
select is_empty($$ select 1 from artifacts where id = pg_temp.id('new artifact') $$,
                'the child added below it went with it (ON DELETE CASCADE)');
select is_empty($$ select 1 from tasks where id = pg_temp.id('other new task') $$, 'the new task changed since is deleted');
select is((select count(*) from result), 6::bigint, 'the child that went by cascade is not reported (the unit did not change it)');

select * from finish();
rollback;
