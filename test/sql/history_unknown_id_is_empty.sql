-- An id of a known type that has no history is simply an empty history.
begin;
select plan(2);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('history_unknown_id_is_empty/' || $1)::uuid $$;

insert into plans (id, title) values (pg_temp.id('plan'), 'has history');
select is_empty(format('select * from entity_history(%L, %L)', 'plan', pg_temp.id('never written')),
                'an id with no checkpoints of a registered type returns no rows (no error)');
select isnt_empty(format('select * from entity_history(%L, %L)', 'plan', pg_temp.id('plan')),
                  'while an entity with history returns its rows');

select * from finish();
rollback;
