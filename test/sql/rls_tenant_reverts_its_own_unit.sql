-- Row-level security carries over, and a tenant can still revert its own
-- unit of work: acting only through its own rows (and SELECT on
-- checkpoints), tenant a's agent changes its plan, deletes a task (its
-- artifacts go by cascade) and adds a task; tenant a reverts that request:
-- its tree is exactly as before, the rows deleted since included. Tenant
-- b's tree, changed meanwhile by b's own request, is left alone.
begin;
select plan(4);

\ir fixtures/tenants.sql
create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('rls_tenant_reverts_its_own_unit/' || $1)::uuid $$;
\ir fixtures/revert.sql
create function pg_temp.tree(plan_id uuid) returns jsonb language sql stable as $$
  select jsonb_build_object(
    'plans',     (select jsonb_agg(to_jsonb(p) order by p.id) from plans p where p.id = plan_id),
    'tasks',     (select jsonb_agg(to_jsonb(t) order by t.id) from tasks t where t.plan_id = tree.plan_id),
    'artifacts', (select jsonb_agg(to_jsonb(a) order by a.id) from artifacts a join tasks t on t.id = a.task_id
                  where t.plan_id = tree.plan_id)) $$;

-- tenant b's tree
select pg_temp.as_tenant('b');
insert into plans (id, title, created_at, updated_at) values (pg_temp.id('b plan'), 'b''s plan', '2026-01-01', '2026-01-01');
insert into tasks (id, plan_id, title, position, created_at, updated_at)
values (pg_temp.id('b task'), pg_temp.id('b plan'), 'b''s task', 1, '2026-01-01', '2026-01-01');
-- tenant a's tree: a plan, two tasks, two artifacts below task 1
select pg_temp.as_tenant('a');
insert into plans (id, title, status, created_at, updated_at) values
  (pg_temp.id('a plan'), 'Release 2.0', 'running', '2026-01-01', '2026-01-01');
insert into tasks (id, plan_id, title, position, status, created_at, updated_at) values
  (pg_temp.id('a task 1'), pg_temp.id('a plan'), 'Write changelog', 1, 'done', '2026-01-01', '2026-01-02'),
  (pg_temp.id('a task 2'), pg_temp.id('a plan'), 'Tag release', 2, 'pending', '2026-01-01', '2026-01-01');
insert into artifacts (id, task_id, name, content, created_at, updated_at) values
  (pg_temp.id('a artifact 1'), pg_temp.id('a task 1'), 'CHANGELOG.md', '## 2.0', '2026-01-02', '2026-01-02'),
  (pg_temp.id('a artifact 2'), pg_temp.id('a task 1'), 'notes.txt', 'draft', '2026-01-02', '2026-01-02');
select pg_temp.as_owner();
create temp table before_units as select pg_temp.tree(pg_temp.id('a plan')) as a;

-- the requests' rows are the application's (made as the owner); each
-- tenant's agent then works under its request
select pg_temp.as_agent('b request');
select pg_temp.as_tenant('b');
update tasks set status = 'running' where id = pg_temp.id('b task');
select pg_temp.as_owner();
select pg_temp.as_agent('a request');
select pg_temp.as_tenant('a');
update plans set status = 'failed' where id = pg_temp.id('a plan');
delete from tasks where id = pg_temp.id('a task 1');
insert into tasks (id, plan_id, title, position) values (pg_temp.id('a task 3'), pg_temp.id('a plan'), 'Extra step', 3);
select pg_temp.as_nobody();
select pg_temp.as_owner();
create temp table b_after_units as select pg_temp.tree(pg_temp.id('b plan')) as b;
grant select on before_units, b_after_units to public;

select pg_temp.as_tenant('a');
create temp table result as select * from revert_changes(request_id => pg_temp.id('a request'));
select set_eq($$ select entity_type, entity_id, action, conflict from result $$,
              $$ values ('plan', pg_temp.id('a plan'), 'updated', null::text),
                        ('task', pg_temp.id('a task 1'), 'inserted', null::text),
                        ('artifact', pg_temp.id('a artifact 1'), 'inserted', null::text),
                        ('artifact', pg_temp.id('a artifact 2'), 'inserted', null::text),
                        ('task', pg_temp.id('a task 3'), 'deleted', null::text) $$,
              'tenant a reverts its request: every change is undone, the rows deleted by cascade re-inserted');
select pg_temp.as_owner();
select is(pg_temp.tree(pg_temp.id('a plan')), (select a from before_units),
          'its tree is exactly as before the request (as the owner sees it)');
select is(pg_temp.tree(pg_temp.id('b plan')), (select b from b_after_units), 'tenant b''s tree is untouched');
select is_empty($$ select * from verify_checkpoints() $$, 'every checkpoint verifies');

select * from finish();
rollback;
