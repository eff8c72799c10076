-- create_checkpoint needs SELECT on the entity's table: a role that may not
-- read plans cannot snapshot a plan (42501), and nothing is saved. It needs
-- nothing on checkpoints.
begin;
select plan(5);

create role capture_test_noselect;
grant insert, update on plans to capture_test_noselect;
create role capture_test_select;
grant select on plans to capture_test_select;

select set_config('checkpoint.actor', '', true);
insert into plans (id, title) values ('ca000000-0000-4000-8000-000000000001', 'guarded');

-- (a failed statement's writes are undone; a sequence value it drew is not)
select last_value as seq_before from checkpoints_seq_seq \gset
set local role capture_test_noselect;
select throws_ok($$select create_checkpoint('plan', 'ca000000-0000-4000-8000-000000000001')$$,
                 '42501', null, 'a role without SELECT on plans cannot create a checkpoint of a plan');
select throws_ok($$select create_checkpoint('plan', 'ca000000-0000-4000-8000-999999999999')$$,
                 '42501', null, 'and cannot probe for ids either: 42501 comes before P0002');
reset role;
select is((select last_value from checkpoints_seq_seq), :'seq_before'::bigint,
          'refused before any write: no checkpoint was even started');

set local role capture_test_select;
select lives_ok($$select create_checkpoint('plan', 'ca000000-0000-4000-8000-000000000001')$$,
                'a role with SELECT on plans (and nothing on checkpoints) can');
reset role;
select is((select created_by::text from checkpoints
           where entity_id = 'ca000000-0000-4000-8000-000000000001' and operation = 'manual'),
          'capture_test_select', 'its checkpoint records it as created_by');

select * from finish();
rollback;
