-- Restore and rollback build their statements with the aliases live, c, s
-- and r; a tracked table whose columns carry those names must restore exactly.
begin;
select plan(4);

create table aliased (
  id uuid primary key default gen_random_uuid(),
  live text, c text, s text, r text,
  updated_at timestamptz not null default now()
);
select track_table('aliased', 'aliased');
insert into aliased (id, live, c, s, r) values ('aaaaaaaa-0000-0000-0000-000000000001', 'L', 'C', 'S', 'R');
select create_checkpoint('aliased', 'aaaaaaaa-0000-0000-0000-000000000001', 'saved');
update aliased set live = 'x', c = null, s = 'y', r = 'z';

select lives_ok(
  $$ select restore_checkpoint((select id from checkpoints where entity_type = 'aliased' and operation = 'manual')) $$,
  'restore_checkpoint works on a table with columns named live, c, s and r');
select is(
  (select to_jsonb(a.*) from aliased a),
  (select state_data from checkpoints where entity_type = 'aliased' and operation = 'manual'),
  'the restored row equals the saved state');

update aliased set live = 'again';
select results_eq(
  $$ select action from rollback_entity('aliased', 'aaaaaaaa-0000-0000-0000-000000000001') $$,
  array['updated'],
  'rollback_entity reports the one changed row');
select is(
  (select live from aliased),
  'L',
  'rollback_entity restores the column named live');

select * from finish();
rollback;
