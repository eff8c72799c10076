-- Row-level security carries over to the history: a tenant reads only
-- states of entities it may see, by any path. Tenant b has a plan, a task,
-- an artifact and a task it deleted, with checkpoints (one of them
-- corrupted); tenant a sees none of their states through SELECT on
-- checkpoints, entity_history, entity_state_at (nothing, null or P0002: no
-- state revealed), checkpoint_diff (P0002: not found), verify_checkpoints
-- (no row about them) or restore_checkpoint (P0002 or 42501, nothing written),
-- while it still reads its own.
-- Today: checkpoints has no row-level security and the functions read it
-- unfiltered, so tenant a reads every state of tenant b.
begin;
select plan(13);

\ir fixtures/attempt.sql
\ir fixtures/tenants.sql
-- how many rows a query returns, with P0002 (not found) counted as none
create function pg_temp.rows_of(sql text) returns bigint language plpgsql as $$
declare n bigint;
begin
  execute format('select count(*) from (%s) q', sql) into n;
  return n;
exception when no_data_found then
  return 0;
end $$;

-- tenant b: plan, task, artifact, a deleted task; a checkpoint and changes
select pg_temp.as_tenant('b');
insert into plans (id, title) values ('c6000000-0000-4000-8000-0000000000b1', 'b: secret plan');
insert into tasks (id, plan_id, title, position) values
  ('c6000000-0000-4000-8000-0000000000b2', 'c6000000-0000-4000-8000-0000000000b1', 'b: secret task', 1),
  ('c6000000-0000-4000-8000-0000000000b3', 'c6000000-0000-4000-8000-0000000000b1', 'b: deleted task', 2);
insert into artifacts (id, task_id, name, content) values
  ('c6000000-0000-4000-8000-0000000000b4', 'c6000000-0000-4000-8000-0000000000b2', 'b: secret.txt', 'secret');
create temp table b_checkpoint as
  select create_checkpoint('plan', 'c6000000-0000-4000-8000-0000000000b1', 'b''s checkpoint') as id;
update plans set title = 'b: secret plan, renamed' where id = 'c6000000-0000-4000-8000-0000000000b1';
delete from tasks where id = 'c6000000-0000-4000-8000-0000000000b3';
-- tenant a: its own plan and checkpoint
select pg_temp.as_tenant('a');
insert into plans (id, title) values ('c6000000-0000-4000-8000-0000000000a1', 'a: plan');
create temp table a_checkpoint as
  select create_checkpoint('plan', 'c6000000-0000-4000-8000-0000000000a1', 'a''s checkpoint') as id;
-- the owner corrupts b's checkpoint
select pg_temp.as_owner();
grant select on b_checkpoint, a_checkpoint to public;
create temp table b_ids (id uuid);
insert into b_ids values ('c6000000-0000-4000-8000-0000000000b1'), ('c6000000-0000-4000-8000-0000000000b2'),
                         ('c6000000-0000-4000-8000-0000000000b3'), ('c6000000-0000-4000-8000-0000000000b4');
grant select on b_ids to public;
set local session_replication_role = replica;
update checkpoints set state_data = state_data || '{"title": "tampered"}' where id = (select id from b_checkpoint);
set local session_replication_role = origin;
create temp table b_plan_before as select pg_temp.row_of('plan', 'c6000000-0000-4000-8000-0000000000b1') as state;
select is((select count(*) from verify_checkpoints() where checkpoint_id = (select id from b_checkpoint)), 1::bigint,
          'precondition: the owner''s verify_checkpoints finds b''s corrupted checkpoint');

select pg_temp.as_tenant('a');
select is((select count(*) from checkpoints where entity_id in (select id from b_ids)), 0::bigint,
          'SELECT on checkpoints shows tenant a no checkpoint of tenant b''s entities');
select is(pg_temp.rows_of($$select * from entity_history('plan', 'c6000000-0000-4000-8000-0000000000b1')$$), 0::bigint,
          'entity_history of b''s plan reveals nothing');
select is(pg_temp.rows_of($$select * from entity_history('task', 'c6000000-0000-4000-8000-0000000000b3')$$), 0::bigint,
          'entity_history of b''s deleted task reveals nothing');
select is(pg_temp.rows_of($$select * from entity_history('artifact', 'c6000000-0000-4000-8000-0000000000b4')$$), 0::bigint,
          'entity_history of b''s artifact reveals nothing');
select is(pg_temp.rows_of($$select s from entity_state_at('plan', 'c6000000-0000-4000-8000-0000000000b1', now()) s
                            where s is not null$$), 0::bigint,
          'entity_state_at of b''s plan reveals no state');
select is(pg_temp.rows_of($$select s from entity_state_at('task', 'c6000000-0000-4000-8000-0000000000b2', now()) s
                            where s is not null$$), 0::bigint,
          'entity_state_at of b''s task reveals no state');
select throws_ok(format('select checkpoint_diff(%L, %L)', (select id from a_checkpoint), (select id from b_checkpoint)),
                 'P0002', null, 'checkpoint_diff with b''s checkpoint is not found (P0002)');
select throws_ok(format('select checkpoint_diff(%L, %L)', (select id from b_checkpoint), (select id from b_checkpoint)),
                 'P0002', null, 'checkpoint_diff of b''s checkpoint with itself is not found either');
select is((select count(*) from verify_checkpoints() where checkpoint_id = (select id from b_checkpoint))
          + (select count(*) from verify_checkpoints('plan') where checkpoint_id = (select id from b_checkpoint))
          + (select count(*) from verify_checkpoints('plan', 'c6000000-0000-4000-8000-0000000000b1')),
          0::bigint,
          'verify_checkpoints (all, by type, by entity) says nothing about b''s corrupted checkpoint');
create temp table restore_outcome as
  select pg_temp.attempt(format('select restore_checkpoint(%L)', (select id from b_checkpoint))) as outcome;
select ok((select outcome ->> 'sqlstate' in ('P0002', '42501') from restore_outcome),
          'restore_checkpoint of b''s checkpoint is refused: not found (P0002) or not allowed (42501)');
select pg_temp.as_tenant('a');
select is(pg_temp.rows_of($$select * from entity_history('plan', 'c6000000-0000-4000-8000-0000000000a1')$$), 2::bigint,
          'tenant a still reads the history of its own plan');
select pg_temp.as_owner();
select is(pg_temp.row_of('plan', 'c6000000-0000-4000-8000-0000000000b1'), (select state from b_plan_before),
          'b''s plan was not written');

select * from finish();
rollback;
