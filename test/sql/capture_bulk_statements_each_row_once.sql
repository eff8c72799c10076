-- A statement that writes many rows captures every row exactly once, with
-- that row's own state: 500-row INSERT, UPDATE and DELETE statements.
begin;
select plan(12);

insert into plans (id, title)
select ('cb000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'bulk ' || g
from generate_series(1, 500) g;

select is((select count(*)::int from checkpoints
           where entity_id::text like 'cb000000-%' and operation = 'insert'),
          500, 'a 500-row insert makes 500 insert checkpoints');
select is((select count(distinct entity_id)::int from checkpoints
           where entity_id::text like 'cb000000-%' and operation = 'insert'),
          500, 'one insert checkpoint per inserted row (none twice, none missed)');
select is((select count(*)::int from plans p
           join checkpoints c on c.entity_id = p.id and c.operation = 'insert'
           where p.id::text like 'cb000000-%'
             and c.state_data = to_jsonb(p)
             and c.state_hash = encode(digest(to_jsonb(p)::text, 'sha256'), 'hex')),
          500, 'each insert checkpoint holds its own row and hash');

update plans set status = 'running', title = title || ' (running)' where id::text like 'cb000000-%';

select is((select count(*)::int from checkpoints
           where entity_id::text like 'cb000000-%' and operation = 'update'),
          500, 'a 500-row update makes 500 update checkpoints');
select is((select count(distinct entity_id)::int from checkpoints
           where entity_id::text like 'cb000000-%' and operation = 'update'),
          500, 'one update checkpoint per updated row');
select is((select count(*)::int from plans p
           join checkpoints c on c.entity_id = p.id and c.operation = 'update'
           where p.id::text like 'cb000000-%'
             and c.state_data = to_jsonb(p)
             and c.state_hash = encode(digest(to_jsonb(p)::text, 'sha256'), 'hex')),
          500, 'each update checkpoint holds its own new row and hash (rows are paired by key)');

-- Half the rows changed, half left identical: only the changed half.
update plans set status = case when right(id::text, 1) in ('0', '2', '4', '6', '8', 'a', 'c', 'e')
                               then 'succeeded' else status end
where id::text like 'cb000000-%';
select is((select count(*)::int from checkpoints
           where entity_id::text like 'cb000000-%' and operation = 'update' and state_data ->> 'status' = 'succeeded'),
          (select count(*)::int from plans where id::text like 'cb000000-%' and status = 'succeeded'),
          'a bulk update captures exactly the rows it changed');
select is((select count(*)::int from checkpoints
           where entity_id::text like 'cb000000-%' and operation = 'update'),
          500 + (select count(*)::int from plans where id::text like 'cb000000-%' and status = 'succeeded'),
          'and none of the rows it left identical');

create temp table bulk_before as select id, to_jsonb(p) as j from plans p where p.id::text like 'cb000000-%';
delete from plans where id::text like 'cb000000-%';

select is((select count(*)::int from checkpoints
           where entity_id::text like 'cb000000-%' and operation = 'delete'),
          500, 'a 500-row delete makes 500 delete checkpoints');
select is((select count(distinct entity_id)::int from checkpoints
           where entity_id::text like 'cb000000-%' and operation = 'delete'),
          500, 'one delete checkpoint per deleted row');
select is((select count(*)::int from bulk_before b
           join checkpoints c on c.entity_id = b.id and c.operation = 'delete'
           where c.state_data = b.j and c.state_hash = encode(digest(b.j::text, 'sha256'), 'hex')),
          500, 'each delete checkpoint holds its own row as deleted, and its hash');

select is((select count(*)::int from checkpoints where entity_id::text like 'cb000000-%'),
          500 * 3 + (select count(*)::int from bulk_before where j ->> 'status' = 'succeeded'),
          'nothing else was captured');

select * from finish();
rollback;
