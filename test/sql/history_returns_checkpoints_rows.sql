-- entity_history returns whole checkpoints rows (setof checkpoints).
begin;
select plan(1);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('history_returns_checkpoints_rows/' || $1)::uuid $$;

insert into plans (id, title) values (pg_temp.id('plan'), 'p');
select results_eq(
  format('select h from entity_history(%L, %L) h', 'plan', pg_temp.id('plan')),
  format('select c from checkpoints c where entity_id = %L', pg_temp.id('plan')),
  'entity_history returns the checkpoints rows themselves, every column');

select * from finish();
rollback;
