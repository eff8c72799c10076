-- A dry run returns the same rows as the real run with the same
-- on_conflict (each real run here is undone right after, so that each
-- starts from the same state); under abort it returns the rows of skip,
-- where the real run raises 55000.
begin;
select plan(4);

\set ns revert_dry_run_returns_the_rows_of_the_real_run
\ir fixtures/plan_tree.sql
\ir fixtures/attempt.sql
\ir fixtures/revert.sql

-- pg_temp.real_run(on_conflict): the rows the real revert of agent A's unit
-- returns, as jsonb; its effects are undone (it runs in a subtransaction
-- that is then rolled back).
create function pg_temp.real_run(on_conflict text) returns setof jsonb language plpgsql as $$
declare
  v_rows jsonb;
begin
  begin
    select coalesce(jsonb_agg(to_jsonb(x)), '[]') into v_rows
    from revert_changes(request_id => pg_temp.id('agent A'), on_conflict => real_run.on_conflict) x;
    raise exception 'undo' using errcode = 'U0001';
  exception when sqlstate 'U0001' then
    null;
  end;
  return query select jsonb_array_elements(v_rows);
end $$;
-- pg_temp.dry_run(on_conflict): the rows of the dry run, as jsonb.
create function pg_temp.dry_run(on_conflict text) returns setof jsonb language plpgsql as $$
begin
  return query select to_jsonb(x)
  from revert_changes(request_id => pg_temp.id('agent A'), on_conflict => dry_run.on_conflict, dry_run => true) x;
end $$;

select pg_temp.as_agent('agent A');
update plans set title = 'Release 2.1' where id = pg_temp.id('plan');
update tasks set title = 'Write the changelog, again' where id = pg_temp.id('task 1');
update tasks set title = 'Tag the release candidate' where id = pg_temp.id('task 2');
delete from artifacts where id = pg_temp.id('artifact 2');
insert into tasks (id, plan_id, title, position) values (pg_temp.id('new task'), pg_temp.id('plan'), 'Announce', 3);
select pg_temp.as_agent('agent B');
update tasks set title = 'Write the release notes' where id = pg_temp.id('task 1');
delete from tasks where id = pg_temp.id('task 2');
select pg_temp.as_nobody();

select set_eq($$ select * from pg_temp.real_run('skip') $$, $$ select * from pg_temp.dry_run('skip') $$,
              'under skip: the dry run returns the rows of the real run');
select set_eq($$ select * from pg_temp.real_run('overwrite') $$, $$ select * from pg_temp.dry_run('overwrite') $$,
              'under overwrite: the dry run returns the rows of the real run');
select set_eq($$ select * from pg_temp.real_run('skip') $$, $$ select * from pg_temp.dry_run('abort') $$,
              'under abort: the dry run returns the rows of a real run under skip');
select throws_ok(format('select * from revert_changes(request_id => %L)', pg_temp.id('agent A')), '55000', null,
                 'while the real run under abort raises 55000');

select * from finish();
rollback;
