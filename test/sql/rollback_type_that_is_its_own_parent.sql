-- A type may be its own parent (a tree of nodes). A rollback must then order
-- its writes by the real trees, not by the levels at which its scope walk
-- found the rows: deletes wait while a surviving row is below them (or ON
-- DELETE CASCADE would take it), and a row moved back under a parent that
-- comes back is written after that parent.
begin;
select plan(8);

create table tree_nodes (id uuid primary key, parent_id uuid references tree_nodes on delete cascade, name text);
create index on tree_nodes (parent_id);
select track_table('tree_nodes', 'tree_node', 'tree_node', 'parent_id');

-- 1. R with Y and G below it; then C is added under R, P under Y, C moves
--    under P and G under C. Rolling R back deletes P and C, and G (which
--    existed at the checkpoint) must survive, back under R.
insert into tree_nodes values ('d8000000-0000-4000-8000-000000000001', null, 'R'),
                              ('d8000000-0000-4000-8000-000000000002', 'd8000000-0000-4000-8000-000000000001', 'Y'),
                              ('d8000000-0000-4000-8000-000000000003', 'd8000000-0000-4000-8000-000000000001', 'G');
select create_checkpoint('tree_node', 'd8000000-0000-4000-8000-000000000001') is not null as checkpointed;
create temp table at_checkpoint as select * from tree_nodes;
insert into tree_nodes values ('d8000000-0000-4000-8000-000000000004', 'd8000000-0000-4000-8000-000000000001', 'C');
insert into tree_nodes values ('d8000000-0000-4000-8000-000000000005', 'd8000000-0000-4000-8000-000000000002', 'P');
update tree_nodes set parent_id = 'd8000000-0000-4000-8000-000000000005' where name = 'C';
update tree_nodes set parent_id = 'd8000000-0000-4000-8000-000000000004' where name = 'G';

select results_eq(
  $$select name from rollback_entity('tree_node', 'd8000000-0000-4000-8000-000000000001') r
    join (values ('d8000000-0000-4000-8000-000000000003'::uuid, 'G'), ('d8000000-0000-4000-8000-000000000004', 'C'),
                 ('d8000000-0000-4000-8000-000000000005', 'P')) n (id, name) on n.id = r.entity_id
    order by name$$,
  $$values ('C'), ('G'), ('P')$$,
  'the rollback changes G, C and P');
select set_eq($$select * from tree_nodes$$, $$select * from at_checkpoint$$,
              'the tree is exactly as at the checkpoint: G survived, back under R');

-- 2. R2 → X → P2 → C2; then C2 moves under R2 and P2 is deleted. Rolling
--    R2 back inserts P2 again and only then moves C2 back under it.
insert into tree_nodes values ('d8000000-0000-4000-8000-000000000011', null, 'R2');
insert into tree_nodes values ('d8000000-0000-4000-8000-000000000012', 'd8000000-0000-4000-8000-000000000011', 'X');
insert into tree_nodes values ('d8000000-0000-4000-8000-000000000013', 'd8000000-0000-4000-8000-000000000012', 'P2');
insert into tree_nodes values ('d8000000-0000-4000-8000-000000000014', 'd8000000-0000-4000-8000-000000000013', 'C2');
select create_checkpoint('tree_node', 'd8000000-0000-4000-8000-000000000011') is not null as checkpointed;
create temp table at_checkpoint2 as select * from tree_nodes where name like '%2' or name = 'X';
update tree_nodes set parent_id = 'd8000000-0000-4000-8000-000000000011' where name = 'C2';
delete from tree_nodes where name = 'P2';

select results_eq(
  $$select entity_id, action from rollback_entity('tree_node', 'd8000000-0000-4000-8000-000000000011', dry_run => true)
    order by action$$,
  $$values ('d8000000-0000-4000-8000-000000000013'::uuid, 'inserted'), ('d8000000-0000-4000-8000-000000000014', 'updated')$$,
  'the dry run plans P2 back and C2 moved back');
select lives_ok($$select * from rollback_entity('tree_node', 'd8000000-0000-4000-8000-000000000011')$$,
                'the real run applies it (P2 first, then C2 under it)');
select set_eq($$select * from tree_nodes where name like '%2' or name = 'X'$$, $$select * from at_checkpoint2$$,
              'that tree is exactly as at its checkpoint');
select is_empty($$select * from verify_checkpoints('tree_node')$$, 'every checkpoint verifies');

-- 3. With a foreign key that does not cascade (NO ACTION): R3 gets A3,
--    P3 under A3 and Q3 (found first under R3) moved under P3. Rolling R3
--    back deletes all three; the real run succeeds as the dry run said.
create table tree_nodes_strict (id uuid primary key, parent_id uuid references tree_nodes_strict, name text);
select track_table('tree_nodes_strict', 'tree_node_strict', 'tree_node_strict', 'parent_id');
insert into tree_nodes_strict values ('d8000000-0000-4000-8000-000000000021', null, 'R3');
select create_checkpoint('tree_node_strict', 'd8000000-0000-4000-8000-000000000021') is not null as checkpointed;
insert into tree_nodes_strict values ('d8000000-0000-4000-8000-000000000022', 'd8000000-0000-4000-8000-000000000021', 'A3');
insert into tree_nodes_strict values ('d8000000-0000-4000-8000-000000000023', 'd8000000-0000-4000-8000-000000000022', 'P3');
insert into tree_nodes_strict values ('d8000000-0000-4000-8000-000000000024', 'd8000000-0000-4000-8000-000000000021', 'Q3');
update tree_nodes_strict set parent_id = 'd8000000-0000-4000-8000-000000000023' where name = 'Q3';
select lives_ok($$select * from rollback_entity('tree_node_strict', 'd8000000-0000-4000-8000-000000000021')$$,
                'the rollback deletes A3, P3 and Q3 without tripping the foreign key');
select results_eq($$select name from tree_nodes_strict$$, $$values ('R3')$$, 'only R3 is left, as at its checkpoint');

select * from finish();
rollback;
