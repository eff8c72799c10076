-- Tracking is an administrator's act: PUBLIC cannot execute track_table or
-- untrack_table, and a plain role calling them gets 42501.
begin;
select plan(6);

create role track_test_nopriv;
create table track_priv_items (id uuid primary key);

select function_privs_are('public', 'track_table', array['regclass', 'text', 'text', 'name'], 'public', '{}'::text[],
                          'PUBLIC may not execute track_table');
select function_privs_are('public', 'untrack_table', array['regclass'], 'public', '{}'::text[],
                          'PUBLIC may not execute untrack_table');

grant all on track_priv_items to track_test_nopriv;
set local role track_test_nopriv;
select throws_ok($$select track_table('track_priv_items', 'track_priv_item')$$,
                 '42501', null, 'a role without EXECUTE cannot call track_table, even on a table it may write');
select throws_ok($$select untrack_table('prompts')$$,
                 '42501', null, 'a role without EXECUTE cannot call untrack_table');
reset role;

select is((select count(*)::int from pgcheckpoint.entity_types where table_name = 'track_priv_items'::regclass),
          0, 'the refused track_table registered nothing');
select is((select count(*)::int from pgcheckpoint.entity_types where table_name = 'prompts'::regclass),
          1, 'the refused untrack_table left prompts tracked');

select * from finish();
rollback;
