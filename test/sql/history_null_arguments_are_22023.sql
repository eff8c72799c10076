-- entity_history needs both arguments: a null type or id is 22023.
begin;
select plan(2);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('history_null_arguments_are_22023/' || $1)::uuid $$;

select throws_ok(format('select * from entity_history(null, %L)', pg_temp.id('x')), '22023', null,
                 'a null entity_type raises 22023');
select throws_ok($$ select * from entity_history('plan', null) $$, '22023', null,
                 'a null entity_id raises 22023');

select * from finish();
rollback;
