-- A row the unit inserted that now has entities below it that the unit did
-- not insert, at any depth, is a conflict, 'children added since'. The unit
-- inserts a plan and a task under it; someone else then adds an artifact
-- under that task: the task (child added directly) and the plan (a
-- grandchild) both conflict. Under abort 55000; under skip both are reported
-- 'skipped' and everything stays.
begin;
select plan(5);

\set ns revert_conflict_children_added_since
\ir fixtures/plan_tree.sql
\ir fixtures/attempt.sql
\ir fixtures/revert.sql

select pg_temp.as_agent('agent A');
insert into plans (id, title) values (pg_temp.id('new plan'), 'Release 2.1');
insert into tasks (id, plan_id, title, position) values (pg_temp.id('new task'), pg_temp.id('new plan'), 'Plan it', 1);
select pg_temp.as_agent('agent B');
insert into artifacts (id, task_id, name, content) values (pg_temp.id('new artifact'), pg_temp.id('new task'), 'plan.md', 'steps');
select pg_temp.as_nobody();
create temp table before_revert as select pg_temp.tables() as t;

create temp table outcome as
  select pg_temp.attempt(format('select * from revert_changes(request_id => %L)', pg_temp.id('agent A'))) as o;
select is((select o ->> 'sqlstate' from outcome), '55000', 'under abort: 55000');
select ok((select concat(o ->> 'message', ' ', o ->> 'detail') ~ (pg_temp.id('new plan') || '|' || pg_temp.id('new task')) from outcome),
          'its message or detail names a conflicting entity');

create temp table result as select * from revert_changes(request_id => pg_temp.id('agent A'), on_conflict => 'skip');
select set_eq($$ select entity_type, entity_id, action, conflict from result $$,
              $$ values ('task', pg_temp.id('new task'), 'skipped', 'children added since'),
                        ('plan', pg_temp.id('new plan'), 'skipped', 'children added since') $$,
              'the task with a new child and the plan with a new grandchild are skipped, ''children added since''');
select is(pg_temp.tables(), (select t from before_revert), 'everything stays');
select isnt(pg_temp.row_of('artifact', pg_temp.id('new artifact')), null, 'the other agent''s artifact is still there');

select * from finish();
rollback;
