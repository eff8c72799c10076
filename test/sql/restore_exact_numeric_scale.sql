-- numeric 1.0 and 1.00 are equal as numbers and as jsonb, but not as the
-- rendered state the hash covers. A change of scale is captured, so diff,
-- restore and rollback must see it too: the restored row renders exactly
-- as the checkpoint, hash included.
begin;
select plan(4);

create table scaled_prices (id uuid primary key, amount numeric);
select track_table('scaled_prices', 'scaled_price');
insert into scaled_prices values ('da000000-0000-4000-8000-000000000001', 1.0);
update scaled_prices set amount = 1.00;
select id as first from checkpoints where entity_type = 'scaled_price' and operation = 'insert' \gset
select id as second from checkpoints where entity_type = 'scaled_price' and operation = 'update' \gset

select is(checkpoint_diff(:'first', :'second'), '{"amount": {"from": 1.0, "to": 1.00}}'::jsonb,
          'the diff shows the change of scale');
select results_eq(format($$select action from rollback_entity('scaled_price', 'da000000-0000-4000-8000-000000000001', to_checkpoint => %L, dry_run => true)$$, :'first'),
                  $$values ('updated')$$, 'a rollback to the first state plans an update');
select restore_checkpoint(:'first');
select is((select amount::text from scaled_prices), '1.0', 'the restore writes 1.0 back');
select is((select state_hash from checkpoints where entity_type = 'scaled_price' order by seq desc limit 1),
          (select state_hash from checkpoints where id = :'first'),
          'and its capture carries the first checkpoint''s hash');

select * from finish();
rollback;
