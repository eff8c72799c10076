-- A row that existed before its table was tracked has no state in the
-- history before its baseline. A rollback to a point before the baseline
-- fails with P0002 rather than deleting the row as if it had not existed.
begin;
select plan(4);

create table notes (id uuid primary key default gen_random_uuid(), body text);
insert into notes (id, body) values ('ce000000-0000-4000-8000-000000000001', 'written before tracking');
select track_table('notes', 'note');
update notes set body = 'edited after tracking';
select last_value as seq_before from checkpoints_seq_seq \gset

select throws_ok(
  $$select * from rollback_entity('note', 'ce000000-0000-4000-8000-000000000001', to_time => now() - interval '1 hour')$$,
  'P0002', null,
  'a rollback to before the baseline fails with P0002');
select throws_like(
  $$select * from rollback_entity('note', 'ce000000-0000-4000-8000-000000000001', to_time => now() - interval '1 hour')$$,
  '%its history begins with a baseline checkpoint%',
  'the message says the history begins with the baseline');
select is((select last_value from checkpoints_seq_seq), :'seq_before'::bigint,
          'it fails while planning: no checkpoint was even started');
select is((select body from notes), 'edited after tracking', 'the row is untouched');

select * from finish();
rollback;
