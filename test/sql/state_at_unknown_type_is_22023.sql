-- entity_state_at of a type that is neither registered nor in the history is 22023.
begin;
select plan(1);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('state_at_unknown_type_is_22023/' || $1)::uuid $$;

select throws_ok(format('select entity_state_at(%L, %L, now())', 'plann', pg_temp.id('x')), '22023', null,
                 'an unknown entity type raises 22023');

select * from finish();
rollback;
