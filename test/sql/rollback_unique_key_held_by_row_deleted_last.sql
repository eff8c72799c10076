-- A row the rollback deletes only at the end (it must wait for a child to
-- move back to another row first) may still hold a unique key that a
-- restored row needs: it is parked (its nullable key column set to null)
-- rather than failing the rollback with 23505.
-- (Found by the model-based test: a task replaced by a new one that took its
-- position and its artifacts.)
begin;
select plan(3);

alter table tasks add constraint tasks_plan_position_key unique (plan_id, position);
insert into plans (id, title) values ('ab100000-0000-4000-8000-000000000001', 'p');
insert into tasks (id, plan_id, title, position)
  values ('ab100000-0000-4000-8000-000000000011', 'ab100000-0000-4000-8000-000000000001', 't1', 1);
insert into artifacts (id, task_id, name)
  values ('ab100000-0000-4000-8000-000000000021', 'ab100000-0000-4000-8000-000000000011', 'a');
select create_checkpoint('plan', 'ab100000-0000-4000-8000-000000000001') as cp \gset
create temp table before_rows as
  select to_jsonb(t) as j from tasks t where plan_id = 'ab100000-0000-4000-8000-000000000001'
  union all select to_jsonb(a) from artifacts a where id = 'ab100000-0000-4000-8000-000000000021';
-- t2 replaces t1: takes its position and its artifact
update tasks set position = 2 where id = 'ab100000-0000-4000-8000-000000000011';
insert into tasks (id, plan_id, title, position)
  values ('ab100000-0000-4000-8000-000000000012', 'ab100000-0000-4000-8000-000000000001', 't2', 1);
update artifacts set task_id = 'ab100000-0000-4000-8000-000000000012' where id = 'ab100000-0000-4000-8000-000000000021';

select results_eq(
  format($$select entity_type, entity_id, action from rollback_entity('plan', 'ab100000-0000-4000-8000-000000000001', to_checkpoint => %L) order by 1, 2$$, :'cp'),
  $$values ('artifact'::text, 'ab100000-0000-4000-8000-000000000021'::uuid, 'updated'::text),
           ('task', 'ab100000-0000-4000-8000-000000000011', 'updated'),
           ('task', 'ab100000-0000-4000-8000-000000000012', 'deleted')$$,
  'the rollback succeeds: t1 back at its position, the artifact back under it, t2 deleted');
select set_eq(
  $$select to_jsonb(t) from tasks t where plan_id = 'ab100000-0000-4000-8000-000000000001'
    union all select to_jsonb(a) from artifacts a where id = 'ab100000-0000-4000-8000-000000000021'$$,
  'select j from before_rows',
  'the rows are exactly as saved');
select is((select count(*)::int from tasks where id = 'ab100000-0000-4000-8000-000000000012'), 0, 't2 is gone');

select * from finish();
rollback;
