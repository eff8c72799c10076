-- An entity with no history at all (never written while tracked) cannot be
-- rolled back: P0002 naming it, whatever the target.
begin;
select plan(3);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('rollback_unknown_entity_is_p0002/' || $1)::uuid $$;

insert into plans (id, title) values (pg_temp.id('plan'), 'exists');
select create_checkpoint('plan', pg_temp.id('plan'));

select throws_ok(format('select * from rollback_entity(%L, %L, to_time => now())', 'plan', pg_temp.id('ghost')),
                 'P0002', null, 'to_time: an entity with no history raises P0002');
select throws_like(format('select * from rollback_entity(%L, %L, to_time => now())', 'plan', pg_temp.id('ghost')),
                   '%' || pg_temp.id('ghost') || '%', 'the message names the entity');
select throws_ok(format('select * from rollback_entity(%L, %L)', 'plan', pg_temp.id('ghost')),
                 'P0002', null, 'default target: an entity with no history has no manual checkpoint either: P0002');

select * from finish();
rollback;
