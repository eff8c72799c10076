-- No identifier ever becomes code: tables and columns named with a single
-- quote, $-quotes, %-format specifiers, a semicolon, a newline and non-ASCII
-- letters are tracked (or refused with 22023) and their INSERT, UPDATE,
-- DELETE and TRUNCATE are captured like any other, without ever running a
-- name as SQL. pg_temp.pwned() counts (in a sequence: nextval survives the
-- statement's failure) and logs every call; a name that reaches SQL text
-- unquoted calls it.
-- Today: the TRUNCATE capture pastes the key and parent column names into a
-- string it executes, so TRUNCATE calls pwned() as the history's owner.
begin;
select plan(9);

\ir fixtures/attempt.sql
create temp table pwned_log (who name, at timestamptz default clock_timestamp());
create temp sequence pwned_calls;
grant all on pwned_log, pwned_calls to public;
create function pg_temp.pwned() returns text language plpgsql as $$
begin
  perform nextval('pg_temp.pwned_calls');
  insert into pg_temp.pwned_log (who) values (current_user);
  return '';
end $$;

create schema "h1 s'ch$q$;%s
ü";
create table "h1 s'ch$q$;%s
ü"."par't$body$;%s
é" (
  "id'||pg_temp.pwned()||'" uuid primary key,
  label text);
create table "h1 s'ch$q$;%s
ü"."chi'ld$q$%I;
ñ" (
  "pk'||pg_temp.pwned()||'%L;
ø" uuid primary key,
  "parent'||pg_temp.pwned()||'%s;
ß" uuid references "h1 s'ch$q$;%s
ü"."par't$body$;%s
é" on delete cascade,
  label text);

-- the two tables, and the rows of each as (entity_type, entity_id, state)
create function pg_temp.parent_table() returns regclass language sql as $$
  select format('%I.%I', E'h1 s''ch$q$;%s\nü', E'par''t$body$;%s\né')::regclass $$;
create function pg_temp.child_table() returns regclass language sql as $$
  select format('%I.%I', E'h1 s''ch$q$;%s\nü', E'chi''ld$q$%I;\nñ')::regclass $$;
create function pg_temp.live_rows() returns table (entity_type text, entity_id uuid, state jsonb) language sql as $$
  select 'h1_hostile_parent', p."id'||pg_temp.pwned()||'", to_jsonb(p)
  from "h1 s'ch$q$;%s
ü"."par't$body$;%s
é" p
  union all
  select 'h1_hostile_child', c."pk'||pg_temp.pwned()||'%L;
ø", to_jsonb(c)
  from "h1 s'ch$q$;%s
ü"."chi'ld$q$%I;
ñ" c $$;
-- each entity's latest checkpoint
create function pg_temp.latest() returns table (entity_type text, entity_id uuid, operation text, state jsonb)
language sql as $$
  select distinct on (c.entity_type, c.entity_id) c.entity_type::text, c.entity_id, c.operation, c.state_data
  from checkpoints c where c.entity_type in ('h1_hostile_parent', 'h1_hostile_child')
  order by c.entity_type, c.entity_id, c.seq desc $$;

create temp table tracking as
  select pg_temp.attempt(format('select track_table(%L, %L)', pg_temp.parent_table(), 'h1_hostile_parent')) as parent,
         pg_temp.attempt(format('select track_table(%L, %L, %L, %L)', pg_temp.child_table(), 'h1_hostile_child',
                                'h1_hostile_parent', E'parent''||pg_temp.pwned()||''%s;\nß')) as child;
create function pg_temp.tracked() returns boolean language sql as $$
  select parent ->> 'sqlstate' = '00000' and child ->> 'sqlstate' = '00000' from tracking $$;
select ok((select parent ->> 'sqlstate' in ('00000', '22023') and child ->> 'sqlstate' in ('00000', '22023') from tracking),
          'track_table (with the hostile parent column as the link) either tracks the tables or refuses with 22023');
select diag('track_table: ' || parent::text || ' / ' || child::text) from tracking
where not (parent ->> 'sqlstate' in ('00000', '22023') and child ->> 'sqlstate' in ('00000', '22023'));

insert into "h1 s'ch$q$;%s
ü"."par't$body$;%s
é" values ('c1000000-0000-4000-8000-000000000001', 'parent');
insert into "h1 s'ch$q$;%s
ü"."chi'ld$q$%I;
ñ" values ('c1000000-0000-4000-8000-000000000011', 'c1000000-0000-4000-8000-000000000001', 'child 1'),
          ('c1000000-0000-4000-8000-000000000012', 'c1000000-0000-4000-8000-000000000001', 'child 2');
select ok(not pg_temp.tracked() or (select count(*) = 3 and bool_and(l.operation = 'insert' and l.state = r.state)
                                    from pg_temp.live_rows() r left join pg_temp.latest() l using (entity_type, entity_id)),
          'an INSERT into each table is captured: one insert checkpoint per row, holding the row');

update "h1 s'ch$q$;%s
ü"."chi'ld$q$%I;
ñ" set label = 'child 1, renamed' where label = 'child 1';
select ok(not pg_temp.tracked() or (select l.operation = 'update' and l.state = r.state
                                    from pg_temp.live_rows() r join pg_temp.latest() l using (entity_type, entity_id)
                                    where r.entity_id = 'c1000000-0000-4000-8000-000000000011'),
          'an UPDATE is captured with the new row');

create temp table child_2 as select state from pg_temp.live_rows() where entity_id = 'c1000000-0000-4000-8000-000000000012';
delete from "h1 s'ch$q$;%s
ü"."chi'ld$q$%I;
ñ" where label = 'child 2';
select ok(not pg_temp.tracked() or (select l.operation = 'delete' and l.state = (select state from child_2)
                                    from pg_temp.latest() l where l.entity_id = 'c1000000-0000-4000-8000-000000000012'),
          'a DELETE is captured with the deleted row');

-- TRUNCATE: captured (every row as delete) or refused; never a hole, never code
create temp table before_truncate as select * from pg_temp.live_rows();
create temp table truncated as
  select pg_temp.attempt(format('truncate %s, %s', pg_temp.child_table(), pg_temp.parent_table())) as outcome;
select ok((select outcome ->> 'sqlstate' = '00000' from truncated)
          or not exists (select * from before_truncate except select * from pg_temp.live_rows()),
          'a refused TRUNCATE leaves every row in place');
select ok((select outcome ->> 'sqlstate' <> '00000' from truncated) or not pg_temp.tracked()
          or (select bool_and(l.operation = 'delete' and l.state = b.state)
              from before_truncate b left join pg_temp.latest() l using (entity_type, entity_id)),
          'a TRUNCATE that succeeds records every row it removed as a delete of that row');
select is((select count(*) from pg_temp.live_rows()) + (select count(*) from before_truncate),
          case when (select outcome ->> 'sqlstate' = '00000' from truncated) then 2::bigint else 4::bigint end,
          'the TRUNCATE did exactly what its outcome says (both rows gone, or both kept)');

select is((select is_called from pg_temp.pwned_calls), false, 'no name was ever run as code: pwned() was never called');
select is_empty('select * from pg_temp.pwned_log', 'and nothing was logged by it');

select * from finish();
rollback;
