-- No identifier ever becomes code, on the way back either: with key and
-- parent columns (and tables, and a schema) named with a single quote,
-- $body$ and $q$, %-format specifiers, a semicolon, a newline and non-ASCII
-- letters, track_table tracks the tables (or refuses with 22023), and
-- rollback_entity (cascading through the hostile parent column),
-- restore_checkpoint, entity_history, verify_checkpoints and
-- prune_checkpoints work on them without ever running a name as SQL.
-- pg_temp.pwned() counts (in a sequence: nextval survives the statement's
-- failure) and logs every call; a name that reaches SQL text unquoted calls it.
-- Today: track_table pastes the names into the $body$-quoted source of the
-- capture function it generates, so the name ends the quote (syntax error, 42601).
begin;
select plan(11);

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

create schema "h1 r'$body$;%s
ü";
create table "h1 r'$body$;%s
ü"."par'$q$%I;
å" (
  "id$body$'||pg_temp.pwned()||'" uuid primary key,
  label text);
create table "h1 r'$body$;%s
ü"."chi'ld$body$%L;
ñ" (
  "pk'||pg_temp.pwned()||'$q$%s;
ø" uuid primary key,
  "parent$body$'||pg_temp.pwned()||'%I;
ß" uuid not null references "h1 r'$body$;%s
ü"."par'$q$%I;
å" on delete cascade,
  label text);

create function pg_temp.parent_table() returns regclass language sql as $$
  select format('%I.%I', E'h1 r''$body$;%s\nü', E'par''$q$%I;\nå')::regclass $$;
create function pg_temp.child_table() returns regclass language sql as $$
  select format('%I.%I', E'h1 r''$body$;%s\nü', E'chi''ld$body$%L;\nñ')::regclass $$;
-- the rows of both tables as (entity_type, entity_id, state)
create function pg_temp.live_rows() returns table (entity_type text, entity_id uuid, state jsonb) language sql as $$
  select 'h1_hostile_par', p."id$body$'||pg_temp.pwned()||'", to_jsonb(p)
  from "h1 r'$body$;%s
ü"."par'$q$%I;
å" p
  union all
  select 'h1_hostile_chi', c."pk'||pg_temp.pwned()||'$q$%s;
ø", to_jsonb(c)
  from "h1 r'$body$;%s
ü"."chi'ld$body$%L;
ñ" c $$;

create temp table tracking as
  select pg_temp.attempt(format('select track_table(%L, %L)', pg_temp.parent_table(), 'h1_hostile_par')) as parent,
         pg_temp.attempt(format('select track_table(%L, %L, %L, %L)', pg_temp.child_table(), 'h1_hostile_chi',
                                'h1_hostile_par', E'parent$body$''||pg_temp.pwned()||''%I;\nß')) as child;
create function pg_temp.tracked() returns boolean language sql as $$
  select parent ->> 'sqlstate' = '00000' and child ->> 'sqlstate' = '00000' from tracking $$;
select ok((select parent ->> 'sqlstate' in ('00000', '22023') and child ->> 'sqlstate' in ('00000', '22023') from tracking),
          'track_table (with the hostile parent column as the link) either tracks the tables or refuses with 22023');
select diag('track_table: ' || parent::text || ' / ' || child::text) from tracking
where not (parent ->> 'sqlstate' in ('00000', '22023') and child ->> 'sqlstate' in ('00000', '22023'));

-- P1 with C1, C2 and C4; P2 empty
insert into "h1 r'$body$;%s
ü"."par'$q$%I;
å" values ('c2000000-0000-4000-8000-000000000001', 'P1'), ('c2000000-0000-4000-8000-000000000002', 'P2');
insert into "h1 r'$body$;%s
ü"."chi'ld$body$%L;
ñ" values ('c2000000-0000-4000-8000-000000000011', 'c2000000-0000-4000-8000-000000000001', 'C1'),
          ('c2000000-0000-4000-8000-000000000012', 'c2000000-0000-4000-8000-000000000001', 'C2'),
          ('c2000000-0000-4000-8000-000000000014', 'c2000000-0000-4000-8000-000000000001', 'C4');
create temp table checkpoint_made (id uuid);
do $$ begin
  if pg_temp.tracked() then
    insert into checkpoint_made select create_checkpoint('h1_hostile_par', 'c2000000-0000-4000-8000-000000000001');
  end if;
end $$;
create temp table at_checkpoint as select * from pg_temp.live_rows();

-- since: P1 renamed, C1 renamed, C2 moved under P2, C3 added, C4 deleted
update "h1 r'$body$;%s
ü"."par'$q$%I;
å" set label = 'P1, renamed' where label = 'P1';
update "h1 r'$body$;%s
ü"."chi'ld$body$%L;
ñ" set label = 'C1, renamed' where label = 'C1';
update "h1 r'$body$;%s
ü"."chi'ld$body$%L;
ñ" set "parent$body$'||pg_temp.pwned()||'%I;
ß" = 'c2000000-0000-4000-8000-000000000002' where label = 'C2';
insert into "h1 r'$body$;%s
ü"."chi'ld$body$%L;
ñ" values ('c2000000-0000-4000-8000-000000000013', 'c2000000-0000-4000-8000-000000000001', 'C3');
delete from "h1 r'$body$;%s
ü"."chi'ld$body$%L;
ñ" where label = 'C4';

create temp table rolled_back (entity_type text, entity_id uuid, action text);
do $$ begin
  if pg_temp.tracked() then
    insert into rolled_back select * from rollback_entity('h1_hostile_par', 'c2000000-0000-4000-8000-000000000001');
  end if;
end $$;
select ok(not pg_temp.tracked() or (
            select array_agg(entity_id::text || ' ' || action order by entity_id) from rolled_back)
            = array['c2000000-0000-4000-8000-000000000001 updated', 'c2000000-0000-4000-8000-000000000011 updated',
                    'c2000000-0000-4000-8000-000000000012 updated', 'c2000000-0000-4000-8000-000000000013 deleted',
                    'c2000000-0000-4000-8000-000000000014 inserted'],
          'rollback_entity cascades through the hostile parent column: P1, C1 and C2 (moved away) updated, C3 deleted, C4 inserted');
select ok(not pg_temp.tracked() or (
            select count(*) = 0 from (select * from at_checkpoint except select * from pg_temp.live_rows()
                                      union all
                                      select * from pg_temp.live_rows() except select * from at_checkpoint) d),
          'and the rows are exactly as at the checkpoint');

-- restore_checkpoint of C1's first state
update "h1 r'$body$;%s
ü"."chi'ld$body$%L;
ñ" set label = 'C1, changed again' where label = 'C1';
create temp table first_state as
  select c.id, c.state_data from checkpoints c
  where c.entity_type = 'h1_hostile_chi' and c.entity_id = 'c2000000-0000-4000-8000-000000000011'
  order by c.seq limit 1;
do $$ begin
  if pg_temp.tracked() then
    perform restore_checkpoint((select id from first_state));
  end if;
end $$;
select ok(not pg_temp.tracked() or (
            select r.state = f.state_data from pg_temp.live_rows() r, first_state f
            where r.entity_id = 'c2000000-0000-4000-8000-000000000011'),
          'restore_checkpoint puts the child back exactly as its first checkpoint');

select ok(not pg_temp.tracked() or (
            array(select h.seq from entity_history('h1_hostile_chi', 'c2000000-0000-4000-8000-000000000011') h)
            = array(select c.seq from checkpoints c where c.entity_type = 'h1_hostile_chi'
                      and c.entity_id = 'c2000000-0000-4000-8000-000000000011' order by c.seq desc)
            and (select h.state_data from entity_history('h1_hostile_chi', 'c2000000-0000-4000-8000-000000000011') h limit 1)
                = (select state from pg_temp.live_rows() where entity_id = 'c2000000-0000-4000-8000-000000000011')),
          'entity_history lists every checkpoint of the child, newest (the live row) first');
select ok(not pg_temp.tracked() or entity_state_at('h1_hostile_chi', 'c2000000-0000-4000-8000-000000000011', now())
                                   = (select state from pg_temp.live_rows() where entity_id = 'c2000000-0000-4000-8000-000000000011'),
          'entity_state_at returns the live state');
select ok(not pg_temp.tracked() or not exists (select from verify_checkpoints('h1_hostile_chi')),
          'verify_checkpoints finds the history intact');

create temp table pruned as select 0::bigint as n;
do $$ begin
  if pg_temp.tracked() then
    update pruned set n = prune_checkpoints('0 seconds', 1);
  end if;
end $$;
select ok(not pg_temp.tracked() or (
            select bool_and(exists (select from checkpoints c where c.entity_type = r.entity_type and c.entity_id = r.entity_id
                                                             and c.state_data = r.state))
            from pg_temp.live_rows() r),
          'prune_checkpoints runs, and every live row keeps the checkpoint of its state');

-- corrupt the child's newest checkpoint: verify finds exactly it
create temp table corrupted as
  select c.id from checkpoints c
  where c.entity_type = 'h1_hostile_chi' and c.entity_id = 'c2000000-0000-4000-8000-000000000011'
  order by c.seq desc limit 1;
set local session_replication_role = replica;
update checkpoints set state_data = state_data || '{"label": "tampered"}' where id in (select id from corrupted);
set local session_replication_role = origin;
select ok(not pg_temp.tracked() or (
            select array_agg(checkpoint_id) from verify_checkpoints('h1_hostile_chi')) = array(select id from corrupted),
          'verify_checkpoints returns exactly the corrupted checkpoint');

select is((select is_called from pg_temp.pwned_calls), false, 'no name was ever run as code: pwned() was never called');
select is_empty('select * from pg_temp.pwned_log', 'and nothing was logged by it');

select * from finish();
rollback;
