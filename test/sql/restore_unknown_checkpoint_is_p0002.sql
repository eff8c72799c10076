-- restore_checkpoint of an id that is not in the history: P0002 naming it.
begin;
select plan(2);

select throws_ok($$ select restore_checkpoint('3f2c0000-0000-4000-8000-00000000dead') $$,
                 'P0002', null,
                 'restore_checkpoint of an unknown id raises P0002 (no_data_found)');
select throws_like($$ select restore_checkpoint('3f2c0000-0000-4000-8000-00000000dead') $$,
                   '%3f2c0000-0000-4000-8000-00000000dead%',
                   'the message names the unknown checkpoint id');

select * from finish();
rollback;
