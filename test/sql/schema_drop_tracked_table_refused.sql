-- DROP TABLE of a tracked table is refused (any SQLSTATE) with a message
-- naming the table and a HINT pointing to untrack_table; the table and its
-- history stay usable (a rollback of its parent type still works). After
-- untrack_table the drop succeeds, and rollbacks of the other types still work.
-- Today: the drop succeeds and leaves a dangling registry entry, which
-- breaks the rollback of a plan (the parent type) and untrack_table.
begin;
select plan(12);

\ir fixtures/attempt.sql
create table schema_test_notes (
  id      uuid primary key,
  plan_id uuid not null references plans on delete cascade,
  body    text
);
select track_table('schema_test_notes', 'schema_test_note', 'plan', 'plan_id');
insert into plans (id, title) values ('d3000000-0000-4000-8000-000000000001', 'plan with notes'),
                                     ('d3000000-0000-4000-8000-000000000002', 'plan with a task');
insert into schema_test_notes values ('d3000000-0000-4000-8000-000000000011', 'd3000000-0000-4000-8000-000000000001', 'note');
insert into tasks (id, plan_id, title, position) values
  ('d3000000-0000-4000-8000-000000000021', 'd3000000-0000-4000-8000-000000000002', 'task', 1);
select create_checkpoint('plan', 'd3000000-0000-4000-8000-000000000001', 'before');
select create_checkpoint('plan', 'd3000000-0000-4000-8000-000000000002', 'before');
-- a plan's tree as jsonb: the plan, its tasks, and its notes while that table exists
create function pg_temp.tree(plan_id uuid) returns jsonb language plpgsql stable as $$
declare v_notes jsonb;
begin
  if to_regclass('schema_test_notes') is not null then
    execute 'select jsonb_agg(to_jsonb(n) order by n.id) from schema_test_notes n where n.plan_id = $1' into v_notes using plan_id;
  end if;
  return jsonb_build_object(
    'plan',  (select to_jsonb(p) from plans p where p.id = plan_id),
    'tasks', (select jsonb_agg(to_jsonb(t) order by t.id) from tasks t where t.plan_id = tree.plan_id),
    'notes', v_notes);
end $$;
create temp table at_checkpoint as
  select pg_temp.tree('d3000000-0000-4000-8000-000000000001') as one, pg_temp.tree('d3000000-0000-4000-8000-000000000002') as two;

update plans set status = 'failed' where id in ('d3000000-0000-4000-8000-000000000001', 'd3000000-0000-4000-8000-000000000002');
update schema_test_notes set body = 'changed';
update tasks set status = 'failed' where id = 'd3000000-0000-4000-8000-000000000021';

create temp table dropped as select pg_temp.attempt('drop table schema_test_notes') as o;
select isnt((select o ->> 'sqlstate' from dropped), '00000', 'DROP TABLE of a tracked table is refused');
select ok((select o ->> 'message' like '%schema_test_notes%' from dropped), 'the error names the table');
select ok((select o ->> 'hint' like '%untrack_table%' from dropped), 'and its hint points to untrack_table');
select isnt(to_regclass('schema_test_notes'), null, 'the table is still there');
select lives_ok($$update schema_test_notes set body = 'changed again'$$, 'it can still be written');
select is((select count(*) from checkpoints where entity_type = 'schema_test_note' and state_data ->> 'body' = 'changed again'),
          1::bigint, 'and the write is still captured');
select lives_ok($$select * from rollback_entity('plan', 'd3000000-0000-4000-8000-000000000001')$$,
                'a rollback of a plan with notes still works');
select is(pg_temp.tree('d3000000-0000-4000-8000-000000000001'), (select one from at_checkpoint),
          'the plan and its notes are exactly as at the checkpoint');

select lives_ok($$select untrack_table('schema_test_notes')$$, 'untrack_table works');
select lives_ok($$drop table schema_test_notes$$, 'after untrack_table the table can be dropped');
select lives_ok($$select * from rollback_entity('plan', 'd3000000-0000-4000-8000-000000000002')$$,
                'after the drop, a rollback of a plan (the dropped type''s parent type) still works');
select is(pg_temp.tree('d3000000-0000-4000-8000-000000000002'), (select two from at_checkpoint),
          'the plan and its task are exactly as at the checkpoint');

select * from finish();
rollback;
