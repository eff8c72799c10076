-- to_checkpoint naming no checkpoint at all is P0002, naming the id.
begin;
select plan(3);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('rollback_to_unknown_checkpoint_is_p0002/' || $1)::uuid $$;

insert into plans (id, title) values (pg_temp.id('plan'), 'v1');
update plans set title = 'v2' where id = pg_temp.id('plan');

-- (a failed statement's writes are undone; a sequence value it drew is not)
select last_value as seq_before from checkpoints_seq_seq \gset
select throws_ok(format('select * from rollback_entity(%L, %L, to_checkpoint => %L)', 'plan', pg_temp.id('plan'),
                        pg_temp.id('no such checkpoint')),
                 'P0002', null,
                 'an unknown to_checkpoint raises P0002');
select throws_like(format('select * from rollback_entity(%L, %L, to_checkpoint => %L)', 'plan', pg_temp.id('plan'),
                          pg_temp.id('no such checkpoint')),
                   '%' || pg_temp.id('no such checkpoint') || '%',
                   'the message names the unknown checkpoint');
select is((select last_value from checkpoints_seq_seq), :'seq_before'::bigint,
          'refused before any write: no checkpoint was even started');

select * from finish();
rollback;
