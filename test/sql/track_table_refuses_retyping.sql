-- A table tracked as one entity type cannot be tracked as another (22023;
-- untrack_table it first), and an entity type belongs to one table only.
begin;
select plan(5);

create table track_retype_items (id uuid primary key);
create table track_retype_others (id uuid primary key);
select track_table('track_retype_items', 'track_retype_item');

select throws_ok($$select track_table('track_retype_items', 'track_retype_other')$$,
                 '22023', null, 'tracking a tracked table as another type is refused with 22023');
select throws_ok($$select track_table('plans', 'project')$$,
                 '22023', null, 'plans, tracked as plan, cannot be re-tracked as project');
select is((select entity_type::text from pgcheckpoint.entity_types where table_name = 'track_retype_items'::regclass),
          'track_retype_item', 'the table keeps its type');
select throws_ok($$select track_table('track_retype_others', 'track_retype_item')$$,
                 '22023', null, 'an entity type already used by another table is refused with 22023');
select is((select table_name from pgcheckpoint.entity_types where entity_type = 'track_retype_item'),
          'track_retype_items'::regclass, 'the type keeps its table');

select * from finish();
rollback;
