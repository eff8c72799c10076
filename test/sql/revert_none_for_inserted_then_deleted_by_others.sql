-- A row the unit inserted that someone else deleted since needs nothing:
-- action 'none', no conflict (so no error under abort), and it stays
-- deleted; the unit's other changes are reverted.
begin;
select plan(3);

\set ns revert_none_for_inserted_then_deleted_by_others
\ir fixtures/plan_tree.sql
\ir fixtures/saved_states.sql
\ir fixtures/revert.sql

select pg_temp.as_agent('agent A');
insert into tasks (id, plan_id, title, position) values (pg_temp.id('new task'), pg_temp.id('plan'), 'Announce', 3);
update plans set title = 'Release 2.1' where id = pg_temp.id('plan');
select pg_temp.as_agent('agent B');
delete from tasks where id = pg_temp.id('new task');
select pg_temp.as_nobody();

create temp table result as select * from revert_changes(request_id => pg_temp.id('agent A'));

select set_eq($$ select entity_type, entity_id, action, conflict from result $$,
              $$ values ('task', pg_temp.id('new task'), 'none', null::text),
                        ('plan', pg_temp.id('plan'), 'updated', null::text) $$,
              'the task deleted by someone else needs nothing (''none'', no conflict); the plan is updated');
select is_empty($$ select 1 from tasks where id = pg_temp.id('new task') $$, 'the task stays deleted');
select is(pg_temp.row_of('plan', pg_temp.id('plan')), pg_temp.saved('plan'), 'the plan is back to before');

select * from finish();
rollback;
