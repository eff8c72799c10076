-- rollback_entity(..., to_checkpoint => id) returns the entity to that
-- checkpoint, which may be any checkpoint of the entity (a capture, not only a
-- manual one), even when a later manual checkpoint exists.
begin;
select plan(2);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('rollback_to_checkpoint/' || $1)::uuid $$;
create function pg_temp.row_of(entity_type text, entity_id uuid) returns jsonb language sql stable as $$
  select case entity_type
    when 'plan'     then (select to_jsonb(x) from plans x where x.id = entity_id)
    when 'task'     then (select to_jsonb(x) from tasks x where x.id = entity_id)
    when 'artifact' then (select to_jsonb(x) from artifacts x where x.id = entity_id) end $$;

insert into plans (id, title, status, created_at, updated_at)
values (pg_temp.id('plan'), 'v1', 'draft', '2026-01-01', '2026-01-01');
create temp table saved as select to_jsonb(p) as state from plans p where id = pg_temp.id('plan');
create temp table target as
  select id from checkpoints where entity_id = pg_temp.id('plan') and operation = 'insert';
update plans set title = 'v2', status = 'running' where id = pg_temp.id('plan');
select create_checkpoint('plan', pg_temp.id('plan'), 'a later manual checkpoint');
update plans set title = 'v3' where id = pg_temp.id('plan');

select lives_ok(format('select * from rollback_entity(%L, %L, to_checkpoint => %L)',
                       'plan', pg_temp.id('plan'), (select id from target)),
                'rollback_entity to an insert checkpoint succeeds');
select is(pg_temp.row_of('plan', pg_temp.id('plan')), (select state from saved),
          'the plan is exactly as at the given checkpoint, not at the later manual one');

select * from finish();
rollback;
