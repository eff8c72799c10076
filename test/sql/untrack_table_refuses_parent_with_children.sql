-- A type that other types hang below cannot be untracked (22023): untrack
-- the children first. Nothing changes when it is refused.
begin;
select plan(7);

create temp table untrack_parent_triggers as
  select tgname from pg_trigger where tgrelid = 'plans'::regclass and not tgisinternal;

select throws_ok($$select untrack_table('plans')$$, '22023', null,
                 'untracking plans, which tasks hang below, is refused with 22023');
select throws_ok($$select untrack_table('tasks')$$, '22023', null,
                 'untracking tasks, which artifacts hang below, is refused with 22023');
select is((select count(*)::int from checkpoint_entity_types where entity_type in ('plan', 'task')),
          2, 'both stay registered');
select set_eq($$select tgname from pg_trigger where tgrelid = 'plans'::regclass and not tgisinternal$$,
              $$select tgname from untrack_parent_triggers$$,
              'plans keeps its capture triggers');

insert into plans (id, title) values ('e4000000-0000-4000-8000-000000000001', 'still captured');
select is((select count(*)::int from checkpoints where entity_id = 'e4000000-0000-4000-8000-000000000001'),
          1, 'plans is still captured');

-- Children first, then the parent.
select lives_ok($$select untrack_table('artifacts'); select untrack_table('tasks'); select untrack_table('plans')$$,
                'untracking artifacts, then tasks, then plans succeeds');
select is((select count(*)::int from checkpoint_entity_types where entity_type in ('plan', 'task', 'artifact')),
          0, 'all three are untracked');

select * from finish();
rollback;
