-- The transaction-local setting checkpoint.span_id (the OpenTelemetry span
-- that makes the write) is recorded as span_id on every checkpoint, captured
-- or manual, so that a checkpoint links to its exact span.
begin;
select plan(4);

select has_column('checkpoints', 'span_id', 'checkpoints has a span_id column');

select set_config('checkpoint.trace_id', '4bf92f3577b34da6a3ce929d0e0e4736', true);
select set_config('checkpoint.span_id', '00f067aa0ba902b7', true);
insert into plans (id, title) values ('c0110000-0000-4000-8000-000000000001', 'traced');
select is((select span_id::text from checkpoints
           where entity_id = 'c0110000-0000-4000-8000-000000000001' and operation = 'insert'),
          '00f067aa0ba902b7', 'checkpoint.span_id is recorded on a captured checkpoint');

select set_config('checkpoint.span_id', 'b7ad6b7169203331', true);
create temp table span_manual as
  select create_checkpoint('plan', 'c0110000-0000-4000-8000-000000000001', 'snapshot') as id;
select is((select span_id::text from checkpoints where id = (select id from span_manual)),
          'b7ad6b7169203331', 'create_checkpoint records the span id of the session');

select set_config('checkpoint.span_id', '', true);
update plans set title = 'untraced' where id = 'c0110000-0000-4000-8000-000000000001';
select is((select span_id from checkpoints
           where entity_id = 'c0110000-0000-4000-8000-000000000001' order by seq desc limit 1),
          null, 'an unset span id is recorded as null');

select * from finish();
rollback;
