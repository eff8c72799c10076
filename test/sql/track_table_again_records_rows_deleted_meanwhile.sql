-- Writes to an untracked table make no checkpoints. When it is tracked
-- again, rows deleted meanwhile would still look alive in the history; so
-- track_table records a delete for each of them (with the last state the
-- history has), and a baseline for the rows there now. A first tracking, or
-- a repeated one, records no such deletes.
begin;
select plan(7);

create table notes (id uuid primary key, body text);
select track_table('notes', 'note');
insert into notes values ('d4000000-0000-4000-8000-000000000001', 'kept'),
                         ('d4000000-0000-4000-8000-000000000002', 'gone');
select untrack_table('notes');
delete from notes where id = 'd4000000-0000-4000-8000-000000000002';
select track_table('notes', 'note');

select results_eq(
  $$select entity_id, operation, state_data->>'body' from checkpoints
    where entity_type = 'note' and seq > (select max(seq) from checkpoints where operation = 'insert' and entity_type = 'note')
    order by seq$$,
  $$values ('d4000000-0000-4000-8000-000000000001'::uuid, 'baseline', 'kept'),
           ('d4000000-0000-4000-8000-000000000002'::uuid, 'delete', 'gone')$$,
  'tracking again records a baseline of the row there and the delete of the row gone meanwhile');
select is((select reason from checkpoints where entity_id = 'd4000000-0000-4000-8000-000000000002' and operation = 'delete'),
          'deleted while untracked (found by track_table)', 'the delete says how it was found');
select is_empty($$select * from verify_checkpoints('note')$$, 'its hash verifies');
select is(entity_state_at('note', 'd4000000-0000-4000-8000-000000000002', now()), null::jsonb,
          'the deleted row no longer reads as present');

select lives_ok($$select track_table('notes', 'note')$$, 'tracking it once more is a no-op');
select is((select count(*)::int from checkpoints where entity_type = 'note'), 4,
          'and records nothing (2 inserts, 1 baseline, 1 delete)');
select is((select count(*)::int from pgcheckpoint.untracked_types where entity_type = 'note'), 0,
          'the type is no longer listed as untracked');

select * from finish();
rollback;
