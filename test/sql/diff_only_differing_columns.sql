-- checkpoint_diff(from, to) lists only the columns whose values differ, each
-- as {"from": <json>, "to": <json>}.
begin;
select plan(2);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('diff_only_differing_columns/' || $1)::uuid $$;

insert into plans (id, title, created_at, updated_at) values (pg_temp.id('plan'), 'p', '2026-01-01', '2026-01-01');
insert into tasks (id, plan_id, title, position, status, created_at, updated_at)
values (pg_temp.id('task'), pg_temp.id('plan'), 'Draft', 1, 'pending', '2026-01-01', '2026-01-01');
create temp table cp_from as select create_checkpoint('task', pg_temp.id('task')) as id;
update tasks set title = 'Final', position = null, status = 'done' where id = pg_temp.id('task');   -- updated_at := now()
create temp table cp_to as select create_checkpoint('task', pg_temp.id('task')) as id;

select is(checkpoint_diff((select id from cp_from), (select id from cp_to)),
          jsonb_build_object(
            'title',      jsonb_build_object('from', 'Draft', 'to', 'Final'),
            'position',   jsonb_build_object('from', 1, 'to', null),
            'status',     jsonb_build_object('from', 'pending', 'to', 'done'),
            'updated_at', jsonb_build_object('from', to_jsonb('2026-01-01'::timestamptz),
                                             'to', to_jsonb(now()))),
          'exactly the changed columns, with their from and to values (a null value is json null)');
select is(checkpoint_diff((select id from cp_to), (select id from cp_from)) -> 'title',
          '{"from": "Final", "to": "Draft"}'::jsonb, 'the direction follows the arguments');

select * from finish();
rollback;
