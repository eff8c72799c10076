-- checkpoint_diff needs both ids: a null one is 22023.
begin;
select plan(2);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('diff_null_ids_are_22023/' || $1)::uuid $$;

insert into plans (id, title) values (pg_temp.id('plan'), 'p');
create temp table cp as select create_checkpoint('plan', pg_temp.id('plan')) as id;

select throws_ok(format('select checkpoint_diff(null, %L)', (select id from cp)), '22023', null,
                 'a null from_checkpoint raises 22023');
select throws_ok(format('select checkpoint_diff(%L, null)', (select id from cp)), '22023', null,
                 'a null to_checkpoint raises 22023');

select * from finish();
rollback;
