-- A column named updated_at is bookkeeping: it never conflicts and is not
-- compared. A tracked table whose updated_at is written by hand (no trigger
-- stamping now()), so that each writer leaves a different value:
--  * note 1: the unit changes body (and updated_at), someone else then tag
--    (and updated_at): a merge, no conflict; body goes back, tag stays,
--    updated_at keeps its current value;
--  * note 2: the unit changes body (and updated_at), someone else then only
--    updated_at: current equals after but for updated_at, so the row goes
--    back to before exactly, updated_at included;
--  * note 3 (another unit): both change body and updated_at: the conflict
--    names body, never updated_at.
begin;
select plan(7);

\set ns revert_updated_at_never_conflicts
\ir fixtures/plan_tree.sql
\ir fixtures/revert.sql

create table revert_test_notes (id uuid primary key, body text, tag text, updated_at timestamptz);
select track_table('revert_test_notes', 'revert_test_note');
insert into revert_test_notes values
  (pg_temp.id('note 1'), 'v0', 't0', '2026-01-01'),
  (pg_temp.id('note 2'), 'v0', 't0', '2026-01-01'),
  (pg_temp.id('note 3'), 'v0', 't0', '2026-01-01');
create temp table saved_notes as select id, to_jsonb(n) as state from revert_test_notes n;

select pg_temp.as_agent('agent A');
update revert_test_notes set body = 'v1', updated_at = '2026-02-01' where id in (pg_temp.id('note 1'), pg_temp.id('note 2'));
select pg_temp.as_agent('agent C');
update revert_test_notes set body = 'v1', updated_at = '2026-02-01' where id = pg_temp.id('note 3');
select pg_temp.as_agent('agent B');
update revert_test_notes set tag = 't1', updated_at = '2026-03-01' where id = pg_temp.id('note 1');
update revert_test_notes set updated_at = '2026-03-01' where id = pg_temp.id('note 2');
update revert_test_notes set body = 'v2', updated_at = '2026-03-01' where id = pg_temp.id('note 3');
select pg_temp.as_nobody();

create temp table result as select * from revert_changes(request_id => pg_temp.id('agent A'));

select set_eq($$ select entity_type, entity_id, action, conflict from result $$,
              $$ values ('revert_test_note', pg_temp.id('note 1'), 'updated', null::text),
                        ('revert_test_note', pg_temp.id('note 2'), 'updated', null::text) $$,
              'updated_at written by both sides is no conflict: both notes are updated under abort');
select is((select to_jsonb(n) - 'updated_at' from revert_test_notes n where id = pg_temp.id('note 1')),
          jsonb_build_object('id', pg_temp.id('note 1'), 'body', 'v0', 'tag', 't1'),
          'note 1: the unit''s body goes back, the other writer''s tag stays');
select is((select updated_at from revert_test_notes where id = pg_temp.id('note 1')), '2026-03-01'::timestamptz,
          'note 1: updated_at keeps its current value (a merge)');
select is((select to_jsonb(n) from revert_test_notes n where id = pg_temp.id('note 2')),
          (select state from saved_notes where id = pg_temp.id('note 2')),
          'note 2: changed since only in updated_at, it goes back to before exactly, updated_at included');

create temp table result_c as select * from revert_changes(request_id => pg_temp.id('agent C'), on_conflict => 'skip');
select is((select action from result_c where entity_id = pg_temp.id('note 3')), 'skipped', 'note 3: a conflict on body');
select ok((select conflict like '%body%' from result_c where entity_id = pg_temp.id('note 3')), 'the conflict names body');
select ok((select conflict not like '%updated_at%' from result_c where entity_id = pg_temp.id('note 3')),
          'and not updated_at');

select * from finish();
rollback;
