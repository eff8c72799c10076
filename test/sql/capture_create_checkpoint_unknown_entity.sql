-- create_checkpoint of an entity that does not exist is P0002
-- (no_data_found) naming it, and saves nothing.
begin;
select plan(4);

select throws_ok($$select create_checkpoint('plan', 'c8000000-0000-4000-8000-000000000001')$$,
                 'P0002', null, 'an unknown plan id is P0002');
select throws_like($$select create_checkpoint('plan', 'c8000000-0000-4000-8000-000000000001')$$,
                   '%c8000000-0000-4000-8000-000000000001%', 'the message names the missing entity');

insert into plans (id, title) values ('c8000000-0000-4000-8000-000000000002', 'deleted soon');
delete from plans where id = 'c8000000-0000-4000-8000-000000000002';
-- (a failed statement's writes are undone; a sequence value it drew is not)
select last_value as seq_before from checkpoints_seq_seq \gset
select throws_ok($$select create_checkpoint('plan', 'c8000000-0000-4000-8000-000000000002')$$,
                 'P0002', null, 'a deleted entity (with history) is P0002 too');
select is((select last_value from checkpoints_seq_seq), :'seq_before'::bigint,
          'refused before any write: no checkpoint was even started');

select * from finish();
rollback;
