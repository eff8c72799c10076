-- The rollback's own writes are captured like any other, one checkpoint per
-- changed entity, each with a reason naming the rollback and the entity
-- rolled back.
begin;
select plan(4);

\set ns rollback_capture_reason_names_the_rollback
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

create temp table before_run as select max(seq) as max_seq from checkpoints;
create temp table result as select * from rollback_entity('plan', pg_temp.id('plan'));
create temp table captures as select * from checkpoints where seq > (select max_seq from before_run);

select set_eq('select entity_type::text, entity_id from captures',
              'select entity_type, entity_id from result',
              'each changed entity has a capture of the rollback''s write');
select is((select count(*) from captures), (select count(*) from result), 'one capture per changed entity');
select is((select count(*) from captures where coalesce(reason, '') !~* 'rollback'), 0::bigint,
          'every capture''s reason says it is a rollback');
select is((select count(*) from captures where strpos(coalesce(reason, ''), pg_temp.id('plan')::text) = 0), 0::bigint,
          'every capture''s reason names the plan that was rolled back');

select * from finish();
rollback;
