-- dry_run => true changes nothing: no row of any table, no new checkpoint.
begin;
select plan(6);

\set ns rollback_dry_run_writes_nothing
\ir fixtures/plan_tree.sql
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');
-- since the checkpoint: every kind of change in the scope
update plans set status = 'failed' where id = pg_temp.id('plan');                      -- plan: updated
update tasks set status = 'failed', error = 'boom' where id = pg_temp.id('task 2');     -- task 2: updated
insert into tasks (id, plan_id, title, position) values
  (pg_temp.id('new task'), pg_temp.id('plan'), 'Extra step', 3);                        -- new task: deleted
insert into artifacts (id, task_id, name) values
  (pg_temp.id('new artifact'), pg_temp.id('new task'), 'extra.txt');                     -- new artifact: deleted
delete from artifacts where id = pg_temp.id('artifact 2');                              -- artifact 2: inserted
-- task 1 and artifact 1 are left alone
create function pg_temp.tables() returns jsonb language sql stable as $$
  select jsonb_build_object(
    'plans',     (select jsonb_agg(to_jsonb(x) order by x.id) from plans x),
    'tasks',     (select jsonb_agg(to_jsonb(x) order by x.id) from tasks x),
    'artifacts', (select jsonb_agg(to_jsonb(x) order by x.id) from artifacts x)) $$;

create temp table before_run as
  select pg_temp.tables() as t, (select count(*) from checkpoints) as n, (select max(seq) from checkpoints) as max_seq;

create temp table dry as select * from rollback_entity('plan', pg_temp.id('plan'), dry_run => true);

select is((select count(*) from dry), 5::bigint, 'precondition: the dry run plans five writes');
select is((pg_temp.tables()) -> 'plans', (select t -> 'plans' from before_run), 'plans are unchanged');
select is((pg_temp.tables()) -> 'tasks', (select t -> 'tasks' from before_run), 'tasks are unchanged (none deleted, none restored)');
select is((pg_temp.tables()) -> 'artifacts', (select t -> 'artifacts' from before_run), 'artifacts are unchanged');
select is((select count(*) from checkpoints), (select n from before_run), 'no checkpoint was written');
select is((select max(seq) from checkpoints), (select max_seq from before_run), 'the history did not move');

select * from finish();
rollback;
