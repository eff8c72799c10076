-- A type that other types hang below cannot be untracked (22023): untrack
-- the children first.
begin;
select plan(4);

select throws_ok($$select untrack_table('plans')$$, '22023', null,
                 'untracking plans, which tasks hang below, is refused with 22023');
select throws_ok($$select untrack_table('tasks')$$, '22023', null,
                 'untracking tasks, which artifacts hang below, is refused with 22023');

-- Children first, then the parent.
select lives_ok($$select untrack_table('artifacts'); select untrack_table('tasks'); select untrack_table('plans')$$,
                'untracking artifacts, then tasks, then plans succeeds');
select is((select count(*)::int from pgcheckpoint.entity_types where entity_type in ('plan', 'task', 'artifact')),
          0, 'all three are untracked');

select * from finish();
rollback;
