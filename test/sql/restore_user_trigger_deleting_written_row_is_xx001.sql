-- What is written is checked, also when the row is gone afterwards. An
-- AFTER UPDATE trigger on plans that deletes the row it sees (not looking at
-- checkpoint.restoring) deletes what a restore writes: restore_checkpoint
-- must fail with XX001 naming the plan and saying it was deleted, and change
-- nothing. (The check's own error failed with 22004, "RAISE statement
-- option cannot be null": its DETAIL was null for a deleted row.) The same
-- path served a revert whose cascade took a row it wrote; found by
-- test/revert.model.test.ts.
begin;
select plan(3);

\ir fixtures/attempt.sql
insert into plans (id, title) values ('c9100000-0000-4000-8000-000000000001', 'release notes');
create temp table saved as
  select create_checkpoint('plan', 'c9100000-0000-4000-8000-000000000001', 'first title') as id;
update plans set title = 'release notes, second draft' where id = 'c9100000-0000-4000-8000-000000000001';

create function pg_temp.vanish() returns trigger language plpgsql as $$
begin
  delete from public.plans where id = new.id;
  return null;
end $$;
create trigger restore_test_vanish after update on plans for each row execute function pg_temp.vanish();
create temp table before_restore as select to_jsonb(p) as state from plans p where id = 'c9100000-0000-4000-8000-000000000001';

create temp table outcome as
  select pg_temp.attempt(format('select restore_checkpoint(%L)', (select id from saved))) as o;
select is((select o ->> 'sqlstate' from outcome), 'XX001', 'the restore fails with XX001 (data_corrupted)');
select diag('restore_checkpoint: ' || o::text) from outcome where o ->> 'sqlstate' <> 'XX001';
select ok((select concat(o ->> 'message', ' ', o ->> 'detail') like '%c9100000-0000-4000-8000-000000000001%deleted%' from outcome),
          'its message names the plan and says it was deleted');
select is((select to_jsonb(p) from plans p where id = 'c9100000-0000-4000-8000-000000000001'),
          (select state from before_restore), 'nothing changed');

select * from finish();
rollback;
