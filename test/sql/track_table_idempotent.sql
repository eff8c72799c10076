-- track_table is idempotent: calling it again with the same arguments adds
-- no baseline, no registry row and no second set of capture triggers.
begin;
select plan(7);

create table track_idem_items (id uuid primary key default gen_random_uuid(), label text);
insert into track_idem_items (id, label) values
  ('7c000000-0000-4000-8000-000000000001', 'one'),
  ('7c000000-0000-4000-8000-000000000002', 'two');

select track_table('track_idem_items', 'track_idem_item');
create temp table track_idem_triggers as
  select tgname from pg_trigger where tgrelid = 'track_idem_items'::regclass and not tgisinternal;

select lives_ok($$select track_table('track_idem_items', 'track_idem_item')$$,
                'a second track_table call with the same arguments succeeds');
select is((select count(*)::int from checkpoints where entity_type = 'track_idem_item'),
          2, 'it adds no second baseline');
select is((select count(*)::int from pgcheckpoint.entity_types where entity_type = 'track_idem_item'),
          1, 'the type is registered once');
select set_eq($$select tgname from pg_trigger where tgrelid = 'track_idem_items'::regclass and not tgisinternal$$,
              $$select tgname from track_idem_triggers$$,
              'the table has the same triggers as after the first call');

insert into track_idem_items (id, label) values ('7c000000-0000-4000-8000-000000000003', 'three');
select is((select count(*)::int from checkpoints where entity_id = '7c000000-0000-4000-8000-000000000003'),
          1, 'an insert is still captured exactly once');

-- The tables tracked out of the box behave the same.
create temp table tasks_before as
  select (select count(*) from checkpoints where entity_type = 'task' and operation = 'baseline') as baselines,
         (select count(*) from pg_trigger where tgrelid = 'tasks'::regclass and not tgisinternal) as triggers;
select lives_ok($$select track_table('tasks', 'task', 'plan', 'plan_id')$$,
                'tracking tasks again as the migration did succeeds');
select is(((select count(*) from checkpoints where entity_type = 'task' and operation = 'baseline'),
           (select count(*) from pg_trigger where tgrelid = 'tasks'::regclass and not tgisinternal)),
          (select (baselines, triggers) from tasks_before),
          'it adds no baseline and no trigger to tasks');

select * from finish();
rollback;
