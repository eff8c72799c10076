-- A checkpoint as a target means the end of its statement: a top-level
-- statement with what its triggers and cascades wrote. Statements run by one
-- function call, or sent as one multi-statement query string, share
-- statement_timestamp() and their transaction, but each is still a point of
-- its own: a rollback to a checkpoint made by the first undoes the others.
begin;
select plan(5);

insert into plans (id, title) values ('d2000000-0000-4000-8000-000000000001', 'before');
insert into tasks (id, plan_id, title) values ('d2000000-0000-4000-8000-000000000002', 'd2000000-0000-4000-8000-000000000001', 'task');
create function pg_temp.checkpoint_then_break() returns uuid language plpgsql as $$
declare
  cp uuid;
begin
  cp := create_checkpoint('plan', 'd2000000-0000-4000-8000-000000000001', 'before the step');
  update plans set title = 'broken' where id = 'd2000000-0000-4000-8000-000000000001';
  delete from tasks where id = 'd2000000-0000-4000-8000-000000000002';
  return cp;
end $$;
select pg_temp.checkpoint_then_break() as cp \gset

select results_eq(
  format($$select entity_type, action from rollback_entity('plan', 'd2000000-0000-4000-8000-000000000001',
                                                           to_checkpoint => %L) order by 1$$, :'cp'),
  $$values ('plan', 'updated'), ('task', 'inserted')$$,
  'the writes made after a manual checkpoint in the same call are rolled back');
select is((select title from plans where id = 'd2000000-0000-4000-8000-000000000001'), 'before',
          'the plan is back to its state at the checkpoint');
select is((select count(*)::int from tasks where id = 'd2000000-0000-4000-8000-000000000002'), 1,
          'its task is back');

-- The same for a captured checkpoint: two updates in one call.
create function pg_temp.two_updates() returns void language sql as $$
  update plans set title = 'first' where id = 'd2000000-0000-4000-8000-000000000001';
  update plans set title = 'second' where id = 'd2000000-0000-4000-8000-000000000001';
$$;
select pg_temp.two_updates();
select results_eq(
  $$select action from rollback_entity('plan', 'd2000000-0000-4000-8000-000000000001',
      to_checkpoint => (select id from checkpoints
                        where entity_id = 'd2000000-0000-4000-8000-000000000001' and state_data->>'title' = 'first'))$$,
  $$values ('updated')$$,
  'a rollback to the first update of the call undoes the second');
select is((select title from plans where id = 'd2000000-0000-4000-8000-000000000001'), 'first',
          'the plan is at its first update');

select * from finish();
rollback;
