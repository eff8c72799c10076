-- A parent link is a parent type and the uuid column that points at it:
-- giving one without the other, or a column that is not a uuid column of the
-- table, is 22023.
begin;
select plan(5);

create table track_pcol_steps (id uuid primary key, plan_id uuid, plan_ref text);

select throws_ok($$select track_table('track_pcol_steps', 'track_pcol_step', 'plan')$$,
                 '22023', null, 'parent_type without parent_column is refused with 22023');
select throws_ok($$select track_table('track_pcol_steps', 'track_pcol_step', null, 'plan_id')$$,
                 '22023', null, 'parent_column without parent_type is refused with 22023');
select throws_ok($$select track_table('track_pcol_steps', 'track_pcol_step', 'plan', 'no_such_column')$$,
                 '22023', null, 'a parent_column the table does not have is refused with 22023');
select throws_ok($$select track_table('track_pcol_steps', 'track_pcol_step', 'plan', 'plan_ref')$$,
                 '22023', null, 'a parent_column that is not uuid is refused with 22023');
select is((select count(*)::int from pgcheckpoint.entity_types where table_name = 'track_pcol_steps'::regclass),
          0, 'nothing is registered');

select * from finish();
rollback;
