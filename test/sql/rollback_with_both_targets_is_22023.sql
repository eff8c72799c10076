-- to_checkpoint and to_time are alternatives: giving both is 22023.
begin;
select plan(2);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('rollback_with_both_targets_is_22023/' || $1)::uuid $$;

insert into plans (id, title) values (pg_temp.id('plan'), 'v1');
select create_checkpoint('plan', pg_temp.id('plan'));
update plans set title = 'v2' where id = pg_temp.id('plan');

-- (a failed statement's writes are undone; a sequence value it drew is not)
select last_value as seq_before from checkpoints_seq_seq \gset
select throws_ok(format('select * from rollback_entity(%L, %L, to_checkpoint => %L, to_time => now())', 'plan', pg_temp.id('plan'),
                        (select id from checkpoints where entity_id = pg_temp.id('plan') and operation = 'manual')),
                 '22023', null,
                 'giving both to_checkpoint and to_time raises 22023');
select is((select last_value from checkpoints_seq_seq), :'seq_before'::bigint,
          'refused before any write: no checkpoint was even started');

select * from finish();
rollback;
