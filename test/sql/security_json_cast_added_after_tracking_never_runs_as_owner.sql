-- A cast to json created after tracking never runs as the history's owner.
-- to_jsonb calls a cast to json defined for a column's type, so a role that
-- owns a tracked table could plant code in the capture: after a superuser
-- tracked its table, it creates an enum, a function and a cast (enum as
-- json), and (A) adds a column of that type, or (B) already had one. The
-- cast's function logs current_user and session_user, and counts in a
-- sequence (which no rollback undoes) every call made as a superuser or as
-- the owner of checkpoints. Refusing at the DDL or at the write (42501) are
-- both fine; what must hold: the cast never ran as the owner or a superuser,
-- and no write succeeded without being captured.
-- Today: the capture function checks only the types the table had when it
-- was tracked, so in case A mallory's cast runs as the owner (postgres).
begin;
select plan(8);

\ir fixtures/attempt.sql
create role security_test_mallory;
create schema security_test_mallory authorization security_test_mallory;
create table security_test_cast_log (cur name, sess name);
grant insert, select on security_test_cast_log to public;
create sequence security_test_cast_ran_privileged;
grant usage, update, select on sequence security_test_cast_ran_privileged to public;

-- mallory's tables, tracked by a superuser: A without, B with a column of her enum
set local role security_test_mallory;
create type security_test_mallory.mood_b as enum ('ok', 'sad');
create table security_test_mallory.notes_a (id uuid primary key, body text);
create table security_test_mallory.notes_b (id uuid primary key, body text, m security_test_mallory.mood_b);
reset role;
select track_table('security_test_mallory.notes_a', 'security_test_note_a');
select track_table('security_test_mallory.notes_b', 'security_test_note_b');

-- each of mallory's steps below: '00000' (done) or '42501' (refused); an
-- update or create_checkpoint is only tried when there is a row (a write of
-- no row is 'select 1', so each successful write step wrote one row)
create temp table steps (n serial, sql text, outcome jsonb);
grant all on steps, steps_n_seq to public;
create function pg_temp.step(sql text) returns void language sql as $$
  insert into pg_temp.steps (sql, outcome) values (sql, pg_temp.attempt(sql)) $$;
-- an insert or update that names the column m only if the table has it
create function pg_temp.has_m(t regclass) returns boolean language sql as $$
  select exists (select from pg_attribute a where a.attrelid = t and a.attname = 'm' and not a.attisdropped) $$;

set local role security_test_mallory;
select pg_temp.step($s$create type security_test_mallory.mood_a as enum ('ok', 'sad')$s$);
select pg_temp.step($s$
  create function security_test_mallory.render_a(security_test_mallory.mood_a) returns json language plpgsql as $f$
  begin
    insert into public.security_test_cast_log values (current_user, session_user);
    if exists (select from pg_roles r where r.rolname = current_user and r.rolsuper)
       or current_user = (select k.relowner::regrole::name from pg_class k where k.oid = 'public.checkpoints'::regclass) then
      perform nextval('public.security_test_cast_ran_privileged');
    end if;
    return to_json($1::text);
  end $f$ $s$);
select pg_temp.step($s$
  create function security_test_mallory.render_b(security_test_mallory.mood_b) returns json language plpgsql as $f$
  begin
    insert into public.security_test_cast_log values (current_user, session_user);
    if exists (select from pg_roles r where r.rolname = current_user and r.rolsuper)
       or current_user = (select k.relowner::regrole::name from pg_class k where k.oid = 'public.checkpoints'::regclass) then
      perform nextval('public.security_test_cast_ran_privileged');
    end if;
    return to_json($1::text);
  end $f$ $s$);
select pg_temp.step($s$create cast (security_test_mallory.mood_a as json)
                       with function security_test_mallory.render_a(security_test_mallory.mood_a)$s$);
select pg_temp.step($s$create cast (security_test_mallory.mood_b as json)
                       with function security_test_mallory.render_b(security_test_mallory.mood_b)$s$);
-- A: the column comes after tracking
select pg_temp.step($s$alter table security_test_mallory.notes_a add column m security_test_mallory.mood_a$s$);
select pg_temp.step(case when pg_temp.has_m('security_test_mallory.notes_a')
  then $s$insert into security_test_mallory.notes_a values ('c3000000-0000-4000-8000-000000000001', 'first', 'ok')$s$
  else $s$insert into security_test_mallory.notes_a values ('c3000000-0000-4000-8000-000000000001', 'first')$s$ end);
select pg_temp.step(case when not exists (select from security_test_mallory.notes_a) then 'select 1'
  when pg_temp.has_m('security_test_mallory.notes_a')
  then $s$update security_test_mallory.notes_a set body = 'changed', m = 'sad'$s$
  else $s$update security_test_mallory.notes_a set body = 'changed'$s$ end);
select pg_temp.step(case when pg_temp.has_m('security_test_mallory.notes_a')
  then $s$insert into security_test_mallory.notes_a values ('c3000000-0000-4000-8000-000000000002', 'second', null)$s$
  else $s$insert into security_test_mallory.notes_a values ('c3000000-0000-4000-8000-000000000002', 'second')$s$ end);
select pg_temp.step(case when exists (select from security_test_mallory.notes_a where id = 'c3000000-0000-4000-8000-000000000002')
  then $s$select create_checkpoint('security_test_note_a', 'c3000000-0000-4000-8000-000000000002')$s$
  else 'select 1' end);
-- B: the column was there when the table was tracked
select pg_temp.step($s$insert into security_test_mallory.notes_b values ('c3000000-0000-4000-8000-000000000011', 'first', 'ok')$s$);
select pg_temp.step(case when not exists (select from security_test_mallory.notes_b) then 'select 1'
  else $s$update security_test_mallory.notes_b set body = 'changed', m = 'sad'$s$ end);
select pg_temp.step(case when exists (select from security_test_mallory.notes_b)
  then $s$select create_checkpoint('security_test_note_b', 'c3000000-0000-4000-8000-000000000011')$s$
  else 'select 1' end);
reset role;

select is_empty($$select n, sql, outcome from steps where outcome ->> 'sqlstate' not in ('00000', '42501')$$,
                'each of mallory''s steps either succeeds or is refused with 42501');
select is((select is_called from security_test_cast_ran_privileged), false,
          'the cast''s code never ran as a superuser or as the owner of checkpoints (not even in a statement that failed)');
select is_empty($$select * from security_test_cast_log l
                  where l.cur = (select k.relowner::regrole::name from pg_class k where k.oid = 'public.checkpoints'::regclass)
                     or exists (select from pg_roles r where r.rolname = l.cur and r.rolsuper)$$,
                'the log has no call made as a superuser or as the owner of checkpoints');

-- no write succeeded without being captured: every row's latest checkpoint
-- holds its live values (read as text: to_jsonb here would run the cast as
-- the superuser running this test), and each successful write made one
create function pg_temp.uncaptured(t regclass, entity_type text) returns setof uuid language plpgsql as $$
begin
  return query execute format(
    'select r.id from %s r
     where not exists (select from (select c.state_data from checkpoints c
                                    where c.entity_type = %L and c.entity_id = r.id order by c.seq desc limit 1) l
                       where l.state_data ->> ''body'' = r.body
                         and (l.state_data ->> ''m'') is not distinct from %s)',
    t, entity_type, case when pg_temp.has_m(t) then 'r.m::text' else 'null' end);
end $$;
select is_empty($$select pg_temp.uncaptured('security_test_mallory.notes_a', 'security_test_note_a')$$,
                'A: every row of the table that gained the column has its live state as its latest checkpoint');
select is_empty($$select pg_temp.uncaptured('security_test_mallory.notes_b', 'security_test_note_b')$$,
                'B: so has every row of the table that had it');
select is((select count(*) from checkpoints where entity_type = 'security_test_note_a' and operation <> 'baseline'),
          (select count(*) from steps where outcome ->> 'sqlstate' = '00000'
                                        and sql ~ 'notes_a|security_test_note_a' and sql !~ '^(alter|create)'),
          'A: each successful write or create_checkpoint made exactly one checkpoint');
select is((select count(*) from checkpoints where entity_type = 'security_test_note_b' and operation <> 'baseline'),
          (select count(*) from steps where outcome ->> 'sqlstate' = '00000'
                                        and sql ~ 'notes_b|security_test_note_b' and sql !~ '^(alter|create)'),
          'B: each successful write or create_checkpoint made exactly one checkpoint');
select is((select count(*) from security_test_mallory.notes_a) + (select count(*) from security_test_mallory.notes_b),
          (select count(*) from steps where outcome ->> 'sqlstate' = '00000' and sql ~ '^insert'),
          'the rows in the tables are exactly those of the inserts that succeeded');

select * from finish();
rollback;
