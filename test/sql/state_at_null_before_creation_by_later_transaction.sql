-- created_at is the writing transaction's start. An entity created by a
-- transaction that began after T did not exist at T, even when an older,
-- longer transaction wrote (a higher seq) after it: entity_state_at(T) is
-- null, and a rollback to T removes it. (created_at fabricated.)
begin;
select plan(3);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('state_at_null_before_creation_by_later_transaction/' || $1)::uuid $$;

-- transaction B (began 55 minutes ago) creates a task under the plan and commits;
-- transaction A (began 60 minutes ago, still running) then writes a note
insert into plans (id, title) values (pg_temp.id('plan'), 'p');
insert into tasks (id, plan_id, title) values (pg_temp.id('task by B'), pg_temp.id('plan'), 'created by B');
insert into prompts (id, name, template) values (pg_temp.id('note by A'), 'state_at_bug_note', 'written by A');
set local session_replication_role = replica;
update checkpoints set created_at = now() - interval '2 hours'   where entity_id = pg_temp.id('plan');
update checkpoints set created_at = now() - interval '55 minutes' where entity_id = pg_temp.id('task by B');
update checkpoints set created_at = now() - interval '60 minutes' where entity_id = pg_temp.id('note by A');
set local session_replication_role = origin;

select ok((select seq from checkpoints where entity_id = pg_temp.id('task by B'))
          < (select seq from checkpoints where entity_id = pg_temp.id('note by A')),
          'precondition: B''s write has the lower seq, A''s the earlier created_at');
select is(entity_state_at('task', pg_temp.id('task by B'), now() - interval '58 minutes'), null::jsonb,
          'the task did not exist 58 minutes ago: its transaction began 55 minutes ago');
select set_eq(format('select * from rollback_entity(%L, %L, to_time => now() - interval %L)',
                     'plan', pg_temp.id('plan'), '58 minutes'),
              format($$ values ('task', %L::uuid, 'deleted') $$, pg_temp.id('task by B')),
              'rolling the plan back to 58 minutes ago deletes the task created by B');

select * from finish();
rollback;
