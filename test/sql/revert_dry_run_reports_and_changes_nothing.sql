-- dry_run => true returns the rows and changes nothing: no row of any table,
-- no checkpoint. Under on_conflict 'abort' a conflict raises nothing in a
-- dry run: the conflicting entity is reported 'skipped' with its conflict.
begin;
select plan(7);

\set ns revert_dry_run_reports_and_changes_nothing
\ir fixtures/plan_tree.sql
\ir fixtures/attempt.sql
\ir fixtures/revert.sql

select pg_temp.as_agent('agent A');
update plans set title = 'Release 2.1' where id = pg_temp.id('plan');
update tasks set title = 'Write the changelog, again' where id = pg_temp.id('task 1');
delete from artifacts where id = pg_temp.id('artifact 2');
insert into tasks (id, plan_id, title, position) values (pg_temp.id('new task'), pg_temp.id('plan'), 'Announce', 3);
select pg_temp.as_agent('agent B');
update tasks set title = 'Write the release notes' where id = pg_temp.id('task 1');
select pg_temp.as_nobody();

create temp table before_revert as
  select pg_temp.tables() as t, (select count(*) from checkpoints) as n, (select max(seq) from checkpoints) as max_seq;

select is(pg_temp.attempt(format('select * from revert_changes(request_id => %L, dry_run => true)', pg_temp.id('agent A'))) ->> 'sqlstate',
          '00000', 'a dry run under abort raises no error despite the conflict');
create temp table dry as select * from revert_changes(request_id => pg_temp.id('agent A'), dry_run => true);

select set_eq($$ select entity_type, entity_id, action, coalesce(conflict like '%title%', false) from dry $$,
              $$ values ('plan', pg_temp.id('plan'), 'updated', false),
                        ('task', pg_temp.id('task 1'), 'skipped', true),
                        ('artifact', pg_temp.id('artifact 2'), 'inserted', false),
                        ('task', pg_temp.id('new task'), 'deleted', false) $$,
              'it reports every entity: the conflicting one skipped with its conflict (title), the rest as a revert would write them');
select is_empty($$ select 1 from dry where action <> 'skipped' and conflict is not null $$,
                'only the skipped entity has a conflict');

create temp table dry_others as
  select * from revert_changes(request_id => pg_temp.id('agent A'), on_conflict => 'skip', dry_run => true)
  union all
  select * from revert_changes(request_id => pg_temp.id('agent A'), on_conflict => 'overwrite', dry_run => true);
select is((select count(*) from dry_others), 8::bigint, 'dry runs under skip and overwrite report the four entities too');

select is(pg_temp.tables(), (select t from before_revert), 'no table changed');
select is((select count(*) from checkpoints), (select n from before_revert), 'no checkpoint was written');
select is((select max(seq) from checkpoints), (select max_seq from before_revert), 'the history did not move');

select * from finish();
rollback;
