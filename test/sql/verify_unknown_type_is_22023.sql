-- An integrity check of a misspelled type must not report "no corruption":
-- verify_checkpoints of a type that is neither registered nor in the history
-- is 22023, like entity_history and entity_state_at.
begin;
select plan(1);

select throws_ok($$ select * from verify_checkpoints('plann') $$, '22023', null,
                 'verify_checkpoints of an unknown entity type raises 22023');

select * from finish();
rollback;
