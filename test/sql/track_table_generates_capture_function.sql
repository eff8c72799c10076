-- track_table generates one capture trigger function per tracked table,
-- capture__<entity type>(), with the key and parent columns built in; the
-- four capture triggers run it, with its own planner settings; untrack_table
-- drops it; tracking again makes it again.
begin;
select plan(8);

create table gen_parent (id uuid primary key default gen_random_uuid(), label text);
create table gen_child (id uuid primary key default gen_random_uuid(),
                        owner_ref uuid references gen_parent (id), label text);
select track_table('gen_parent', 'gen_parent');
select track_table('gen_child', 'gen_child', 'gen_parent', 'owner_ref');

select has_function('pgcheckpoint', 'capture__gen_child', '{}'::name[],
                    'tracking gen_child creates pgcheckpoint.capture__gen_child()');
select is((select array_agg(distinct p.proname::text) from pg_trigger t join pg_proc p on p.oid = t.tgfoid
           where t.tgrelid = 'gen_child'::regclass and t.tgname in
                 ('checkpoint_insert', 'checkpoint_update', 'checkpoint_delete', 'checkpoint_truncate')),
          array['capture__gen_child'],
          'its insert, update, delete and truncate triggers all run it');
-- Generic plans (a one-row statement is not planned again at each firing),
-- no JIT, and room to pair a bulk UPDATE's old and new rows in memory.
select ok((select p.proconfig @> array['plan_cache_mode=force_generic_plan', 'jit=off', 'work_mem=64MB']
           from pg_proc p where p.oid = 'pgcheckpoint.capture__gen_child()'::regprocedure),
          'it runs with generic plans, jit off and work_mem 64MB');

-- The built-in parent column (not named parent_id) is what gets recorded.
insert into gen_parent (id, label) values ('9e000000-0000-4000-8000-000000000001', 'a'),
                                          ('9e000000-0000-4000-8000-000000000002', 'b');
insert into gen_child (id, owner_ref, label) values ('9e000000-0000-4000-8000-000000000003', '9e000000-0000-4000-8000-000000000001', 'c');
update gen_child set owner_ref = '9e000000-0000-4000-8000-000000000002' where id = '9e000000-0000-4000-8000-000000000003';
select is((select array[parent_id, prev_parent_id] from checkpoints
           where entity_id = '9e000000-0000-4000-8000-000000000003' and operation = 'update'),
          array['9e000000-0000-4000-8000-000000000002', '9e000000-0000-4000-8000-000000000001']::uuid[],
          'a move records the new parent and the one it left, read from owner_ref');

select untrack_table('gen_child');
select hasnt_function('pgcheckpoint', 'capture__gen_child', '{}'::name[], 'untrack_table drops the function');
select is((select count(*)::int from pg_trigger where tgrelid = 'gen_child'::regclass and not tgisinternal), 0,
          'and the triggers');

select track_table('gen_child', 'gen_child', 'gen_parent', 'owner_ref');
select has_function('pgcheckpoint', 'capture__gen_child', '{}'::name[], 'tracking again makes it again');
update gen_child set label = 'again' where id = '9e000000-0000-4000-8000-000000000003';
select is((select state_data ->> 'label' from checkpoints
           where entity_id = '9e000000-0000-4000-8000-000000000003' order by seq desc limit 1),
          'again', 'and captures run through it');

select * from finish();
rollback;
