-- Every rollback can itself be rolled back: rolling back to a manual
-- checkpoint taken just before a rollback (to_checkpoint => it) returns every
-- table exactly to the state from before that rollback.
begin;
select plan(3);

\set ns rollback_of_rollback_to_checkpoint_taken_before
\ir fixtures/plan_tree.sql
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');
create function pg_temp.tables() returns jsonb language sql stable as $$
  select jsonb_build_object(
    'plans',     (select jsonb_agg(to_jsonb(x) order by x.id) from plans x),
    'tasks',     (select jsonb_agg(to_jsonb(x) order by x.id) from tasks x),
    'artifacts', (select jsonb_agg(to_jsonb(x) order by x.id) from artifacts x)) $$;
create temp table checkpoint_before_changes as
  select id from checkpoints where entity_id = pg_temp.id('plan') and operation = 'manual';
-- since the checkpoint: every kind of change in the scope
update plans set status = 'failed' where id = pg_temp.id('plan');                      -- plan: updated
update tasks set status = 'failed', error = 'boom' where id = pg_temp.id('task 2');     -- task 2: updated
insert into tasks (id, plan_id, title, position) values
  (pg_temp.id('new task'), pg_temp.id('plan'), 'Extra step', 3);                        -- new task: deleted
insert into artifacts (id, task_id, name) values
  (pg_temp.id('new artifact'), pg_temp.id('new task'), 'extra.txt');                     -- new artifact: deleted
delete from artifacts where id = pg_temp.id('artifact 2');                              -- artifact 2: inserted
-- task 1 and artifact 1 are left alone

-- a manual checkpoint taken just before the rollback, and the state it saw
create temp table checkpoint_before_rollback as
  select create_checkpoint('plan', pg_temp.id('plan'), 'just before the rollback') as id;
create temp table tables_before_rollback as select pg_temp.tables() as t;

create temp table first_rollback as
  select * from rollback_entity('plan', pg_temp.id('plan'), to_checkpoint => (select id from checkpoint_before_changes));
select isnt(pg_temp.tables(), (select t from tables_before_rollback), 'precondition: the first rollback changed the tables');

create temp table undo as
  select * from rollback_entity('plan', pg_temp.id('plan'), to_checkpoint => (select id from checkpoint_before_rollback));

select is(pg_temp.tables(), (select t from tables_before_rollback),
          'rolling back to the checkpoint taken before the rollback restores the state from before it, exactly');
select set_eq('select * from undo',
              $$ select entity_type, entity_id,
                        case action when 'inserted' then 'deleted' when 'deleted' then 'inserted' else action end
                 from first_rollback $$,
              'the undo changes exactly what the rollback changed, with the inverse actions');

select * from finish();
rollback;
