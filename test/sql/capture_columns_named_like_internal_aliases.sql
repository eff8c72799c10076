-- Capture records the whole row whatever the table's column names are: a
-- column named like an alias the capture code uses internally (n, o, x, t)
-- must not be mistaken for the row itself. One table per name, so that each
-- failure shows on its own.
begin;
select plan(12);

create table capture_alias_n (id uuid primary key, n integer);
create table capture_alias_x (id uuid primary key, x numeric, label text);
create table capture_alias_o (id uuid primary key, o text);
create table capture_alias_t (id uuid primary key, t text);
create table capture_alias_t2 (id uuid primary key, t text);
-- Rows that exist before tracking (the tables without a column t).
insert into capture_alias_x values ('ce000000-0000-4000-8000-000000000002', null, 'before');
insert into capture_alias_o values ('ce000000-0000-4000-8000-000000000003', 'oh');
insert into capture_alias_t values ('ce000000-0000-4000-8000-000000000004', 'tee');
select track_table('capture_alias_n', 'capture_alias_n');
select track_table('capture_alias_x', 'capture_alias_x');
select track_table('capture_alias_o', 'capture_alias_o');
select track_table('capture_alias_t2', 'capture_alias_t2');

-- INSERT (transition table aliased n)
select lives_ok($$insert into capture_alias_n values ('ce000000-0000-4000-8000-000000000001', 7)$$,
                'an insert into a table with a column named n succeeds');
select results_eq(
  $$select state_data from checkpoints where entity_id = 'ce000000-0000-4000-8000-000000000001' and operation = 'insert'$$,
  $$select to_jsonb(r) from capture_alias_n r$$,
  'its insert checkpoint holds the whole row, not the value of n');

-- UPDATE (transition tables aliased x)
select lives_ok($$update capture_alias_x set label = 'after' where id = 'ce000000-0000-4000-8000-000000000002'$$,
                'an update of a row whose column x is null succeeds');
select results_eq(
  $$select state_data from checkpoints where entity_id = 'ce000000-0000-4000-8000-000000000002' and operation = 'update'$$,
  $$select to_jsonb(r) from capture_alias_x r$$,
  'the update is captured with the whole row (not silently skipped)');
select lives_ok($$update capture_alias_x set x = 1.5 where id = 'ce000000-0000-4000-8000-000000000002'$$,
                'an update that sets column x succeeds');
select results_eq(
  $$select state_data from checkpoints where entity_id = 'ce000000-0000-4000-8000-000000000002'
    and operation = 'update' and state_data ->> 'x' = '1.5'$$,
  $$select to_jsonb(r) from capture_alias_x r$$,
  'its update checkpoint holds the whole row, not the value of x');

-- DELETE (transition table aliased o)
select lives_ok($$delete from capture_alias_o where id = 'ce000000-0000-4000-8000-000000000003'$$,
                'a delete from a table with a column named o succeeds');
select results_eq(
  $$select state_data from checkpoints where entity_id = 'ce000000-0000-4000-8000-000000000003' and operation = 'delete'$$,
  $$values ('{"id": "ce000000-0000-4000-8000-000000000003", "o": "oh"}'::jsonb)$$,
  'its delete checkpoint holds the whole row, not the value of o');

-- Baseline (track_table reads the table aliased t)
select lives_ok($$select track_table('capture_alias_t', 'capture_alias_t')$$,
                'track_table of a non-empty table with a column named t succeeds');
select results_eq(
  $$select state_data from checkpoints where entity_id = 'ce000000-0000-4000-8000-000000000004' and operation = 'baseline'$$,
  $$select to_jsonb(r) from capture_alias_t r$$,
  'its baseline holds the whole row, not the value of t');

-- Manual checkpoint (create_checkpoint reads the row aliased t)
insert into capture_alias_t2 values ('ce000000-0000-4000-8000-000000000005', 'tee');
select lives_ok($$select create_checkpoint('capture_alias_t2', 'ce000000-0000-4000-8000-000000000005')$$,
                'create_checkpoint of a row with a column named t succeeds');
select results_eq(
  $$select state_data from checkpoints where entity_id = 'ce000000-0000-4000-8000-000000000005' and operation = 'manual'$$,
  $$select to_jsonb(r) from capture_alias_t2 r$$,
  'the manual checkpoint holds the whole row, not the value of t');

select * from finish();
rollback;
