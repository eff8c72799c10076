-- Values that jsonb cannot hold round-trip exactly: floating-point negative
-- zero (a JSON number -0 is read as numeric 0), in float8, float4 and a
-- float8[], comes back from a rollback and from restore_checkpoint as -0.
-- Today: the state holds 0, and the columns come back as 0.
begin;
select plan(8);

create table restore_test_measures (id uuid primary key, d float8, r float4, a float8[], note text);
select track_table('restore_test_measures', 'restore_test_measure');
insert into restore_test_measures values
  ('cf000000-0000-4000-8000-000000000001', '-0', '-0', '{-0,1.5}', 'saved');
create temp table saved as
  select create_checkpoint('restore_test_measure', 'cf000000-0000-4000-8000-000000000001') as checkpoint_id;

update restore_test_measures set d = 1, r = 1, a = '{1}', note = 'changed';
select lives_ok($$select * from rollback_entity('restore_test_measure', 'cf000000-0000-4000-8000-000000000001')$$,
                'rollback_entity of a row holding -0 succeeds');
select is((select d::text from restore_test_measures), '-0', 'the rollback brings back float8 -0');
select is((select r::text from restore_test_measures), '-0', 'and float4 -0');
select is((select a::text from restore_test_measures), '{-0,1.5}', 'and the -0 in a float8[]');

update restore_test_measures set d = 0, r = 0, a = '{0,1.5}', note = 'changed again';
select lives_ok(format('select restore_checkpoint(%L)', (select checkpoint_id from saved)),
                'restore_checkpoint of it succeeds');
select is((select d::text from restore_test_measures), '-0', 'the restore brings back float8 -0 (not 0)');
select is((select r::text from restore_test_measures), '-0', 'and float4 -0');
select is((select a::text from restore_test_measures), '{-0,1.5}', 'and the -0 in a float8[]');

select * from finish();
rollback;
