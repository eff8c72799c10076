-- Capture runs as the owner of checkpoints and renders rows with to_jsonb,
-- which calls a cast to json defined for a column's type. A role that owns
-- such a type could define one and have its code run as the owner (and,
-- say, delete the history). So a cast to json by a function of another role
-- never meets a tracked table: track_table refuses such a table (42501), and
-- the DDL guard refuses, with 42501, the DDL that would bring one in after
-- tracking (creating the cast, adding a column or an attribute of such a
-- type). The cast's code never runs; the history stays whole.
begin;
select plan(10);

create role json_cast_test_app;
grant usage, create on schema public to json_cast_test_app;
set local role json_cast_test_app;
create type json_cast_test_mood as enum ('ok', 'sad');
create table json_cast_test_reviews (id uuid primary key default gen_random_uuid(), m json_cast_test_mood);
-- (a sequence: nextval is not undone with a failed statement)
create sequence json_cast_test_ran;
create function json_cast_test_render(json_cast_test_mood) returns json language plpgsql as $f$
begin
  perform nextval('json_cast_test_ran');
  return to_json($1::text);
end $f$;
reset role;

select lives_ok($$select track_table('json_cast_test_reviews', 'json_cast_test_review')$$,
                'a table with an enum of another role is tracked (no cast to json yet)');
set local role json_cast_test_app;
insert into json_cast_test_reviews (id, m) values ('dd000000-0000-4000-8000-000000000001', 'ok');
select throws_ok($$create cast (json_cast_test_mood as json) with function json_cast_test_render(json_cast_test_mood)$$,
                 '42501', null, 'creating a cast to json of a type a tracked table uses is refused');
select lives_ok($$insert into json_cast_test_reviews (m) values ('sad')$$, 'writes go on');
reset role;
select is((select count(*)::int from checkpoints where entity_type = 'json_cast_test_review'), 2,
          'and are captured');

-- The cast exists before a table of that type is tracked, or before a
-- tracked table gains a column (or a composite it uses, an attribute) of it.
set local role json_cast_test_app;
create type json_cast_test_other as enum ('x');
create function json_cast_test_render2(json_cast_test_other) returns json language plpgsql as $f$
begin
  perform nextval('json_cast_test_ran');
  return to_json($1::text);
end $f$;
create cast (json_cast_test_other as json) with function json_cast_test_render2(json_cast_test_other);
create table json_cast_test_more (id uuid primary key, m json_cast_test_other);
create table json_cast_test_plain (id uuid primary key default gen_random_uuid(), body text);
create type json_cast_test_meta as (note text);
create table json_cast_test_cards (id uuid primary key default gen_random_uuid(), meta json_cast_test_meta);
reset role;
select throws_ok($$select track_table('json_cast_test_more', 'json_cast_test_more')$$, '42501', null,
                 'track_table refuses a table whose type has such a cast');
select track_table('json_cast_test_plain', 'json_cast_test_plain');
select track_table('json_cast_test_cards', 'json_cast_test_card');
set local role json_cast_test_app;
select throws_ok($$alter table json_cast_test_plain add column m json_cast_test_other$$, '42501', null,
                 'adding a column of such a type to a tracked table is refused');
select throws_ok($$alter type json_cast_test_meta add attribute m json_cast_test_other$$, '42501', null,
                 'adding an attribute of such a type to a composite a tracked table uses is refused');
insert into json_cast_test_plain (body) values ('still fine');
reset role;
select is((select is_called from json_cast_test_ran), false, 'the casts'' code never ran');

-- A cast that to_jsonb never calls (from a composite) is no reason to refuse.
set local role json_cast_test_app;
create type json_cast_test_addr as (city text);
create function json_cast_test_addr_json(json_cast_test_addr) returns json language sql
  as $f$ select json_build_object('c', $1.city) $f$;
create cast (json_cast_test_addr as json) with function json_cast_test_addr_json(json_cast_test_addr);
create table json_cast_test_shops (id uuid primary key default gen_random_uuid(), a json_cast_test_addr);
reset role;
select lives_ok($$select track_table('json_cast_test_shops', 'json_cast_test_shop')$$,
                'a composite with a cast to json is tracked (to_jsonb renders composites itself)');
select lives_ok($$insert into json_cast_test_shops (a) values (row('Oslo'))$$, 'and written');

select * from finish();
rollback;
