-- A revert's own writes are captured like any other: one checkpoint per
-- entity it wrote (insert, update or delete; rows that needed nothing or
-- were skipped have none), each with a reason naming the revert.
begin;
select plan(3);

\set ns revert_capture_reason_names_the_revert
\ir fixtures/plan_tree.sql
\ir fixtures/revert.sql

select pg_temp.as_agent('agent A');
update plans set title = 'Release 2.1' where id = pg_temp.id('plan');
update tasks set title = 'Write the changelog, again' where id = pg_temp.id('task 1');
delete from artifacts where id = pg_temp.id('artifact 2');
insert into tasks (id, plan_id, title, position) values (pg_temp.id('new task'), pg_temp.id('plan'), 'Announce', 3),
                                                       (pg_temp.id('gone task'), pg_temp.id('plan'), 'Gone', 4);
select pg_temp.as_agent('agent B');
update tasks set title = 'Write the release notes' where id = pg_temp.id('task 1');   -- task 1: skipped
delete from tasks where id = pg_temp.id('gone task');                                  -- gone task: none
select pg_temp.as_nobody();

create temp table before_revert as select max(seq) as max_seq from checkpoints;
create temp table result as select * from revert_changes(request_id => pg_temp.id('agent A'), on_conflict => 'skip');
create temp table captures as select * from checkpoints where seq > (select max_seq from before_revert);

select set_eq($$ select entity_type::text, entity_id, operation from captures $$,
              $$ values ('plan', pg_temp.id('plan'), 'update'),
                        ('artifact', pg_temp.id('artifact 2'), 'insert'),
                        ('task', pg_temp.id('new task'), 'delete') $$,
              'each entity the revert wrote has a capture of that write; skipped and none have none');
select is((select count(*) from captures), 3::bigint, 'one capture per written entity');
select is_empty($$ select 1 from captures where coalesce(reason, '') not ilike 'revert%' $$,
                'every capture''s reason names the revert');

select * from finish();
rollback;
