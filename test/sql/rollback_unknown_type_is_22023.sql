-- An entity type that is not registered is 22023 (and a null type too).
begin;
select plan(3);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('rollback_unknown_type_is_22023/' || $1)::uuid $$;

select throws_ok(format('select * from rollback_entity(%L, %L, to_time => now())', 'plans', pg_temp.id('x')),
                 '22023', null, 'an unregistered entity type raises 22023');
select throws_like(format('select * from rollback_entity(%L, %L, to_time => now())', 'plans', pg_temp.id('x')),
                   '%plans%', 'the message names the unknown type');
select throws_ok(format('select * from rollback_entity(null, %L, to_time => now())', pg_temp.id('x')),
                 '22023', null, 'a null entity type raises 22023');

select * from finish();
rollback;
