-- An entity type that is neither registered nor in the history is a mistake,
-- not an empty history: 22023 naming it.
begin;
select plan(2);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('history_unknown_type_is_22023/' || $1)::uuid $$;

select throws_ok(format('select * from entity_history(%L, %L)', 'plann', pg_temp.id('x')), '22023', null,
                 'an unknown entity type raises 22023');
select throws_like(format('select * from entity_history(%L, %L)', 'plann', pg_temp.id('x')), '%plann%',
                   'the message names the unknown type');

select * from finish();
rollback;
