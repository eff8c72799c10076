-- track_table needs a table and an entity type: a null for either is 22023.
begin;
select plan(4);

create table track_null_items (id uuid primary key);

select throws_ok($$select track_table(null, 'track_null_item')$$,
                 '22023', null, 'a null table_name is refused with 22023');
select throws_ok($$select track_table('track_null_items', null)$$,
                 '22023', null, 'a null entity_type is refused with 22023');
select throws_ok($$select track_table(null, null)$$,
                 '22023', null, 'both null is refused with 22023');
select is((select count(*)::int from pgcheckpoint.entity_types where table_name = 'track_null_items'::regclass),
          0, 'nothing is registered');

select * from finish();
rollback;
