-- restore_checkpoint(null) is a missing argument: 22023.
begin;
select plan(1);

select throws_ok('select restore_checkpoint(null)', '22023', null, 'restore_checkpoint(null) raises 22023');

select * from finish();
rollback;
