-- After a rollback, every row it inserted or updated has to_jsonb equal to the
-- state_data of its checkpoint at the target point (its latest at or before
-- it), and every row it deleted is gone.
begin;
select plan(3);

\set ns rollback_restored_rows_equal_target_states
\ir fixtures/plan_tree.sql
-- another plan, outside the scope, with one task
insert into plans (id, title, status, created_at, updated_at) values
  (pg_temp.id('other plan'), 'Docs site', 'draft', '2026-01-01', '2026-01-01');
insert into tasks (id, plan_id, title, position, created_at, updated_at) values
  (pg_temp.id('other task'), pg_temp.id('other plan'), 'Write docs', 1, '2026-01-01', '2026-01-01');
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

update artifacts set task_id = pg_temp.id('other task') where id = pg_temp.id('artifact 1');   -- moved out: updated
create temp table target as
  select seq from checkpoints where entity_id = pg_temp.id('plan') and operation = 'manual';
create temp table result as select * from rollback_entity('plan', pg_temp.id('plan'));

create temp table expected as
  select r.entity_type, r.entity_id, r.action,
         (select c.state_data from checkpoints c
          where c.entity_type = r.entity_type and c.entity_id = r.entity_id and c.seq <= (select seq from target)
          order by c.seq desc limit 1) as state
  from result r;

select is((select count(*) from result where action in ('inserted', 'updated')), 4::bigint,
          'precondition: four rows were inserted or updated');
select set_eq('select entity_type, entity_id, pg_temp.row_of(entity_type, entity_id) from result where action <> ''deleted''',
              'select entity_type, entity_id, state from expected where action <> ''deleted''',
              'every restored row''s to_jsonb equals its target checkpoint''s state_data');
select is((select count(*) from result where action = 'deleted' and pg_temp.row_of(entity_type, entity_id) is not null),
          0::bigint, 'every deleted row is gone');

select * from finish();
rollback;
