-- prune_checkpoints refuses a null or negative argument with 22023 and a
-- message that names it.
begin;
select plan(5);

select throws_ok($$ select prune_checkpoints(interval '-1 day', 1) $$, '22023', NULL, 'a negative interval is 22023');
select throws_ok($$ select prune_checkpoints(interval '1 day', -1) $$, '22023', NULL, 'a negative keep_last is 22023');
select throws_ok($$ select prune_checkpoints(null, 1) $$, '22023', NULL, 'a null interval is 22023');
select throws_ok($$ select prune_checkpoints(interval '1 day', null) $$, '22023', NULL, 'a null keep_last is 22023');
select throws_like($$ select prune_checkpoints(interval '-3 days', 1) $$, '%must not be negative (got -3 days)%',
                   'the message names the offending value');

select * from finish();
rollback;
