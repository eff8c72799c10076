-- statement_at is the point a checkpoint belongs to: every capture of one
-- top-level statement shares it (its cascades included, though PostgreSQL
-- fires their captures after the statement's own), two statements never
-- do, even in one query string, and a manual checkpoint is a point of its
-- own. Captured checkpoints get ids built from their seq: distinct, in seq
-- order within a statement. Two captures at the same depth of one statement
-- (a writable CTE over two tracked tables; INSERT ... ON CONFLICT, whose
-- inserts and updates are captured apart) share the point: the second reads
-- the stamp the first left.
begin;
select plan(9);

insert into plans (id, title)
select ('ce000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'edge ' || g
from generate_series(1, 5) g;
insert into tasks (id, plan_id, title)
select ('ce100000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid,
       ('ce000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'task ' || g
from generate_series(1, 5) g;

select is((select count(distinct statement_at)::int from checkpoints
           where entity_id::text like 'ce000000-%' and operation = 'insert'), 1,
          'a 5-row insert is one point');
select isnt((select statement_at from checkpoints where entity_id = 'ce000000-0000-4000-8000-000000000001'),
            (select statement_at from checkpoints where entity_id = 'ce100000-0000-4000-8000-000000000001'),
            'the next statement is another point');

delete from plans where id::text like 'ce000000-%';
select is((select count(distinct statement_at)::int from checkpoints
           where (entity_id::text like 'ce000000-%' or entity_id::text like 'ce100000-%') and operation = 'delete'), 1,
          'a delete and the deletes its ON DELETE CASCADE made are one point');

do $$
begin
  insert into plans (id, title) values ('ce200000-0000-4000-8000-000000000001', 'a');
  update plans set title = 'b' where id = 'ce200000-0000-4000-8000-000000000001';
end;
$$;
select is((select count(distinct statement_at)::int from checkpoints
           where entity_id = 'ce200000-0000-4000-8000-000000000001'), 2,
          'two statements of one call are two points');

with p as (insert into plans (id, title) values ('ce300000-0000-4000-8000-000000000001', 'cte') returning id)
insert into tasks (id, plan_id, title) select 'ce310000-0000-4000-8000-000000000001', p.id, 'cte task' from p;
select is((select count(distinct statement_at)::int from checkpoints
           where entity_id in ('ce300000-0000-4000-8000-000000000001', 'ce310000-0000-4000-8000-000000000001')), 1,
          'a writable CTE writing two tracked tables is one point');

insert into plans (id, title)
values ('ce300000-0000-4000-8000-000000000001', 'upserted'), ('ce300000-0000-4000-8000-000000000002', 'new')
on conflict (id) do update set title = excluded.title;
select is((select count(distinct statement_at)::int from checkpoints
           where entity_id in ('ce300000-0000-4000-8000-000000000001', 'ce300000-0000-4000-8000-000000000002')
             and seq > (select max(seq) from checkpoints where entity_id = 'ce310000-0000-4000-8000-000000000001')), 1,
          'an INSERT ... ON CONFLICT DO UPDATE (an insert and an update captured apart) is one point');

select create_checkpoint('plan', 'ce200000-0000-4000-8000-000000000001') as manual_id \gset
select is((select count(*)::int from checkpoints c
           where c.statement_at = (select statement_at from checkpoints where id = :'manual_id')), 1,
          'a manual checkpoint is a point of its own');

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
