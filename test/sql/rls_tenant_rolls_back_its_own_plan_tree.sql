-- Row-level security carries over, and a tenant can still roll back its own
-- entities: acting only through its own rows (and SELECT on checkpoints),
-- tenant a checkpoints its plan, changes and deletes rows of the tree (a
-- task with its artifacts among them) and adds some; rollback_entity returns
-- the tree exactly as it was, rows deleted since included, and the tenant
-- reads the history of its own entities, rows deleted since included.
-- Tenant b's tree, next to it, is left alone.
-- Today: passes (the history is not filtered at all); this guards the
-- rewrite's filtering against hiding a tenant's own deleted rows from it.
begin;
select plan(9);

\ir fixtures/tenants.sql
create function pg_temp.tree(plan_id uuid) returns jsonb language sql stable as $$
  select jsonb_build_object(
    'plans',     (select jsonb_agg(to_jsonb(p) order by p.id) from plans p where p.id = plan_id),
    'tasks',     (select jsonb_agg(to_jsonb(t) order by t.id) from tasks t where t.plan_id = tree.plan_id),
    'artifacts', (select jsonb_agg(to_jsonb(a) order by a.id) from artifacts a join tasks t on t.id = a.task_id
                  where t.plan_id = tree.plan_id)) $$;

-- tenant b's tree
select pg_temp.as_tenant('b');
insert into plans (id, title) values ('c5000000-0000-4000-8000-0000000000b1', 'b''s plan');
insert into tasks (id, plan_id, title, position) values
  ('c5000000-0000-4000-8000-0000000000b2', 'c5000000-0000-4000-8000-0000000000b1', 'b''s task', 1);
-- tenant a's tree: a plan, two tasks, two artifacts below task 1
select pg_temp.as_tenant('a');
insert into plans (id, title, status, created_at, updated_at) values
  ('c5000000-0000-4000-8000-000000000001', 'Release 2.0', 'running', '2026-01-01', '2026-01-01');
insert into tasks (id, plan_id, title, position, status, created_at, updated_at) values
  ('c5000000-0000-4000-8000-000000000011', 'c5000000-0000-4000-8000-000000000001', 'Write changelog', 1, 'done', '2026-01-01', '2026-01-02'),
  ('c5000000-0000-4000-8000-000000000012', 'c5000000-0000-4000-8000-000000000001', 'Tag release', 2, 'pending', '2026-01-01', '2026-01-01');
insert into artifacts (id, task_id, name, content, created_at, updated_at) values
  ('c5000000-0000-4000-8000-000000000021', 'c5000000-0000-4000-8000-000000000011', 'CHANGELOG.md', '## 2.0', '2026-01-02', '2026-01-02'),
  ('c5000000-0000-4000-8000-000000000022', 'c5000000-0000-4000-8000-000000000011', 'notes.txt', 'draft', '2026-01-02', '2026-01-02');
select lives_ok($$select create_checkpoint('plan', 'c5000000-0000-4000-8000-000000000001', 'before the agent run')$$,
                'tenant a checkpoints its plan');
select pg_temp.as_owner();
create temp table at_checkpoint as
  select pg_temp.tree('c5000000-0000-4000-8000-000000000001') as a, pg_temp.tree('c5000000-0000-4000-8000-0000000000b1') as b;
grant select on at_checkpoint to public;

-- tenant a changes its tree: the plan, task 2; deletes task 1 (its
-- artifacts go with it); adds task 3 with an artifact
select pg_temp.as_tenant('a');
update plans set status = 'failed' where id = 'c5000000-0000-4000-8000-000000000001';
update tasks set status = 'failed', title = 'Tag release (retry)' where id = 'c5000000-0000-4000-8000-000000000012';
delete from tasks where id = 'c5000000-0000-4000-8000-000000000011';
insert into tasks (id, plan_id, title, position) values
  ('c5000000-0000-4000-8000-000000000013', 'c5000000-0000-4000-8000-000000000001', 'Extra step', 3);
insert into artifacts (id, task_id, name) values
  ('c5000000-0000-4000-8000-000000000023', 'c5000000-0000-4000-8000-000000000013', 'extra.txt');

select results_eq(
  $$select operation from entity_history('task', 'c5000000-0000-4000-8000-000000000011')$$,
  $$values ('delete'), ('insert')$$,
  'tenant a reads the history of its task deleted since, newest first');
select is((select h.state_data from entity_history('artifact', 'c5000000-0000-4000-8000-000000000021') h limit 1),
          (select e from at_checkpoint, jsonb_array_elements(a -> 'artifacts') e
           where e ->> 'id' = 'c5000000-0000-4000-8000-000000000021'),
          'and of its artifact removed by the cascade: its newest checkpoint holds the deleted row');

create temp table rolled_back as
  select * from rollback_entity('plan', 'c5000000-0000-4000-8000-000000000001');
select set_eq($$select entity_type, entity_id, action from rolled_back$$,
              $$values ('plan', 'c5000000-0000-4000-8000-000000000001'::uuid, 'updated'),
                       ('task', 'c5000000-0000-4000-8000-000000000011', 'inserted'),
                       ('task', 'c5000000-0000-4000-8000-000000000012', 'updated'),
                       ('task', 'c5000000-0000-4000-8000-000000000013', 'deleted'),
                       ('artifact', 'c5000000-0000-4000-8000-000000000021', 'inserted'),
                       ('artifact', 'c5000000-0000-4000-8000-000000000022', 'inserted'),
                       ('artifact', 'c5000000-0000-4000-8000-000000000023', 'deleted')$$,
              'tenant a rolls back its plan: every change of its tree is undone, the rows deleted since re-inserted');
select pg_temp.as_owner();
select is(pg_temp.tree('c5000000-0000-4000-8000-000000000001'), (select a from at_checkpoint),
          'its tree is exactly as at the checkpoint (as the owner sees it)');
select is(pg_temp.tree('c5000000-0000-4000-8000-0000000000b1'), (select b from at_checkpoint),
          'tenant b''s tree is untouched');

select pg_temp.as_tenant('a');
select results_eq(
  $$select operation from entity_history('task', 'c5000000-0000-4000-8000-000000000013')$$,
  $$values ('delete'), ('insert')$$,
  'tenant a reads the history of its task that the rollback deleted, newest first');
select is(entity_state_at('task', 'c5000000-0000-4000-8000-000000000011', now()),
          pg_temp.row_of('task', 'c5000000-0000-4000-8000-000000000011'),
          'and the state of its re-inserted task');
select pg_temp.as_owner();
select is_empty($$select * from verify_checkpoints()$$, 'every checkpoint verifies');

select * from finish();
rollback;
