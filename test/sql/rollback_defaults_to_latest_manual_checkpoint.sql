-- Without to_checkpoint or to_time, rollback_entity returns the entity to its
-- latest manual checkpoint (not an older manual one, not its latest capture).
begin;
select plan(3);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('rollback_defaults_to_latest_manual_checkpoint/' || $1)::uuid $$;
create function pg_temp.row_of(entity_type text, entity_id uuid) returns jsonb language sql stable as $$
  select case entity_type
    when 'plan'     then (select to_jsonb(x) from plans x where x.id = entity_id)
    when 'task'     then (select to_jsonb(x) from tasks x where x.id = entity_id)
    when 'artifact' then (select to_jsonb(x) from artifacts x where x.id = entity_id) end $$;

insert into plans (id, title, status, created_at, updated_at)
values (pg_temp.id('plan'), 'first', 'draft', '2026-01-01', '2026-01-01');
select create_checkpoint('plan', pg_temp.id('plan'), 'older manual checkpoint');
update plans set title = 'second' where id = pg_temp.id('plan');
select create_checkpoint('plan', pg_temp.id('plan'), 'latest manual checkpoint');
create temp table saved as select to_jsonb(p) as state from plans p where id = pg_temp.id('plan');
update plans set title = 'third', status = 'running' where id = pg_temp.id('plan');
update plans set title = 'fourth' where id = pg_temp.id('plan');

select lives_ok(format('select * from rollback_entity(%L, %L)', 'plan', pg_temp.id('plan')),
                'rollback_entity with no target succeeds when a manual checkpoint exists');
select is((select title from plans where id = pg_temp.id('plan')), 'second',
          'the plan is back to its latest manual checkpoint, not an older one');
select is(pg_temp.row_of('plan', pg_temp.id('plan')), (select state from saved),
          'the whole row equals the row as it was at that checkpoint');

select * from finish();
rollback;
