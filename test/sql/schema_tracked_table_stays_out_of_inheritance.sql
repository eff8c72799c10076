-- A tracked table cannot join a partition or inheritance tree (writes aimed
-- at one table of the tree bypass the capture on another): ATTACH PARTITION
-- of it into a partitioned table, CREATE TABLE ... INHERITS (it), and ALTER
-- TABLE it INHERIT another table are refused (any SQLSTATE); the tables stay
-- tracked and their writes are still captured. (One tracked table per
-- attempt, so that one attempt's success cannot make another fail.)
-- Today: all three succeed, leaving writes through the tree uncaptured.
begin;
select plan(5);

\ir fixtures/attempt.sql
create table schema_test_items_a (id uuid primary key, k int not null default 1, body text);
create table schema_test_items_b (id uuid primary key, k int not null default 1, body text);
create table schema_test_items_c (id uuid primary key, k int not null default 1, body text);
select track_table('schema_test_items_a', 'schema_test_item_a');
select track_table('schema_test_items_b', 'schema_test_item_b');
select track_table('schema_test_items_c', 'schema_test_item_c');
create table schema_test_parted (id uuid not null, k int not null, body text) partition by list (k);
create table schema_test_other (id uuid, k int, body text);

create temp table outcomes (what text, o jsonb);
insert into outcomes values
  ('attach partition', pg_temp.attempt('alter table schema_test_parted attach partition schema_test_items_a for values in (1)')),
  ('inherits', pg_temp.attempt('create table schema_test_child () inherits (schema_test_items_b)')),
  ('inherit', pg_temp.attempt('alter table schema_test_items_c inherit schema_test_other'));

select isnt((select o ->> 'sqlstate' from outcomes where what = 'attach partition'), '00000',
            'ATTACH PARTITION of a tracked table is refused');
select isnt((select o ->> 'sqlstate' from outcomes where what = 'inherits'), '00000',
            'CREATE TABLE ... INHERITS (a tracked table) is refused');
select isnt((select o ->> 'sqlstate' from outcomes where what = 'inherit'), '00000',
            'ALTER TABLE (a tracked table) INHERIT another table is refused');
select is_empty($$select * from pg_inherits
                  where inhrelid in ('schema_test_items_a'::regclass, 'schema_test_items_b'::regclass, 'schema_test_items_c'::regclass)
                     or inhparent in ('schema_test_items_a'::regclass, 'schema_test_items_b'::regclass, 'schema_test_items_c'::regclass)$$,
                'the tracked tables are in no partition or inheritance tree');
insert into schema_test_items_a (id, body) values ('d4000000-0000-4000-8000-00000000000a', 'still captured');
insert into schema_test_items_b (id, body) values ('d4000000-0000-4000-8000-00000000000b', 'still captured');
insert into schema_test_items_c (id, body) values ('d4000000-0000-4000-8000-00000000000c', 'still captured');
select is((select array_agg(entity_type::text || ' ' || operation order by entity_type) from checkpoints
           where entity_id in ('d4000000-0000-4000-8000-00000000000a', 'd4000000-0000-4000-8000-00000000000b',
                               'd4000000-0000-4000-8000-00000000000c')),
          array['schema_test_item_a insert', 'schema_test_item_b insert', 'schema_test_item_c insert'],
          'the tables are still tracked: a write to each is captured');

select * from finish();
rollback;
