-- Reading history needs SELECT on checkpoints: without it, 42501 (even for an
-- entity the role may read); with it, the history is returned.
begin;
select plan(2);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('history_without_select_on_checkpoints_is_42501/' || $1)::uuid $$;

create role history_test_no_select nologin;
create role history_test_reader nologin;
grant select on plans to history_test_no_select, history_test_reader;
grant select on checkpoints to history_test_reader;
insert into plans (id, title) values (md5('history_without_select_on_checkpoints_is_42501/plan')::uuid, 'p');

set local role history_test_no_select;
select throws_ok($$ select * from entity_history('plan', md5('history_without_select_on_checkpoints_is_42501/plan')::uuid) $$,
                 '42501', null, 'a role without SELECT on checkpoints cannot read an entity''s history (42501)');
reset role;

set local role history_test_reader;
select is((select count(*) from entity_history('plan', md5('history_without_select_on_checkpoints_is_42501/plan')::uuid)),
          1::bigint, 'a role with SELECT on checkpoints reads it');
reset role;

select * from finish();
rollback;
