-- rollback_entity needs an entity id, and cascade / dry_run may not be null: 22023.
begin;
select plan(3);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('rollback_null_arguments_are_22023/' || $1)::uuid $$;

insert into plans (id, title) values (pg_temp.id('plan'), 'p');
select create_checkpoint('plan', pg_temp.id('plan'));

select throws_ok($$ select * from rollback_entity('plan', null) $$, '22023', null,
                 'a null entity_id raises 22023');
select throws_ok(format('select * from rollback_entity(%L, %L, cascade => null)', 'plan', pg_temp.id('plan')),
                 '22023', null, 'a null cascade raises 22023');
select throws_ok(format('select * from rollback_entity(%L, %L, dry_run => null)', 'plan', pg_temp.id('plan')),
                 '22023', null, 'a null dry_run raises 22023');

select * from finish();
rollback;
