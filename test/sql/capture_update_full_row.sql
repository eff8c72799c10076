-- An UPDATE of a tracked row makes one more checkpoint holding the row as it
-- is after the update (the full row, not only the changed columns).
begin;
select plan(7);

insert into plans (id, title) values ('ca200000-0000-4000-8000-000000000001', 'capture update');
update plans set status = 'running', title = 'capture update, renamed'
where id = 'ca200000-0000-4000-8000-000000000001';

select is((select count(*)::int from checkpoints where entity_id = 'ca200000-0000-4000-8000-000000000001'),
          2, 'an insert then an update make two checkpoints');
select is(array(select operation from checkpoints
                where entity_id = 'ca200000-0000-4000-8000-000000000001' order by seq),
          array['insert', 'update'], 'the second checkpoint''s operation is update, in capture order');
select is((select entity_type::text from checkpoints
           where entity_id = 'ca200000-0000-4000-8000-000000000001' and operation = 'update'),
          'plan', 'the update checkpoint names the entity type');
select is((select state_data from checkpoints
           where entity_id = 'ca200000-0000-4000-8000-000000000001' and operation = 'update'),
          (select to_jsonb(p) from plans p where p.id = 'ca200000-0000-4000-8000-000000000001'),
          'state_data is the full row after the update');
select is((select state_data ->> 'title' from checkpoints
           where entity_id = 'ca200000-0000-4000-8000-000000000001' and operation = 'insert'),
          'capture update', 'the insert checkpoint still holds the row as it was before the update');
select is((select state_hash::text from checkpoints
           where entity_id = 'ca200000-0000-4000-8000-000000000001' and operation = 'update'),
          (select encode(digest(to_jsonb(p)::text, 'sha256'), 'hex') from plans p
           where p.id = 'ca200000-0000-4000-8000-000000000001'),
          'state_hash is the SHA-256 of the updated row');

-- A further update of the same row is one more checkpoint.
update plans set status = 'succeeded' where id = 'ca200000-0000-4000-8000-000000000001';
select is(array(select state_data ->> 'status' from checkpoints
                where entity_id = 'ca200000-0000-4000-8000-000000000001' order by seq),
          array['draft', 'running', 'succeeded'], 'every update that changes the row is captured, in order');

select * from finish();
rollback;
