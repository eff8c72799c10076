-- Restoring reads the history with the caller's privileges: a role with every
-- privilege on the table but no SELECT on checkpoints gets 42501.
begin;
select plan(3);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('restore_without_select_on_checkpoints_is_42501/' || $1)::uuid $$;

create role restore_test_no_history nologin;
grant select, insert, update, delete on plans to restore_test_no_history;

insert into plans (id, title, created_at, updated_at)
values (pg_temp.id('plan'), 'Saved', '2026-01-01', '2026-01-01');
create temp table target as
  select id from checkpoints where entity_id = pg_temp.id('plan') and operation = 'insert';
grant select on target to restore_test_no_history;
update plans set title = 'Changed' where id = pg_temp.id('plan');

-- (a failed statement's writes are undone; a sequence value it drew is not)
select last_value as seq_before from checkpoints_seq_seq \gset
set local role restore_test_no_history;
select throws_ok(format('select restore_checkpoint(%L)', (select id from target)), '42501', null,
                 'a role without SELECT on checkpoints cannot restore (42501)');
select throws_like(format('select restore_checkpoint(%L)', (select id from target)), '%checkpoints%',
                   'the error names the table (checkpoints) the role lacks the privilege on');
reset role;

select is((select last_value from checkpoints_seq_seq), :'seq_before'::bigint,
          'refused before any write: no checkpoint was even started');

select * from finish();
rollback;
