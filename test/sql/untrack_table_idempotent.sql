-- untrack_table of a table that is not tracked (any more, or ever) is no
-- error: it changes nothing and only raises a notice (a notice cannot be
-- intercepted from SQL; what is checked is that the call succeeds and leaves
-- the registry, the triggers and the history as they were). A null table
-- is 22023.
begin;
select plan(7);

create table untrack_idem_items (id uuid primary key);
create table untrack_idem_never (id uuid primary key);
insert into untrack_idem_items values ('e3000000-0000-4000-8000-000000000001');
select track_table('untrack_idem_items', 'untrack_idem_item');
select untrack_table('untrack_idem_items');
create temp table untrack_idem_registry as select * from pgcheckpoint.entity_types;
set local client_min_messages = warning;  -- keep the expected notices out of the TAP output

select lives_ok($$select untrack_table('untrack_idem_items')$$,
                'untracking a table a second time succeeds');
select lives_ok($$select untrack_table('untrack_idem_never')$$,
                'untracking a table that was never tracked succeeds');
select set_eq($$select entity_type, table_name from pgcheckpoint.entity_types$$,
              $$select entity_type, table_name from untrack_idem_registry$$,
              'the registry is unchanged');
select cmp_ok((select count(*)::int from pgcheckpoint.entity_types where entity_type in ('plan', 'task', 'artifact', 'prompt')), '=', 4,
              'the domain types are still registered');
select is((select count(*)::int from pg_trigger
           where tgrelid in ('untrack_idem_items'::regclass, 'untrack_idem_never'::regclass) and not tgisinternal),
          0, 'no trigger is left on either table');
select is((select operation from checkpoints where entity_id = 'e3000000-0000-4000-8000-000000000001'),
          'baseline', 'the history of the once-tracked table is kept');

select throws_ok($$select untrack_table(null)$$, '22023', null, 'a null table_name is refused with 22023');

select * from finish();
rollback;
