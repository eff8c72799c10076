-- track_table with a parent records the link in the registry, and captures
-- of the child record the parent's id.
begin;
select plan(6);

select results_eq(
  $$select entity_type::text, table_name, pk_column::text collate "default", parent_type::text, parent_column::text collate "default"
    from pgcheckpoint.entity_types where entity_type in ('plan', 'task', 'artifact', 'prompt') order by entity_type$$,
  $$values ('artifact', 'artifacts'::regclass, 'id', 'task', 'task_id'),
           ('plan', 'plans'::regclass, 'id', null, null),
           ('prompt', 'prompts'::regclass, 'id', null, null),
           ('task', 'tasks'::regclass, 'id', 'plan', 'plan_id')$$,
  'the domain tables are tracked out of the box with the contract''s types and parent links');

create table track_link_reviews (
  id      uuid primary key default gen_random_uuid(),
  task_id uuid not null references tasks (id) on delete cascade,
  verdict text
);
select track_table('track_link_reviews', 'track_link_review', 'task', 'task_id');

select results_eq(
  $$select pk_column::text collate "default", parent_type::text, parent_column::text collate "default"
    from pgcheckpoint.entity_types where entity_type = 'track_link_review'$$,
  $$values ('id', 'task', 'task_id')$$,
  'a new child type is registered with its primary key, parent type and parent column');

insert into plans (id, title) values ('7d000000-0000-4000-8000-000000000001', 'linked');
insert into tasks (id, plan_id, title)
values ('7d000000-0000-4000-8000-000000000002', '7d000000-0000-4000-8000-000000000001', 'linked');
insert into track_link_reviews (id, task_id, verdict)
values ('7d000000-0000-4000-8000-000000000003', '7d000000-0000-4000-8000-000000000002', 'ok');
select is((select parent_id from checkpoints where entity_id = '7d000000-0000-4000-8000-000000000003'),
          '7d000000-0000-4000-8000-000000000002'::uuid, 'its captures record the parent id through the link');

-- Re-tracking with another parent link changes the link, not the history.
create table track_link_notes (id uuid primary key, plan_id uuid, task_id uuid);
insert into track_link_notes values ('7d000000-0000-4000-8000-000000000004',
  '7d000000-0000-4000-8000-000000000001', '7d000000-0000-4000-8000-000000000002');
select track_table('track_link_notes', 'track_link_note', 'plan', 'plan_id');
select is((select parent_id from checkpoints where entity_id = '7d000000-0000-4000-8000-000000000004'),
          '7d000000-0000-4000-8000-000000000001'::uuid, 'the baseline records the parent id too');
select track_table('track_link_notes', 'track_link_note', 'task', 'task_id');
select results_eq(
  $$select parent_type::text, parent_column::text collate "default" from pgcheckpoint.entity_types where entity_type = 'track_link_note'$$,
  $$values ('task', 'task_id')$$,
  'tracking again with another parent link updates the link');
update track_link_notes set plan_id = null where id = '7d000000-0000-4000-8000-000000000004';
select is((select parent_id from checkpoints where entity_id = '7d000000-0000-4000-8000-000000000004'
           order by seq desc limit 1),
          '7d000000-0000-4000-8000-000000000002'::uuid, 'captures follow the new link');

select * from finish();
rollback;
