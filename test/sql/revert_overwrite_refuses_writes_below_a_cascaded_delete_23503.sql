-- Under overwrite, a row the unit inserted that has children added since is
-- deleted, and its children go by ON DELETE CASCADE. When the unit also
-- changed a row below those children, the revert cannot both delete the
-- ancestor and take that row back: refused before any write with 23503
-- (dry run too), nothing changes. (It failed with 22004 from inside the
-- write check.) Under skip the ancestor is skipped and the row goes back.
-- Found by test/revert.model.test.ts.
begin;
select plan(5);

\set ns revert_overwrite_refuses_writes_below_a_cascaded_delete_23503
\ir fixtures/plan_tree.sql
\ir fixtures/revert.sql

select pg_temp.as_agent('agent A');
insert into plans (id, title) values (pg_temp.id('plan A'), 'A''s plan');
select pg_temp.as_agent('agent B');
insert into tasks (id, plan_id, title) values (pg_temp.id('task B'), pg_temp.id('plan A'), 'B''s task');
insert into artifacts (id, task_id, name) values (pg_temp.id('artifact B'), pg_temp.id('task B'), 'b.txt');
select pg_temp.as_agent('agent A');
update artifacts set name = 'a.txt' where id = pg_temp.id('artifact B');
select pg_temp.as_nobody();
create temp table before_revert as select pg_temp.tables() as t;

select throws_ok(format('select * from revert_changes(request_id => %L, on_conflict => %L, dry_run => true)', pg_temp.id('agent A'), 'overwrite'),
                 '23503', null, 'dry run under overwrite: 23503');
select throws_ok(format('select * from revert_changes(request_id => %L, on_conflict => %L)', pg_temp.id('agent A'), 'overwrite'),
                 '23503', null, 'under overwrite: 23503');
select is(pg_temp.tables(), (select t from before_revert), 'no table changed');

select set_eq(format('select entity_type, entity_id, action, conflict from revert_changes(request_id => %L, on_conflict => %L)',
                     pg_temp.id('agent A'), 'skip'),
              $$ values ('plan', pg_temp.id('plan A'), 'skipped', 'children added since'),
                        ('artifact', pg_temp.id('artifact B'), 'updated', null::text) $$,
              'under skip: the plan is skipped, the artifact goes back');
select is((select name from artifacts where id = pg_temp.id('artifact B')), 'b.txt', 'the artifact has B''s name again');

select * from finish();
rollback;
