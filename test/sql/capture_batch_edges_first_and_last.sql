-- Each firing of the capture marks its first and last checkpoint (in seq
-- order) as batch edges, and only those: checkpoints_created_at_idx holds
-- just the edges, and rollback_entity finds a time's first seq and a
-- statement's last seq among them. Captured checkpoints get ids built from
-- their seq: distinct, in seq order within a statement.
begin;
select plan(9);

insert into plans (id, title)
select ('ce000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'edge ' || g
from generate_series(1, 5) g;

select is((select array_agg(seq order by seq) from checkpoints
           where entity_id::text like 'ce000000-%' and batch_edge),
          (select array[min(seq), max(seq)] from checkpoints where entity_id::text like 'ce000000-%'),
          'a 5-row insert marks its first and its last checkpoint as edges');
select is((select count(*)::int from checkpoints where entity_id::text like 'ce000000-%' and not batch_edge),
          3, 'and none of the three between');

update plans set status = case when title = 'edge 3' then status else 'running' end
where id::text like 'ce000000-%';
select is((select count(*)::int from checkpoints where entity_id::text like 'ce000000-%' and operation = 'update'),
          4, 'an update of 5 rows that leaves one identical captures 4');
select is((select array_agg(seq order by seq) from checkpoints
           where entity_id::text like 'ce000000-%' and operation = 'update' and batch_edge),
          (select array[min(seq), max(seq)] from checkpoints
           where entity_id::text like 'ce000000-%' and operation = 'update'),
          'its edges are the first and the last of the 4 it captured');

update plans set status = 'succeeded' where id = 'ce000000-0000-4000-8000-000000000001';
select ok((select batch_edge from checkpoints
           where entity_id = 'ce000000-0000-4000-8000-000000000001' order by seq desc limit 1),
          'the checkpoint of a one-row statement is an edge');

select create_checkpoint('plan', 'ce000000-0000-4000-8000-000000000002') as manual_id \gset
select ok((select batch_edge from checkpoints where id = :'manual_id'),
          'a manual checkpoint is an edge');

delete from plans where id::text like 'ce000000-%';
select is((select count(*)::int from checkpoints
           where entity_id::text like 'ce000000-%' and operation = 'delete' and batch_edge),
          2, 'a 5-row delete marks two edges');

select is((select count(distinct id)::int from checkpoints
           where entity_id::text like 'ce000000-%' and operation <> 'manual'),
          (select count(*)::int from checkpoints
           where entity_id::text like 'ce000000-%' and operation <> 'manual'),
          'captured checkpoints have distinct ids');
select is((select array_agg(id order by seq) from checkpoints
           where entity_id::text like 'ce000000-%' and operation = 'insert'),
          (select array_agg(id order by id) from checkpoints
           where entity_id::text like 'ce000000-%' and operation = 'insert'),
          'within a statement, ids are in seq order (time-ordered, appended to the primary key)');

select * from finish();
rollback;
