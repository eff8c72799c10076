-- What is written is checked, rules included: a DO INSTEAD rule that turns
-- a restore's UPDATE into something else (here, nothing) leaves the row as
-- it was; the restore fails with XX001 rather than report success.
begin;
select plan(2);

create table rule_test_notes (id uuid primary key, body text);
select track_table('rule_test_notes', 'rule_test_note');
insert into rule_test_notes values ('ab000000-0000-4000-8000-000000000001', 'saved');
select id as cp from checkpoints where entity_id = 'ab000000-0000-4000-8000-000000000001' \gset
update rule_test_notes set body = 'changed' where id = 'ab000000-0000-4000-8000-000000000001';
create rule rule_test_frozen as on update to rule_test_notes do instead nothing;

select throws_ok(format('select restore_checkpoint(%L)', :'cp'), 'XX001', null,
                 'a restore whose write a rule swallowed fails with XX001');
select is((select body from rule_test_notes where id = 'ab000000-0000-4000-8000-000000000001'), 'changed',
          'and the row is as it was');

select * from finish();
rollback;
