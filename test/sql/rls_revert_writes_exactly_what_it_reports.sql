-- Row-level security carries over to a revert: it writes exactly what it
-- reports or refuses (42501) and changes nothing; never a reported write
-- that did not happen. One request (run by the application as the owner)
-- changed tenant a's plan and a task of tenant b's that sits below a's plan.
-- Tenant a reverts that request: either it succeeds and every row it
-- returned is, read as the owner, as it was before the request (or absent
-- for 'deleted'), or it raises 42501 and both trees are as before the call.
begin;
select plan(2);

\ir fixtures/attempt.sql
\ir fixtures/tenants.sql
create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('rls_revert_writes_exactly_what_it_reports/' || $1)::uuid $$;
\ir fixtures/revert.sql
create function pg_temp.tree(plan_id uuid) returns jsonb language sql stable as $$
  select jsonb_build_object(
    'plans',     (select jsonb_agg(to_jsonb(p) order by p.id) from plans p where p.id = plan_id),
    'tasks',     (select jsonb_agg(to_jsonb(t) order by t.id) from tasks t where t.plan_id = tree.plan_id)) $$;

insert into plans (id, title, tenant, created_at, updated_at) values (pg_temp.id('a plan'), 'a: plan', 'a', '2026-01-01', '2026-01-01');
insert into tasks (id, plan_id, title, position, tenant, created_at, updated_at) values
  (pg_temp.id('a task'), pg_temp.id('a plan'), 'a: task', 1, 'a', '2026-01-01', '2026-01-01'),
  (pg_temp.id('b task'), pg_temp.id('a plan'), 'b: task below a''s plan', 2, 'b', '2026-01-01', '2026-01-01');
-- every row as it was before the request, as the owner sees it
create temp table before_request as
  select 'plan' as entity_type, p.id as entity_id, to_jsonb(p) as state from plans p where p.id = pg_temp.id('a plan')
  union all select 'task', t.id, to_jsonb(t) from tasks t where t.plan_id = pg_temp.id('a plan');

select pg_temp.as_agent('request');
update plans set status = 'failed' where id = pg_temp.id('a plan');
update tasks set status = 'failed' where id in (pg_temp.id('a task'), pg_temp.id('b task'));
select pg_temp.as_nobody();
create temp table before_revert as select pg_temp.tree(pg_temp.id('a plan')) as t;

-- revert_changes as tenant a: its rows and its outcome
create function pg_temp.revert_as_a() returns jsonb language plpgsql as $$
declare
  v_rows jsonb;
  v_state text;
begin
  perform pg_temp.as_tenant('a');
  begin
    select coalesce(jsonb_agg(to_jsonb(r)), '[]') into v_rows
    from revert_changes(request_id => pg_temp.id('request')) r;
    v_state := '00000';
  exception when others then
    get stacked diagnostics v_state = returned_sqlstate;
  end;
  perform pg_temp.as_owner();
  return jsonb_build_object('sqlstate', v_state, 'rows', coalesce(v_rows, '[]'));
end $$;
-- the rows a revert returned that are not as they were before the request
-- (read as the owner): deleted ones still there, others not equal to it
create function pg_temp.misreported(outcome jsonb) returns setof jsonb language sql stable as $$
  select r from jsonb_array_elements(outcome -> 'rows') r
  left join pg_temp.before_request s on s.entity_type = r ->> 'entity_type' and s.entity_id = (r ->> 'entity_id')::uuid
  where r ->> 'action' in ('updated', 'inserted', 'deleted')
    and case when r ->> 'action' = 'deleted'
             then pg_temp.row_of(r ->> 'entity_type', (r ->> 'entity_id')::uuid) is not null
             else pg_temp.row_of(r ->> 'entity_type', (r ->> 'entity_id')::uuid) is distinct from s.state end $$;

create temp table outcome as select pg_temp.revert_as_a() as o;
select ok((select o ->> 'sqlstate' in ('00000', '42501') from outcome),
          'a revert of a request that also changed a row tenant a cannot see either succeeds or is refused with 42501');
select diag('revert_changes: ' || o::text) from outcome where o ->> 'sqlstate' not in ('00000', '42501');
select ok(case when (select o ->> 'sqlstate' = '00000' from outcome)
               then not exists (select from outcome, pg_temp.misreported(o))
               else pg_temp.tree(pg_temp.id('a plan')) = (select t from before_revert) end,
          'each row it reports is as before the request; refused, it changed nothing');

select * from finish();
rollback;
