-- A type that is its own parent can hold a cycle (A below B below A). A
-- rollback that must re-insert both rows of such a cycle does so: the dry
-- run and the real run have the same outcome (both succeed), the real run
-- re-inserts both rows exactly, and the dry run reports the same rows.
-- Today: the dry run reports both rows inserted, but the real run cannot
-- order the inserts parents first (each is the other's parent) and fails (XX000).
begin;
select plan(5);

create table rollback_test_nodes (
  id        uuid primary key,
  parent_id uuid references rollback_test_nodes on delete cascade,
  label     text
);
select track_table('rollback_test_nodes', 'rollback_test_node', 'rollback_test_node', 'parent_id');

insert into rollback_test_nodes values ('d2000000-0000-4000-8000-00000000000a', null, 'A');
insert into rollback_test_nodes values ('d2000000-0000-4000-8000-00000000000b', 'd2000000-0000-4000-8000-00000000000a', 'B');
update rollback_test_nodes set parent_id = 'd2000000-0000-4000-8000-00000000000b' where label = 'A';
create temp table cp as
  select create_checkpoint('rollback_test_node', 'd2000000-0000-4000-8000-00000000000a', 'the cycle') as id;
create temp table at_checkpoint as select to_jsonb(n) as state from rollback_test_nodes n;
delete from rollback_test_nodes where id in ('d2000000-0000-4000-8000-00000000000a', 'd2000000-0000-4000-8000-00000000000b');

create temp table dry (entity_type text, entity_id uuid, action text);
create temp table real (entity_type text, entity_id uuid, action text);
select lives_ok(format('insert into dry select * from rollback_entity(%L, %L, to_checkpoint => %L, dry_run => true)',
                       'rollback_test_node', 'd2000000-0000-4000-8000-00000000000a', (select id from cp)),
                'the dry run succeeds');
select lives_ok(format('insert into real select * from rollback_entity(%L, %L, to_checkpoint => %L)',
                       'rollback_test_node', 'd2000000-0000-4000-8000-00000000000a', (select id from cp)),
                'the real run succeeds too');
select set_eq($$select entity_type, entity_id, action from real$$,
              $$values ('rollback_test_node', 'd2000000-0000-4000-8000-00000000000a'::uuid, 'inserted'),
                       ('rollback_test_node', 'd2000000-0000-4000-8000-00000000000b'::uuid, 'inserted')$$,
              'the real run re-inserts both rows of the cycle');
select set_eq($$select to_jsonb(n) from rollback_test_nodes n$$, $$select state from at_checkpoint$$,
              'both rows are exactly as at the checkpoint');
select set_eq($$select * from dry$$, $$select * from real$$, 'the dry run reported the same rows as the real run');

select * from finish();
rollback;
