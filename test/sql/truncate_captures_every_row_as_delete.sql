-- TRUNCATE of a tracked table is captured: every row it removes becomes a
-- `delete` checkpoint holding the row as it was. Never a silent hole.
begin;
select plan(6);

insert into prompts (id, name, template)
select ('f1000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'truncate_captures ' || g, 'v' || g
from generate_series(1, 40) g;
-- Everything in prompts right now: the rows TRUNCATE will remove.
create temp table truncate_before as select id, to_jsonb(p) as j from prompts p;

select lives_ok('truncate prompts', 'truncate of a tracked table succeeds');
select is((select count(*)::int from prompts), 0, 'the table is empty');
select is((select count(*)::int from checkpoints c join truncate_before b on b.id = c.entity_id
           where c.operation = 'delete'),
          (select count(*)::int from truncate_before),
          'every truncated row is captured as a delete');
select is((select count(*)::int from checkpoints c join truncate_before b on b.id = c.entity_id
           where c.operation = 'delete' and c.entity_type = 'prompt' and c.state_data = b.j
             and c.state_hash = encode(digest(b.j::text, 'sha256'), 'hex')),
          (select count(*)::int from truncate_before),
          'each delete holds the row as it was truncated, and its hash');
select is((select count(*)::int from checkpoints where entity_id::text like 'f1000000-%' and operation = 'delete'),
          40, 'each row exactly once');
select is((select count(*)::int from checkpoints where entity_id::text like 'f1000000-%' and operation = 'delete'
           and reason is not null),
          40, 'the deletes carry a reason (truncate, or checkpoint.reason)');

select * from finish();
rollback;
