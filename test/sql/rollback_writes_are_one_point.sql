-- A rollback's writes (several statements, parents first, children after)
-- are one point in the history, as a single statement's are: a rollback to
-- any checkpoint it wrote means the end of the whole rollback.
begin;
select plan(3);

insert into plans (id, title) values ('d3000000-0000-4000-8000-000000000001', 'plan');
insert into tasks (id, plan_id, title) values ('d3000000-0000-4000-8000-000000000002', 'd3000000-0000-4000-8000-000000000001', 'kept');
select create_checkpoint('plan', 'd3000000-0000-4000-8000-000000000001');
update plans set title = 'changed' where id = 'd3000000-0000-4000-8000-000000000001';
delete from tasks where id = 'd3000000-0000-4000-8000-000000000002';
insert into tasks (id, plan_id, title) values ('d3000000-0000-4000-8000-000000000003', 'd3000000-0000-4000-8000-000000000001', 'new');

select results_eq(
  $$select entity_type, action from rollback_entity('plan', 'd3000000-0000-4000-8000-000000000001') order by 1, 2$$,
  $$values ('plan', 'updated'), ('task', 'deleted'), ('task', 'inserted')$$,
  'the rollback writes the plan and both tasks');
select is((select count(distinct statement_at)::int from checkpoints where reason like 'rollback of plan d3000000-%'), 1,
          'its checkpoints share one statement_at');
select is_empty(
  $$select * from rollback_entity('plan', 'd3000000-0000-4000-8000-000000000001',
      to_checkpoint => (select id from checkpoints where entity_id = 'd3000000-0000-4000-8000-000000000001'
                        and reason like 'rollback of plan%'))$$,
  'a rollback to the plan''s checkpoint written by it changes nothing: its point is the end of the rollback');

select * from finish();
rollback;
