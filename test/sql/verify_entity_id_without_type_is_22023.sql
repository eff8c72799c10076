-- verify_checkpoints(entity_id => x) without an entity_type is 22023.
begin;
select plan(1);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('verify_entity_id_without_type_is_22023/' || $1)::uuid $$;

select throws_ok(format('select * from verify_checkpoints(entity_id => %L)', pg_temp.id('x')), '22023', null,
                 'an entity_id without an entity_type raises 22023');

select * from finish();
rollback;
