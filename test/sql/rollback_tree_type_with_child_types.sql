-- A tree type (its own parent) can have child types below it. A rollback
-- deletes child types' rows before the tree's, whatever levels the rows sit
-- at (a non-cascading foreign key holds), and re-inserts a row that names
-- itself as parent before the rows of other types below it.
begin;
select plan(4);

create table tree_parts (id uuid primary key, parent_id uuid references tree_parts, name text);
create index on tree_parts (parent_id);
create table tree_leaves (id uuid primary key, part_id uuid not null references tree_parts, name text);
create index on tree_leaves (part_id);
select track_table('tree_parts', 'tree_part', 'tree_part', 'parent_id');
select track_table('tree_leaves', 'tree_leaf', 'tree_part', 'part_id');

-- 1. N1 → N2 → N3 below R, and a leaf on N1, all new since the checkpoint.
insert into tree_parts values ('e1200000-0000-4000-8000-000000000000', null, 'R');
select create_checkpoint('tree_part', 'e1200000-0000-4000-8000-000000000000') is not null as checkpointed;
insert into tree_parts values ('e1200000-0000-4000-8000-000000000001', 'e1200000-0000-4000-8000-000000000000', 'N1');
insert into tree_parts values ('e1200000-0000-4000-8000-000000000002', 'e1200000-0000-4000-8000-000000000001', 'N2');
insert into tree_parts values ('e1200000-0000-4000-8000-000000000003', 'e1200000-0000-4000-8000-000000000002', 'N3');
insert into tree_leaves values ('e1200000-0000-4000-8000-0000000000a1', 'e1200000-0000-4000-8000-000000000001', 'L');
select lives_ok($$select * from rollback_entity('tree_part', 'e1200000-0000-4000-8000-000000000000')$$,
                'the rollback deletes the leaf before the parts it hangs on');
select results_eq($$select name from tree_parts union all select name from tree_leaves$$, $$values ('R')$$,
                  'only R is left');

-- 2. S is its own parent and has a leaf; both are deleted, then come back.
insert into tree_parts values ('e1200000-0000-4000-8000-000000000011', 'e1200000-0000-4000-8000-000000000011', 'S');
insert into tree_leaves values ('e1200000-0000-4000-8000-0000000000b1', 'e1200000-0000-4000-8000-000000000011', 'SL');
select create_checkpoint('tree_part', 'e1200000-0000-4000-8000-000000000011') is not null as checkpointed;
delete from tree_leaves where name = 'SL';
delete from tree_parts where name = 'S';
select lives_ok($$select * from rollback_entity('tree_part', 'e1200000-0000-4000-8000-000000000011')$$,
                'a row that is its own parent comes back before its leaf');
select results_eq($$select name from tree_parts where name = 'S' union all select name from tree_leaves where name = 'SL'$$,
                  $$values ('S'), ('SL')$$, 'both are back');

select * from finish();
rollback;
