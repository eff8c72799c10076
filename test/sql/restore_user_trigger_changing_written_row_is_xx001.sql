-- What is written is checked. A BEFORE UPDATE trigger on plans that always
-- upper-cases the title (not looking at checkpoint.restoring) changes what a
-- restore writes: restore_checkpoint of a state with a lower-case title
-- must fail with XX001 naming the plan and the column title, and change nothing.
-- Today: the restore succeeds and leaves the title upper-cased, not as saved.
begin;
select plan(4);

\ir fixtures/attempt.sql
insert into plans (id, title) values ('c9000000-0000-4000-8000-000000000001', 'release notes');
create temp table saved as
  select create_checkpoint('plan', 'c9000000-0000-4000-8000-000000000001', 'lower-case title') as id;

create function pg_temp.shout() returns trigger language plpgsql as $$
begin
  new.title := upper(new.title);
  return new;
end $$;
create trigger restore_test_shout before update on plans for each row execute function pg_temp.shout();
update plans set title = 'release notes, second draft' where id = 'c9000000-0000-4000-8000-000000000001';
create temp table before_restore as select to_jsonb(p) as state from plans p where id = 'c9000000-0000-4000-8000-000000000001';

create temp table outcome as
  select pg_temp.attempt(format('select restore_checkpoint(%L)', (select id from saved))) as o;
select is((select o ->> 'sqlstate' from outcome), 'XX001', 'the restore fails with XX001 (data_corrupted)');
select diag('restore_checkpoint: ' || o::text) from outcome where o ->> 'sqlstate' <> 'XX001';
select ok((select concat(o ->> 'message', ' ', o ->> 'detail') like '%c9000000-0000-4000-8000-000000000001%' from outcome),
          'its message or detail names the plan');
select ok((select concat(o ->> 'message', ' ', o ->> 'detail') ~ '\mtitle\M' from outcome),
          'and the column title');
select is((select to_jsonb(p) from plans p where id = 'c9000000-0000-4000-8000-000000000001'),
          (select state from before_restore), 'nothing changed');

select * from finish();
rollback;
