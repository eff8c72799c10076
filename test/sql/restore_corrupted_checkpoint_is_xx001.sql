-- A checkpoint whose state_data no longer hashes to its state_hash is never
-- restored: XX001 naming it, and nothing changes (CONTRACT.md, Integrity).
begin;
select plan(5);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('restore_corrupted_checkpoint_is_xx001/' || $1)::uuid $$;
create function pg_temp.cp() returns uuid language sql stable
  as $$ select id from checkpoints where entity_id = pg_temp.id('plan') and operation = 'manual' $$;

insert into plans (id, title, status, created_at, updated_at)
values (pg_temp.id('plan'), 'Honest title', 'draft', '2026-01-01', '2026-01-01');
select create_checkpoint('plan', pg_temp.id('plan'));
update plans set title = 'Current title', status = 'running' where id = pg_temp.id('plan');

-- corrupt the saved state behind the hash's back
set local session_replication_role = replica;
update checkpoints set state_data = jsonb_set(state_data, '{title}', '"Forged title"') where id = pg_temp.cp();
set local session_replication_role = origin;

-- A failed statement's writes are undone (so comparing rows afterwards
-- proves nothing), but a sequence value it drew stays drawn.
select last_value as seq_before from checkpoints_seq_seq \gset

select throws_ok(format('select restore_checkpoint(%L)', pg_temp.cp()), 'XX001', null,
                 'restoring a corrupted checkpoint raises XX001 (data_corrupted)');
select throws_like(format('select restore_checkpoint(%L)', pg_temp.cp()), '%' || pg_temp.cp() || '%',
                   'the message names the corrupted checkpoint');
select is((select last_value from checkpoints_seq_seq), :'seq_before'::bigint,
          'the hash is checked before any write: no checkpoint was even started');

-- even when the live row already equals the forged state, the restore refuses
-- (written as a restore would write it, so that updated_at matches too)
select set_config('checkpoint.restoring', 'on', true);
update plans set title = 'Forged title', status = 'draft', updated_at = '2026-01-01' where id = pg_temp.id('plan');
select set_config('checkpoint.restoring', '', true);
select is((select to_jsonb(p) from plans p where id = pg_temp.id('plan')),
          (select state_data from checkpoints where id = pg_temp.cp()),
          'precondition: the live row equals the forged state');
select throws_ok(format('select restore_checkpoint(%L)', pg_temp.cp()), 'XX001', null,
                 'a corrupted checkpoint is refused even when no write would be needed');

select * from finish();
rollback;
