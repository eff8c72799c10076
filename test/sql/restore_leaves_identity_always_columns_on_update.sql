-- An identity column GENERATED ALWAYS cannot be set by an UPDATE. A restore
-- that updates a row leaves it as it is and does not count it as a change
-- (like a generated column); a re-insert writes it (OVERRIDING SYSTEM VALUE).
begin;
select plan(4);

create table identity_rows (id uuid primary key, n int generated always as identity, label text);
select track_table('identity_rows', 'identity_row');
insert into identity_rows (id, label) values ('d9000000-0000-4000-8000-000000000001', 'saved');
select create_checkpoint('identity_row', 'd9000000-0000-4000-8000-000000000001') as cp \gset
update identity_rows set n = default;

select is_empty(format($$select * from rollback_entity('identity_row', 'd9000000-0000-4000-8000-000000000001', to_checkpoint => %L)$$, :'cp'),
                'a row that differs only in an identity ALWAYS column is not reported as changed (it cannot be written)');
update identity_rows set label = 'changed';
select results_eq(format($$select action from rollback_entity('identity_row', 'd9000000-0000-4000-8000-000000000001', to_checkpoint => %L)$$, :'cp'),
                  $$values ('updated')$$, 'a real change is restored');
select is((select label from identity_rows), 'saved', 'the label is back; n stays as Postgres set it');
delete from identity_rows;
select restore_checkpoint(:'cp');
select is((select to_jsonb(r) from identity_rows r), (select state_data from checkpoints where id = :'cp'),
          'a re-insert writes the identity column too: the row equals the saved state');

select * from finish();
rollback;
