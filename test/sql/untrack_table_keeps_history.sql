-- untrack_table removes the table from the registry but keeps every
-- checkpoint it already has.
begin;
select plan(4);

insert into prompts (id, name, template)
values ('e1000000-0000-4000-8000-000000000001', 'untrack_table_keeps_history', 'v1');
update prompts set template = 'v2' where id = 'e1000000-0000-4000-8000-000000000001';
create temp table untrack_history_before as
  select * from checkpoints where entity_id = 'e1000000-0000-4000-8000-000000000001';

select lives_ok($$select untrack_table('prompts')$$, 'untrack_table(prompts) succeeds');
select is((select count(*)::int from pgcheckpoint.entity_types where table_name = 'prompts'::regclass),
          0, 'prompts is no longer registered');
select set_eq($$select * from checkpoints where entity_id = 'e1000000-0000-4000-8000-000000000001'$$,
              $$select * from untrack_history_before$$,
              'the entity''s checkpoints are all still there, unchanged');
select is((select count(*)::int from untrack_history_before), 2, 'there was history to keep');

select * from finish();
rollback;
