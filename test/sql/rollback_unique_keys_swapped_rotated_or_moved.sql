-- Unique keys do not stand in a rollback's way. With a (non-deferrable)
-- unique key on tasks (plan_id, position), rolling a plan back undoes a swap
-- of two tasks' positions, a rotation of three, and a move of a task to
-- another plan into the position a task moved out of there: each rollback
-- succeeds (no 23505) and the rows are exactly as at the checkpoint.
-- Today: the rollback updates the tasks in one statement, and the unique
-- key is checked row by row: 23505.
begin;
select plan(6);

alter table tasks add constraint tasks_plan_position_key unique (plan_id, position);
create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('rollback_unique_keys_swapped_rotated_or_moved/' || $1)::uuid $$;
create function pg_temp.tasks_of(variadic plans text[]) returns jsonb language sql stable as $$
  select jsonb_agg(to_jsonb(t) order by t.id) from tasks t where t.plan_id in (select pg_temp.id(p) from unnest(plans) p) $$;

insert into plans (id, title) values
  (pg_temp.id('swap'), 'swap'), (pg_temp.id('rotate'), 'rotate'), (pg_temp.id('from'), 'from'), (pg_temp.id('to'), 'to');
insert into tasks (id, plan_id, title, position) values
  (pg_temp.id('s1'), pg_temp.id('swap'), 's1', 1), (pg_temp.id('s2'), pg_temp.id('swap'), 's2', 2),
  (pg_temp.id('r1'), pg_temp.id('rotate'), 'r1', 1), (pg_temp.id('r2'), pg_temp.id('rotate'), 'r2', 2),
  (pg_temp.id('r3'), pg_temp.id('rotate'), 'r3', 3),
  (pg_temp.id('a'), pg_temp.id('from'), 'a', 1), (pg_temp.id('b'), pg_temp.id('from'), 'b', 2),
  (pg_temp.id('c'), pg_temp.id('to'), 'c', 1);
select create_checkpoint('plan', pg_temp.id(p)) from unnest(array['swap', 'rotate', 'from', 'to']) p;
create temp table at_checkpoint as
  select pg_temp.tasks_of('swap') as swap, pg_temp.tasks_of('rotate') as rotate, pg_temp.tasks_of('from', 'to') as moved;

-- swap s1 and s2
update tasks set position = null where id = pg_temp.id('s1');
update tasks set position = 1 where id = pg_temp.id('s2');
update tasks set position = 2 where id = pg_temp.id('s1');
-- rotate: r1 -> 2, r2 -> 3, r3 -> 1
update tasks set position = null where id = pg_temp.id('r3');
update tasks set position = 3 where id = pg_temp.id('r2');
update tasks set position = 2 where id = pg_temp.id('r1');
update tasks set position = 1 where id = pg_temp.id('r3');
-- c moves from 'to' into 'from' at position 2, which b left for 'to' at position 1, which c left
update tasks set plan_id = pg_temp.id('from'), position = 3 where id = pg_temp.id('c');
update tasks set plan_id = pg_temp.id('to'), position = 1 where id = pg_temp.id('b');
update tasks set position = 2 where id = pg_temp.id('c');

select lives_ok(format('select * from rollback_entity(%L, %L)', 'plan', pg_temp.id('swap')),
                'the rollback of a swap of two positions succeeds');
select is(pg_temp.tasks_of('swap'), (select swap from at_checkpoint), 'the two tasks are exactly as at the checkpoint');
select lives_ok(format('select * from rollback_entity(%L, %L)', 'plan', pg_temp.id('rotate')),
                'the rollback of a rotation of three positions succeeds');
select is(pg_temp.tasks_of('rotate'), (select rotate from at_checkpoint), 'the three tasks are exactly as at the checkpoint');
select lives_ok(format('select * from rollback_entity(%L, %L)', 'plan', pg_temp.id('from')),
                'the rollback of the plan a task moved out of, and another into its position, succeeds');
select is(pg_temp.tasks_of('from', 'to'), (select moved from at_checkpoint),
          'the tasks of both plans are exactly as at the checkpoint');

select * from finish();
rollback;
