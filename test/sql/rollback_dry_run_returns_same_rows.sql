-- dry_run => true returns the same rows as the real rollback would.
begin;
select plan(2);

\set ns rollback_dry_run_returns_same_rows
\ir fixtures/plan_tree.sql
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');
-- since the checkpoint: every kind of change in the scope
update plans set status = 'failed' where id = pg_temp.id('plan');                      -- plan: updated
update tasks set status = 'failed', error = 'boom' where id = pg_temp.id('task 2');     -- task 2: updated
insert into tasks (id, plan_id, title, position) values
  (pg_temp.id('new task'), pg_temp.id('plan'), 'Extra step', 3);                        -- new task: deleted
insert into artifacts (id, task_id, name) values
  (pg_temp.id('new artifact'), pg_temp.id('new task'), 'extra.txt');                     -- new artifact: deleted
delete from artifacts where id = pg_temp.id('artifact 2');                              -- artifact 2: inserted
-- task 1 and artifact 1 are left alone

create temp table dry as select * from rollback_entity('plan', pg_temp.id('plan'), dry_run => true);
select isnt((select count(*) from dry), 0::bigint, 'precondition: the dry run has something to report');
select set_eq(format('select * from rollback_entity(%L, %L)', 'plan', pg_temp.id('plan')),
              'select * from dry',
              'the real rollback returns exactly the rows of the dry run');

select * from finish();
rollback;
