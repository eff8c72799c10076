-- rollback_entity returns its rows in the order a rollback writes them:
-- updates and inserts parents first (by depth below the root), deletes last
-- and children first; within one depth by type, then action, then id. The
-- dry run returns them in the same order.
begin;
select plan(2);

\set ns rollback_reports_rows_in_write_order
\ir fixtures/plan_tree.sql
-- a second child type of plans, so that one depth holds two types
create table notes (id uuid primary key, plan_id uuid not null references plans on delete cascade, body text);
select track_table('notes', 'note', 'plan', 'plan_id');
insert into notes values (pg_temp.id('note 1'), pg_temp.id('plan'), 'keep an eye on CI');
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run') is not null as checkpointed;

update plans set status = 'failed' where id = pg_temp.id('plan');                 -- plan: updated
update notes set body = 'CI is red' where id = pg_temp.id('note 1');              -- note 1: updated
update tasks set status = 'failed' where id = pg_temp.id('task 1');               -- task 1: updated
update artifacts set content = '## 2.0 (broken)' where id = pg_temp.id('artifact 1'); -- artifact 1: updated
delete from artifacts where id = pg_temp.id('artifact 2');                        -- artifact 2: inserted
delete from tasks where id = pg_temp.id('task 2');                                -- task 2: inserted
insert into tasks (id, plan_id, title) values
  (pg_temp.id('new task 3'), pg_temp.id('plan'), 'Retry'),
  (pg_temp.id('new task 4'), pg_temp.id('plan'), 'Retry again');                 -- both: deleted
insert into artifacts (id, task_id, name) values
  (pg_temp.id('new artifact a'), pg_temp.id('new task 3'), 'a.log'),
  (pg_temp.id('new artifact b'), pg_temp.id('new task 3'), 'b.log');              -- both: deleted
insert into notes values (pg_temp.id('new note'), pg_temp.id('plan'), 'retrying'); -- deleted

create temp table expected as
  select e.ty::text as entity_type, e.i as entity_id, e.a::text as action, e.ord
  from (values (1, 'plan',     pg_temp.id('plan'),           'updated'),
               (2, 'note',     pg_temp.id('note 1'),         'updated'),
               (3, 'task',     pg_temp.id('task 2'),         'inserted'),
               (4, 'task',     pg_temp.id('task 1'),         'updated'),
               (5, 'artifact', pg_temp.id('artifact 2'),     'inserted'),
               (6, 'artifact', pg_temp.id('artifact 1'),     'updated'),
               (7, 'artifact', pg_temp.id('new artifact a'), 'deleted'),
               (7, 'artifact', pg_temp.id('new artifact b'), 'deleted'),
               (8, 'note',     pg_temp.id('new note'),       'deleted'),
               (9, 'task',     pg_temp.id('new task 3'),     'deleted'),
               (9, 'task',     pg_temp.id('new task 4'),     'deleted')) e (ord, ty, i, a);

select results_eq(
  format('select * from rollback_entity(%L, %L, dry_run => true)', 'plan', pg_temp.id('plan')),
  $$select entity_type, entity_id, action from expected order by ord, entity_id$$,
  'the dry run lists parents first for updates and inserts, then deletes children first; by type, action and id within a depth');
select results_eq(
  format('select * from rollback_entity(%L, %L)', 'plan', pg_temp.id('plan')),
  $$select entity_type, entity_id, action from expected order by ord, entity_id$$,
  'the real run returns the same rows in the same order');

select * from finish();
rollback;
