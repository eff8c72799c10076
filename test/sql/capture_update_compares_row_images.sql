-- An UPDATE is a no-op, and makes no checkpoint, only when the new row is
-- byte for byte the old one. A change that only shows in the rendering
-- (numeric 1.0 -> 1.00, equal as numbers) is captured: the saved state, and
-- so its hash, differ. Rows are compared as images (*<>), which needs no
-- equality operator, so any column type works.
begin;
select plan(4);

create table imaged (id uuid primary key, amount numeric, doc json);
select track_table('imaged', 'imaged');
insert into imaged values ('1a000000-0000-4000-8000-000000000001', 1.0, '{"a": 1}');

update imaged set amount = amount, doc = doc;
select is((select count(*)::int from checkpoints where entity_type = 'imaged' and operation = 'update'), 0,
          'setting every column to itself makes no checkpoint (a json column, which has no =, included)');

update imaged set amount = 1.00;
select is((select count(*)::int from checkpoints where entity_type = 'imaged' and operation = 'update'), 1,
          'numeric 1.0 -> 1.00 is captured');
select is((select state_data ->> 'amount' from checkpoints where entity_type = 'imaged' and operation = 'update'),
          '1.00', 'with the new rendering');

update imaged set doc = '{"a":1}';
select is((select count(*)::int from checkpoints where entity_type = 'imaged' and operation = 'update'), 2,
          'json text that changes only in spacing changes the row: captured too (its state renders the same)');

select * from finish();
rollback;
