-- Unique keys do not stand in a revert's way either. With a (non-deferrable)
-- unique key on tasks (plan_id, position), one agent's request swaps two
-- tasks' positions and rotates three; revert_changes of that request puts
-- every task back (no 23505), and the rows are exactly as before it.
begin;
select plan(3);

alter table tasks add constraint tasks_plan_position_key unique (plan_id, position);
create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('revert_unique_keys_swapped_or_rotated/' || $1)::uuid $$;
create function pg_temp.tasks_of(p text) returns jsonb language sql stable as $$
  select jsonb_agg(to_jsonb(t) order by t.id) from tasks t where t.plan_id = pg_temp.id(p) $$;

insert into plans (id, title) values (pg_temp.id('swap'), 'swap'), (pg_temp.id('rotate'), 'rotate');
insert into tasks (id, plan_id, title, position) values
  (pg_temp.id('s1'), pg_temp.id('swap'), 's1', 1), (pg_temp.id('s2'), pg_temp.id('swap'), 's2', 2),
  (pg_temp.id('r1'), pg_temp.id('rotate'), 'r1', 1), (pg_temp.id('r2'), pg_temp.id('rotate'), 'r2', 2),
  (pg_temp.id('r3'), pg_temp.id('rotate'), 'r3', 3);
create temp table before_unit as
  select pg_temp.tasks_of('swap') as swap, pg_temp.tasks_of('rotate') as rotate;

-- the unit of work: one request
insert into request_logs (id, method, path) values (pg_temp.id('request'), 'POST', '/reorder');
select set_config('checkpoint.request_id', pg_temp.id('request')::text, true);
update tasks set position = null where id = pg_temp.id('s1');
update tasks set position = 1 where id = pg_temp.id('s2');
update tasks set position = 2 where id = pg_temp.id('s1');
update tasks set position = null where id = pg_temp.id('r3');
update tasks set position = 3 where id = pg_temp.id('r2');
update tasks set position = 2 where id = pg_temp.id('r1');
update tasks set position = 1 where id = pg_temp.id('r3');
select set_config('checkpoint.request_id', '', true);

select lives_ok(format('select * from revert_changes(request_id => %L)', pg_temp.id('request')),
                'the revert of a swap and a rotation under a unique key succeeds');
select is(pg_temp.tasks_of('swap'), (select swap from before_unit), 'the swapped tasks are exactly as before the request');
select is(pg_temp.tasks_of('rotate'), (select rotate from before_unit), 'the rotated tasks are exactly as before the request');

select * from finish();
rollback;
