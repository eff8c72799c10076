-- create_checkpoint with an unregistered entity type, or a null type or
-- id, is 22023 (invalid_parameter_value).
begin;
select plan(6);

insert into plans (id, title) values ('c9000000-0000-4000-8000-000000000001', 'exists');

select throws_ok($$select create_checkpoint('planz', 'c9000000-0000-4000-8000-000000000001')$$,
                 '22023', null, 'an unknown entity type is 22023');
select throws_like($$select create_checkpoint('planz', 'c9000000-0000-4000-8000-000000000001')$$,
                   '%planz%', 'the message names the unknown type');
select throws_ok($$select create_checkpoint('plans', 'c9000000-0000-4000-8000-000000000001')$$,
                 '22023', null, 'a table name is not an entity type (22023)');
select throws_ok($$select create_checkpoint(null, 'c9000000-0000-4000-8000-000000000001')$$,
                 '22023', null, 'a null entity type is 22023');
select throws_ok($$select create_checkpoint('plan', null)$$,
                 '22023', null, 'a null entity id is 22023');
select is((select count(*)::int from checkpoints
           where entity_id = 'c9000000-0000-4000-8000-000000000001' and operation = 'manual'),
          0, 'no manual checkpoint was saved');

select * from finish();
rollback;
