-- DDL on a tracked table is followed: its capture function is generated
-- again, so that a column added after tracking is captured exactly (here a
-- float holding -0, which to_jsonb cannot tell from 0), and renames of the
-- key and of the parent column are followed (the capture keeps working and
-- the registry names the new columns).
begin;
select plan(6);

create table ddl_test_parent (id uuid primary key default gen_random_uuid());
create table ddl_test_child (id uuid primary key default gen_random_uuid(),
                             parent uuid references ddl_test_parent, label text);
select track_table('ddl_test_parent', 'ddl_test_parent');
select track_table('ddl_test_child', 'ddl_test_child', 'ddl_test_parent', 'parent');
insert into ddl_test_parent (id) values ('dd100000-0000-4000-8000-000000000001');

alter table ddl_test_child add column score float8;
insert into ddl_test_child (id, parent, label, score)
values ('dd100000-0000-4000-8000-000000000002', 'dd100000-0000-4000-8000-000000000001', 'a', '-0');
select is((select state_exact ->> 'score' from checkpoints
           where entity_id = 'dd100000-0000-4000-8000-000000000002' and operation = 'insert'),
          '-0', 'a float column added after tracking keeps -0 exactly');

alter table ddl_test_child rename column parent to owner_id;
alter table ddl_test_child rename column id to child_id;
select is((select array[pk_column::text, parent_column::text] from pgcheckpoint.entity_types
           where entity_type = 'ddl_test_child'),
          array['child_id', 'owner_id'], 'the registry follows renames of the key and the parent column');
update ddl_test_child set label = 'b' where child_id = 'dd100000-0000-4000-8000-000000000002';
select is((select parent_id from checkpoints
           where entity_id = 'dd100000-0000-4000-8000-000000000002' order by seq desc limit 1),
          'dd100000-0000-4000-8000-000000000001'::uuid, 'the capture still records the parent through the renamed column');
select is((select count(*)::int from checkpoints where entity_id = 'dd100000-0000-4000-8000-000000000002'), 2,
          'writes after the renames are captured');

alter table ddl_test_child rename to ddl_test_renamed;
truncate ddl_test_renamed;
select is((select operation from checkpoints
           where entity_id = 'dd100000-0000-4000-8000-000000000002' order by seq desc limit 1),
          'delete', 'a renamed table''s TRUNCATE is captured');
alter table ddl_test_renamed drop constraint ddl_test_child_parent_fkey;
select throws_ok($$alter table ddl_test_renamed alter column owner_id type text$$, '22023', null,
                 'the parent column cannot stop being a uuid');

select * from finish();
rollback;
