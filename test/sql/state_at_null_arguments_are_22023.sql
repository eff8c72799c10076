-- entity_state_at needs all three arguments: a null one is 22023.
begin;
select plan(3);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('state_at_null_arguments_are_22023/' || $1)::uuid $$;

insert into plans (id, title) values (pg_temp.id('plan'), 'p');
select throws_ok(format('select entity_state_at(null, %L, now())', pg_temp.id('plan')), '22023', null,
                 'a null entity_type raises 22023');
select throws_ok($$ select entity_state_at('plan', null, now()) $$, '22023', null,
                 'a null entity_id raises 22023');
select throws_ok(format('select entity_state_at(%L, %L, null)', 'plan', pg_temp.id('plan')), '22023', null,
                 'a null time raises 22023');

select * from finish();
rollback;
