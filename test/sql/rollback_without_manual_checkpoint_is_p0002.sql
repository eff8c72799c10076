-- With no target given and no manual checkpoint to default to, rollback_entity
-- raises P0002 (captures alone are not a default target) and changes nothing.
begin;
select plan(3);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('rollback_without_manual_checkpoint_is_p0002/' || $1)::uuid $$;

insert into plans (id, title, created_at, updated_at)
values (pg_temp.id('plan'), 'only captures', '2026-01-01', '2026-01-01');
update plans set title = 'changed' where id = pg_temp.id('plan');

-- (a failed statement's writes are undone; a sequence value it drew is not)
select last_value as seq_before from checkpoints_seq_seq \gset
select throws_ok(format('select * from rollback_entity(%L, %L)', 'plan', pg_temp.id('plan')), 'P0002', null,
                 'rollback_entity without a target and without a manual checkpoint raises P0002');
select throws_like(format('select * from rollback_entity(%L, %L)', 'plan', pg_temp.id('plan')),
                   '%' || pg_temp.id('plan') || '%',
                   'the message names the entity');
select is((select last_value from checkpoints_seq_seq), :'seq_before'::bigint,
          'refused before any write: no checkpoint was even started');

select * from finish();
rollback;
