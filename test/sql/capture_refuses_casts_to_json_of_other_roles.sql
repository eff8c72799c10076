-- Capture runs as the owner and renders rows with to_jsonb, which calls a
-- cast to json defined for a column's type. A role that owns such a type
-- could define one and have its code run as the owner (and, say, delete
-- the history). So tracking refuses a table whose types have a cast to
-- json or jsonb by a function of another role (42501), and a capture or a
-- manual checkpoint refuses one created after tracking: the write fails,
-- the code does not run, the history stays.
begin;
select plan(11);

create role json_cast_test_app;
grant usage, create on schema public to json_cast_test_app;
set local role json_cast_test_app;
create type json_cast_test_mood as enum ('ok', 'sad');
create table json_cast_test_reviews (id uuid primary key default gen_random_uuid(), m json_cast_test_mood);
reset role;

select lives_ok($$select track_table('json_cast_test_reviews', 'json_cast_test_review')$$,
                'a table with an enum of another role is tracked (no cast to json yet)');
set local role json_cast_test_app;
insert into json_cast_test_reviews (id, m) values ('dd000000-0000-4000-8000-000000000001', 'ok');
-- now the type's owner adds a cast to json that runs its code
-- (a sequence: nextval is not undone with the failed statement)
create sequence json_cast_test_ran;
create function json_cast_test_render(json_cast_test_mood) returns json language plpgsql as $f$
begin
  perform nextval('json_cast_test_ran');
  return to_json($1::text);
end $f$;
create cast (json_cast_test_mood as json) with function json_cast_test_render(json_cast_test_mood);
select throws_ok($$insert into json_cast_test_reviews (m) values ('sad')$$, '42501', null,
                 'a capture that would run that cast fails with 42501');
select is((select is_called from json_cast_test_ran), false, 'and the cast''s code did not run');
select throws_ok($$select create_checkpoint('json_cast_test_review', 'dd000000-0000-4000-8000-000000000001')$$,
                 '42501', null, 'create_checkpoint refuses it too');
reset role;
select is((select count(*)::int from checkpoints where entity_type = 'json_cast_test_review'), 1,
          'the history holds the one capture made before the cast');

create table json_cast_test_more (id uuid primary key, m json_cast_test_mood);
select throws_like($$select track_table('json_cast_test_more', 'json_cast_test_more')$$,
                   '%would run a cast of another role%', 'track_table refuses a table whose type has such a cast');

-- After tracking, a table of built-in types gains a column of such a type,
-- or a composite type a table uses gains an attribute of one: the capture
-- function lists the types it checks when it is generated, so track_table
-- must run again after such a change (it regenerates the function) and then
-- refuses.
set local role json_cast_test_app;
create table json_cast_test_plain (id uuid primary key default gen_random_uuid(), body text);
reset role;
select track_table('json_cast_test_plain', 'json_cast_test_plain');
set local role json_cast_test_app;
alter table json_cast_test_plain add column m json_cast_test_mood;
reset role;
select throws_ok($$select track_table('json_cast_test_plain', 'json_cast_test_plain')$$, '42501', null,
                 'track_table run again after a column of such a type was added refuses');
set local role json_cast_test_app;
create type json_cast_test_meta as (note text);
reset role;
create table json_cast_test_cards (id uuid primary key default gen_random_uuid(), meta json_cast_test_meta);
select track_table('json_cast_test_cards', 'json_cast_test_card');
set local role json_cast_test_app;
alter type json_cast_test_meta add attribute m json_cast_test_mood;
reset role;
select throws_ok($$select track_table('json_cast_test_cards', 'json_cast_test_card')$$, '42501', null,
                 'so it does after an attribute of such a type was added to a composite the table uses');
select is((select is_called from json_cast_test_ran), false, 'the cast''s code never ran');

-- A cast that to_jsonb never calls (from a composite, or to jsonb) is no reason to refuse.
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
