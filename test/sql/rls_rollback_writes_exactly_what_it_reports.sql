-- Row-level security carries over to a rollback: it writes exactly what it
-- reports or refuses (42501) and changes nothing; never a reported write
-- that did not happen. Tenant a rolls back its plan, whose tree holds rows
-- it cannot see: (1) a task of tenant b below a's plan (put there by the
-- owner) that changed since a's checkpoint; (2) a task of a's that the
-- owner handed over to tenant b since. Either the rollback succeeds and
-- every row it returned equals its state at the checkpoint (read as the
-- owner), or it raises 42501 and the trees are as before the call.
-- Today: case 1 is refused with 42501 (fine), but case 2 fails with 23505
-- (a duplicate key: it tries to re-insert the row it cannot see).
begin;
select plan(4);

\ir fixtures/attempt.sql
\ir fixtures/tenants.sql
create function pg_temp.tree(plan_id uuid) returns jsonb language sql stable as $$
  select jsonb_build_object(
    'plans',     (select jsonb_agg(to_jsonb(p) order by p.id) from plans p where p.id = plan_id),
    'tasks',     (select jsonb_agg(to_jsonb(t) order by t.id) from tasks t where t.plan_id = tree.plan_id)) $$;
-- every row of the tree, as the owner sees it: (entity_type, id, state)
create temp table at_checkpoint (entity_type text, entity_id uuid, state jsonb);
create function pg_temp.save(plan_id uuid) returns void language sql as $$
  insert into pg_temp.at_checkpoint
    select 'plan', p.id, to_jsonb(p) from plans p where p.id = plan_id
    union all select 'task', t.id, to_jsonb(t) from tasks t where t.plan_id = save.plan_id $$;
-- the rows a rollback returned that are not in the state it was to restore
-- (read as the owner): deleted ones still there, others not equal to it
create function pg_temp.misreported(outcome jsonb) returns setof jsonb language sql stable as $$
  select r from jsonb_array_elements(outcome -> 'rows') r
  left join pg_temp.at_checkpoint s on s.entity_type = r ->> 'entity_type' and s.entity_id = (r ->> 'entity_id')::uuid
  where case when r ->> 'action' = 'deleted'
             then pg_temp.row_of(r ->> 'entity_type', (r ->> 'entity_id')::uuid) is not null
             else pg_temp.row_of(r ->> 'entity_type', (r ->> 'entity_id')::uuid) is distinct from s.state end $$;
-- rollback_entity as tenant a: its rows and its outcome
create function pg_temp.rollback_as_a(plan_id uuid) returns jsonb language plpgsql as $$
declare
  v_rows jsonb;
  v_state text;
begin
  perform pg_temp.as_tenant('a');
  begin
    select coalesce(jsonb_agg(to_jsonb(r)), '[]') into v_rows from rollback_entity('plan', plan_id) r;
    v_state := '00000';
  exception when others then
    get stacked diagnostics v_state = returned_sqlstate;
  end;
  perform pg_temp.as_owner();
  return jsonb_build_object('sqlstate', v_state, 'rows', coalesce(v_rows, '[]'));
end $$;

-- 1. a's plan with a task of a's and a task of b's (inserted by the owner)
insert into plans (id, title, tenant) values ('c7000000-0000-4000-8000-000000000001', 'a: plan 1', 'a');
insert into tasks (id, plan_id, title, position, tenant) values
  ('c7000000-0000-4000-8000-000000000011', 'c7000000-0000-4000-8000-000000000001', 'a: task', 1, 'a'),
  ('c7000000-0000-4000-8000-000000000012', 'c7000000-0000-4000-8000-000000000001', 'b: task below a''s plan', 2, 'b');
-- 2. a's plan with a task of a's that the owner will hand over to b
insert into plans (id, title, tenant) values ('c7000000-0000-4000-8000-000000000002', 'a: plan 2', 'a');
insert into tasks (id, plan_id, title, position, tenant) values
  ('c7000000-0000-4000-8000-000000000021', 'c7000000-0000-4000-8000-000000000002', 'a: task, handed over later', 1, 'a');
select pg_temp.as_tenant('a');
select create_checkpoint('plan', 'c7000000-0000-4000-8000-000000000001', 'a''s checkpoint 1');
select create_checkpoint('plan', 'c7000000-0000-4000-8000-000000000002', 'a''s checkpoint 2');
select pg_temp.as_owner();
select pg_temp.save('c7000000-0000-4000-8000-000000000001');
select pg_temp.save('c7000000-0000-4000-8000-000000000002');

-- since: b's task changes (by the owner), and a changes its own rows
update tasks set title = 'b: task below a''s plan, changed', status = 'running' where id = 'c7000000-0000-4000-8000-000000000012';
update tasks set tenant = 'b', title = 'b: task, handed over' where id = 'c7000000-0000-4000-8000-000000000021';
select pg_temp.as_tenant('a');
update plans set status = 'failed' where id in ('c7000000-0000-4000-8000-000000000001', 'c7000000-0000-4000-8000-000000000002');
update tasks set status = 'failed' where id = 'c7000000-0000-4000-8000-000000000011';
select pg_temp.as_owner();

create temp table before_1 as select pg_temp.tree('c7000000-0000-4000-8000-000000000001') as t;
create temp table outcome_1 as select pg_temp.rollback_as_a('c7000000-0000-4000-8000-000000000001') as o;
select ok((select o ->> 'sqlstate' in ('00000', '42501') from outcome_1),
          '1. a rollback over a hidden task of another tenant either succeeds or is refused with 42501');
select ok(case when (select o ->> 'sqlstate' = '00000' from outcome_1)
               then not exists (select from outcome_1, pg_temp.misreported(o))
               else pg_temp.tree('c7000000-0000-4000-8000-000000000001') = (select t from before_1) end,
          '1. each row it reports equals its state at the checkpoint; refused, it changed nothing');

create temp table before_2 as select pg_temp.tree('c7000000-0000-4000-8000-000000000002') as t;
create temp table outcome_2 as select pg_temp.rollback_as_a('c7000000-0000-4000-8000-000000000002') as o;
select ok((select o ->> 'sqlstate' in ('00000', '42501') from outcome_2),
          '2. a rollback over a task handed over to another tenant since either succeeds or is refused with 42501');
select diag('2. rollback_entity: ' || o::text) from outcome_2 where o ->> 'sqlstate' not in ('00000', '42501');
select ok(case when (select o ->> 'sqlstate' = '00000' from outcome_2)
               then not exists (select from outcome_2, pg_temp.misreported(o))
               else pg_temp.tree('c7000000-0000-4000-8000-000000000002') = (select t from before_2) end,
          '2. each row it reports equals its state at the checkpoint; refused, it changed nothing');

select * from finish();
rollback;
