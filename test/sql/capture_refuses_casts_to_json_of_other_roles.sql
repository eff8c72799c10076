-- Capture runs as the owner and renders rows with to_jsonb, which calls a
-- cast to json defined for a column's type. A role that owns such a type
-- could define one and have its code run as the owner (and, say, delete
-- the history). So tracking refuses a table whose types have a cast to
-- json or jsonb by a function of another role (42501), and a capture or a
-- manual checkpoint refuses one created after tracking: the write fails,
-- the code does not run, the history stays.
begin;
select plan(6);

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

select * from finish();
rollback;
