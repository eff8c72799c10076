-- Row-level security carries over to a rollback: it never removes a row the
-- caller cannot see. Tenant a added a task to its plan since its checkpoint,
-- and the owner put an artifact of tenant b below that task. Rolling a's
-- plan back must delete the task, and ON DELETE CASCADE would take b's
-- artifact with it: the rollback is either refused with 42501 (nothing
-- changes) or leaves that artifact in place; and every row it reports equals
-- its state at the checkpoint.
-- Today: the rollback deletes a's task, and the cascade silently removes b's artifact.
begin;
select plan(4);

\ir fixtures/tenants.sql
create function pg_temp.everything() returns jsonb language sql stable as $$
  select jsonb_build_object(
    'plans',     (select jsonb_agg(to_jsonb(p) order by p.id) from plans p where p.id::text like 'c8%'),
    'tasks',     (select jsonb_agg(to_jsonb(t) order by t.id) from tasks t where t.id::text like 'c8%'),
    'artifacts', (select jsonb_agg(to_jsonb(a) order by a.id) from artifacts a where a.id::text like 'c8%')) $$;

select pg_temp.as_tenant('a');
insert into plans (id, title) values ('c8000000-0000-4000-8000-000000000001', 'a: plan');
insert into tasks (id, plan_id, title, position) values
  ('c8000000-0000-4000-8000-000000000011', 'c8000000-0000-4000-8000-000000000001', 'a: task', 1);
select create_checkpoint('plan', 'c8000000-0000-4000-8000-000000000001', 'a''s checkpoint');
select pg_temp.as_owner();
create temp table at_checkpoint as
  select 'plan' as entity_type, p.id, to_jsonb(p) as state from plans p where p.id = 'c8000000-0000-4000-8000-000000000001'
  union all select 'task', t.id, to_jsonb(t) from tasks t where t.plan_id = 'c8000000-0000-4000-8000-000000000001';

-- since: a adds a task; the owner puts b's artifact below it
select pg_temp.as_tenant('a');
insert into tasks (id, plan_id, title, position) values
  ('c8000000-0000-4000-8000-000000000012', 'c8000000-0000-4000-8000-000000000001', 'a: task added since', 2);
update plans set status = 'running' where id = 'c8000000-0000-4000-8000-000000000001';
select pg_temp.as_owner();
insert into artifacts (id, task_id, name, tenant) values
  ('c8000000-0000-4000-8000-000000000021', 'c8000000-0000-4000-8000-000000000012', 'b: artifact below a''s new task', 'b');
create temp table before_rollback as select pg_temp.everything() as t;

create temp table outcome (sqlstate text, rows jsonb);
grant all on outcome to public;
select pg_temp.as_tenant('a');
do $$
begin
  insert into outcome
    select '00000', coalesce(jsonb_agg(to_jsonb(r)), '[]') from rollback_entity('plan', 'c8000000-0000-4000-8000-000000000001') r;
exception when others then
  insert into outcome (sqlstate, rows) values (sqlstate, '[]');
end $$;
select pg_temp.as_owner();

select ok((select sqlstate in ('00000', '42501') from outcome),
          'the rollback either succeeds or is refused with 42501');
select diag('rollback_entity: ' || sqlstate) from outcome where sqlstate not in ('00000', '42501');
select isnt(pg_temp.row_of('artifact', 'c8000000-0000-4000-8000-000000000021'), null,
            'tenant b''s artifact, which tenant a cannot see, is still there');
select ok((select sqlstate <> '00000' from outcome) or not exists (
             select from outcome, jsonb_array_elements(rows) r
             left join at_checkpoint s on s.entity_type = r ->> 'entity_type' and s.id = (r ->> 'entity_id')::uuid
             where case when r ->> 'action' = 'deleted'
                        then pg_temp.row_of(r ->> 'entity_type', (r ->> 'entity_id')::uuid) is not null
                        else pg_temp.row_of(r ->> 'entity_type', (r ->> 'entity_id')::uuid) is distinct from s.state end),
          'a rollback that succeeds wrote exactly what it reports');
select ok((select sqlstate = '00000' from outcome) or pg_temp.everything() = (select t from before_rollback),
          'a refused rollback changed nothing');

select * from finish();
rollback;
