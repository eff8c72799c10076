-- Rows of the scope that did not change since the target are not written:
-- no update, no new checkpoint for them.
begin;
select plan(6);

\set ns rollback_leaves_unchanged_rows_untouched
\ir fixtures/plan_tree.sql
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');
\ir fixtures/saved_states.sql

update artifacts set content = 'edited' where id = pg_temp.id('artifact 1');
create temp table counts_before as
  select entity_id, count(*) as n from checkpoints group by entity_id;
create temp table ctids_before as
  select 'plan' as k, ctid::text as c from plans where id = pg_temp.id('plan')
  union all select 'task 1', ctid::text from tasks where id = pg_temp.id('task 1')
  union all select 'task 2', ctid::text from tasks where id = pg_temp.id('task 2')
  union all select 'artifact 2', ctid::text from artifacts where id = pg_temp.id('artifact 2');
create function pg_temp.ctids() returns text language sql stable as $$
  select string_agg(c, ',' order by k) from (
    select 'plan' as k, ctid::text as c from plans where id = pg_temp.id('plan')
    union all select 'task 1', ctid::text from tasks where id = pg_temp.id('task 1')
    union all select 'task 2', ctid::text from tasks where id = pg_temp.id('task 2')
    union all select 'artifact 2', ctid::text from artifacts where id = pg_temp.id('artifact 2')) s $$;
create function pg_temp.new_checkpoints(text) returns bigint language sql stable as $$
  select count(*) - coalesce((select n from counts_before where entity_id = pg_temp.id($1)), 0)
  from checkpoints where entity_id = pg_temp.id($1) $$;

select * from rollback_entity('plan', pg_temp.id('plan'));

select is(pg_temp.new_checkpoints('artifact 1'), 1::bigint, 'precondition: the changed artifact was restored (one capture)');
select is(pg_temp.new_checkpoints('plan'), 0::bigint, 'the unchanged plan gets no new checkpoint');
select is(pg_temp.new_checkpoints('task 1'), 0::bigint, 'the unchanged parent task of the changed artifact gets none');
select is(pg_temp.new_checkpoints('task 2'), 0::bigint, 'the unchanged sibling task gets none');
select is(pg_temp.new_checkpoints('artifact 2'), 0::bigint, 'the unchanged sibling artifact gets none');
select is(pg_temp.ctids(), (select string_agg(c, ',' order by k) from ctids_before),
          'no unchanged row was rewritten, not even with identical values (same tuple versions)');

select * from finish();
rollback;
