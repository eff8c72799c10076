-- restore_checkpoint acts with the caller's own privileges: a role that may
-- read the history but not update the table gets 42501 and changes nothing.
begin;
select plan(3);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('restore_without_update_privilege_is_42501/' || $1)::uuid $$;

create role restore_test_no_update nologin;
grant select on checkpoints to restore_test_no_update;
grant select, insert, delete on plans to restore_test_no_update;

insert into plans (id, title, created_at, updated_at)
values (pg_temp.id('plan'), 'Saved', '2026-01-01', '2026-01-01');
create temp table target as
  select id from checkpoints where entity_id = pg_temp.id('plan') and operation = 'insert';
grant select on target to restore_test_no_update;
update plans set title = 'Changed' where id = pg_temp.id('plan');

-- (a failed statement's writes are undone; a sequence value it drew is not)
select last_value as seq_before from checkpoints_seq_seq \gset
set local role restore_test_no_update;
select throws_ok(format('select restore_checkpoint(%L)', (select id from target)), '42501', null,
                 'a role without UPDATE on plans cannot restore a plan (42501)');
select throws_like(format('select restore_checkpoint(%L)', (select id from target)), '%plans%',
                   'the error names the table (plans) the role lacks the privilege on');
reset role;

select is((select last_value from checkpoints_seq_seq), :'seq_before'::bigint,
          'refused before any write: no checkpoint was even started');

select * from finish();
rollback;
