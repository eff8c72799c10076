--! Previous: -
--! Hash: sha1:a03f6081a02a89d9bbe09c39a5035e86d7cc3a3a
--! Message: pg-checkpoint schema

-- pg-checkpoint: the whole schema, one fixture per concern (see fixtures/).
create extension if not exists pgcrypto;

--! Included domain.sql
-- The host application's tables: what the agent orchestration app stores.
-- pg-checkpoint tracks plans, tasks, artifacts and prompts (the track_table
-- calls at the end of the committed migration); request_logs gives every
-- checkpoint a request to point at.

create table if not exists request_logs (
  id         uuid primary key default gen_random_uuid(),
  method     text,
  path       text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table if not exists plans (
  id         uuid primary key default gen_random_uuid(),
  title      text not null,
  status     text not null default 'draft'
             check (status in ('draft', 'running', 'succeeded', 'failed', 'cancelled')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table if not exists tasks (
  id         uuid primary key default gen_random_uuid(),
  plan_id    uuid not null references plans (id) on delete cascade,
  title      text not null,
  position   integer,
  status     text not null default 'pending'
             check (status in ('pending', 'running', 'done', 'failed', 'skipped')),
  error      text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- Serves the ON DELETE CASCADE from plans, "the tasks of a plan" in the
-- executor, and the rollback's walk from a plan down to its current tasks.
create index if not exists tasks_plan_id_position_idx on tasks (plan_id, position);

create table if not exists artifacts (
  id         uuid primary key default gen_random_uuid(),
  task_id    uuid not null references tasks (id) on delete cascade,
  name       text not null,
  content    text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- Serves the ON DELETE CASCADE from tasks and the rollback's walk from a task
-- down to its current artifacts.
create index if not exists artifacts_task_id_idx on artifacts (task_id);

create table if not exists prompts (
  id         uuid primary key default gen_random_uuid(),
  name       text not null unique,
  template   text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Keeps updated_at current on every update, except while pg-checkpoint is
-- restoring a row: a restore must write back the saved updated_at exactly,
-- or the restored row would not equal its checkpoint. Use this function (or
-- the same test of checkpoint.restoring) for updated_at on your own tables.
create or replace function touch_updated_at() returns trigger
language plpgsql as $$
begin
  if coalesce(current_setting('checkpoint.restoring', true), '') <> 'on' then
    new.updated_at := now();
  end if;
  return new;
end;
$$;
comment on function touch_updated_at() is
  'BEFORE UPDATE trigger: sets updated_at = now(), except during a pg-checkpoint restore (checkpoint.restoring = on), which must write the saved value back exactly.';

-- The same test as a WHEN condition too: during a restore the trigger does
-- not fire at all, which spares a PL/pgSQL call per restored row.
do $$
declare
  t text;
begin
  foreach t in array array['request_logs', 'plans', 'tasks', 'artifacts', 'prompts'] loop
    execute format(
      'create or replace trigger touch_updated_at before update on %I for each row
         when (coalesce(current_setting(''checkpoint.restoring'', true), '''') <> ''on'')
         execute function touch_updated_at()', t);
  end loop;
end;
$$;
--! EndIncluded domain.sql
--! Included checkpoints.sql
-- The history: one row per saved state of one entity, append-only.

create table if not exists checkpoints (
  id             uuid primary key default gen_random_uuid(),
  -- Global capture order: "a point in time" for rollback is a seq.
  seq            bigint generated always as identity unique,
  entity_type    varchar(50) not null,
  entity_id      uuid not null,
  operation      text not null
                 check (operation in ('insert', 'update', 'delete', 'manual', 'baseline')),
  state_data     jsonb not null,
  state_hash     varchar(64) not null,
  reason         varchar(255),
  created_by     varchar(255),
  created_at     timestamptz not null default now(),
  request_id     uuid references request_logs (id) on delete set null,
  trace_id       varchar(255),
  -- The entity's parent (through its registered parent column) in this state,
  -- and, for an update that moved it, the parent it left. They let a rollback
  -- find what was below an entity since a point without reading whole states.
  parent_id      uuid,
  prev_parent_id uuid,
  -- The writing transaction: groups the checkpoints of one unit of work.
  transaction_id xid8 not null default pg_current_xact_id(),
  -- The writing statement's start: a top-level statement, with what its
  -- triggers and cascades wrote (see _statement_begins; a restore or rollback
  -- is one statement). A checkpoint as a rollback target means the end of
  -- its statement, never a point inside it.
  statement_at   timestamptz not null default statement_timestamp(),
  -- True on the first and the last checkpoint that one capture wrote (one
  -- firing of the capture trigger, in seq order), and on every row written
  -- any other way. A statement's first and last seq are always edges, which
  -- is all that checkpoints_created_at_idx needs to hold (see there).
  batch_edge     boolean not null default true
);

comment on table checkpoints is
  'pg-checkpoint history: every saved state of every tracked entity, append-only (only prune_checkpoints removes rows).';

-- History of one entity, newest first (entity_history), state at a point
-- (latest seq <= S: one backward index step), the rollback's per-entity
-- target lookup, the prune walk. Every capture inserts here at a random
-- place (entity ids are random uuids), so the key is as narrow as the
-- lookups allow: no entity_type (an id names one entity; the type is checked
-- on the row), nothing included.
create index if not exists checkpoints_entity_seq_idx
  on checkpoints (entity_id, seq);

-- "Latest manual checkpoint of an entity": the default rollback target. Only
-- manual rows are indexed, so captures never pay for it.
create index if not exists checkpoints_manual_idx
  on checkpoints (entity_type, entity_id, seq) where operation = 'manual';

-- rollback_entity(to_time => T): the first seq written by a transaction
-- that began after T, which bounds the scope's index scans; to_checkpoint:
-- the last checkpoint of the target's statement (same created_at). created_at
-- is now() of the writing transaction, so inserts land at the right-hand end.
-- Both lookups want a minimum or a maximum seq, which is always the first or
-- the last row of some capture batch: only those are indexed, so a bulk
-- statement adds two entries here, not one per row.
create index if not exists checkpoints_created_at_idx
  on checkpoints (created_at, seq) where batch_edge;

-- Rollback scope: the children that were below a parent since a point.
create index if not exists checkpoints_parent_seq_idx
  on checkpoints (parent_id, seq) where parent_id is not null;

-- Rollback scope: children that moved away from a parent since a point.
-- Moves are rare, so this partial index stays small.
create index if not exists checkpoints_prev_parent_seq_idx
  on checkpoints (prev_parent_id, seq) where prev_parent_id is not null;

-- Serves the ON DELETE SET NULL when a request log is deleted.
create index if not exists checkpoints_request_id_idx
  on checkpoints (request_id) where request_id is not null;

-- Nobody but the owner touches the history directly: captures go through
-- SECURITY DEFINER functions, readers are granted SELECT explicitly.
revoke all on checkpoints from public;

-- Append-only. UPDATE is refused for everyone, the owner included; the one
-- exception is the foreign key's own ON DELETE SET NULL of request_id, which
-- runs as a nested statement (trigger depth > 1) and changes nothing else.
create or replace function _checkpoints_refuse_update() returns trigger
language plpgsql set search_path = pg_catalog, public as $$
begin
  if pg_trigger_depth() > 1
     and new.request_id is null and old.request_id is not null
     and (to_jsonb(new) - 'request_id') = (to_jsonb(old) - 'request_id') then
    return new;
  end if;
  raise exception 'checkpoints are append-only: checkpoint % cannot be updated', old.id
    using errcode = 'insufficient_privilege',
          hint = 'Make a new checkpoint instead (create_checkpoint, or a write to the entity).';
end;
$$;
comment on function _checkpoints_refuse_update() is
  'Guard on checkpoints: refuses every UPDATE except the request_id foreign key''s ON DELETE SET NULL.';

-- Whether a PL/pgSQL function with this signature (as the call stack
-- prints it, e.g. 'create_checkpoint(text,uuid,text)') is among the callers.
-- A function of that name in a schema outside the search path is printed
-- with its schema, so it does not pass for the real one.
create or replace function _called_by(p_signature text) returns boolean
language plpgsql stable set search_path = pg_catalog, public as $$
declare
  v_stack text;
begin
  get diagnostics v_stack = pg_context;
  return strpos(v_stack, E'\nPL/pgSQL function ' || p_signature || ' line ') > 0;
end;
$$;
comment on function _called_by(text) is
  'True when a PL/pgSQL function with the given signature (as the call stack prints it) is among the callers: the guards use it to accept a write only from the function meant to make it.';

-- DELETE is refused unless prune_checkpoints is running in this transaction
-- (it sets checkpoint.pruning locally; only the owner may run it).
create or replace function _checkpoints_refuse_delete() returns trigger
language plpgsql set search_path = pg_catalog, public as $$
begin
  -- The flag alone could be set by anyone with DELETE on the table: only the
  -- owner (whom the SECURITY DEFINER prune functions run as) may use it, and
  -- only from inside prune_checkpoints_batch itself (see _called_by).
  if tg_op = 'DELETE' and coalesce(current_setting('checkpoint.pruning', true), '') = 'on'
     and current_user = (select c.relowner::regrole::name from pg_class c where c.oid = tg_relid)
     and _called_by('prune_checkpoints_batch(timestamp with time zone,integer,text,uuid,integer)') then
    return null;
  end if;
  raise exception 'checkpoints are append-only: % is not allowed', tg_op
    using errcode = 'insufficient_privilege',
          hint = case when tg_op = 'DELETE'
                      then 'Old checkpoints are removed only by prune_checkpoints(older_than, keep_last).'
                      else 'The history cannot be truncated; prune_checkpoints removes old checkpoints.' end;
end;
$$;
comment on function _checkpoints_refuse_delete() is
  'Guard on checkpoints: refuses DELETE outside prune_checkpoints, and TRUNCATE always.';

create or replace trigger refuse_update before update on checkpoints
  for each row execute function _checkpoints_refuse_update();
create or replace trigger refuse_delete before delete on checkpoints
  for each statement execute function _checkpoints_refuse_delete();
create or replace trigger refuse_truncate before truncate on checkpoints
  for each statement execute function _checkpoints_refuse_delete();
--! EndIncluded checkpoints.sql
--! Included registry.sql
-- The entity-type registry: which table holds which entity type, and how a
-- type hangs below its parent. Rollback cascades along these links.

create table if not exists checkpoint_entity_types (
  entity_type   varchar(50) primary key,
  table_name    regclass not null unique,
  pk_column     name not null,
  parent_type   varchar(50) references checkpoint_entity_types (entity_type),
  parent_column name,
  tracked_at    timestamptz not null default now(),
  check ((parent_type is null) = (parent_column is null))
);
comment on table checkpoint_entity_types is
  'pg-checkpoint registry: tracked tables, their entity type, primary key and parent link. Maintained by track_table / untrack_table.';

-- Everyone may read the registry (it holds no data); only track_table writes it.
revoke all on checkpoint_entity_types from public;
grant select on checkpoint_entity_types to public;

-- Types untracked by untrack_table and not tracked again since. While a table
-- is untracked its writes make no checkpoints; when it is tracked again,
-- track_table looks for the rows that were deleted meanwhile (see there).
create table if not exists checkpoint_untracked_types (
  entity_type  varchar(50) primary key,
  untracked_at timestamptz not null default now()
);
comment on table checkpoint_untracked_types is
  'pg-checkpoint: entity types untracked by untrack_table and not tracked again since (their history has a gap from untracked_at).';
revoke all on checkpoint_untracked_types from public;
grant select on checkpoint_untracked_types to public;

-- The registry row of a type, or 22023 naming the unknown type.
create or replace function _entity_type(p_entity_type text) returns checkpoint_entity_types
language plpgsql stable set search_path = pg_catalog, public, pg_temp as $$
declare
  t checkpoint_entity_types;
begin
  if p_entity_type is null then
    raise exception 'entity_type is required' using errcode = 'invalid_parameter_value';
  end if;
  select * into t from checkpoint_entity_types where entity_type = p_entity_type;
  if not found then
    raise exception 'unknown entity type %', quote_literal(p_entity_type)
      using errcode = 'invalid_parameter_value',
            hint = 'Registered types are listed in checkpoint_entity_types; track_table() registers one.';
  end if;
  return t;
end;
$$;
comment on function _entity_type(text) is
  'Registry row of an entity type; 22023 when the type is null or not registered.';

create or replace function track_table(table_name regclass, entity_type text,
                                       parent_type text default null, parent_column name default null)
returns void
language plpgsql security definer set search_path = pg_catalog, public, pg_temp
  -- state_data is rendered the same whatever the session's settings, so a
  -- restore in a session with other settings (time zone, DateStyle) still
  -- hashes equal
  set timezone = 'UTC' set datestyle = 'ISO, MDY' set intervalstyle = 'postgres' set extra_float_digits = 3
  set bytea_output = 'hex' set lc_monetary = 'C' as $$
declare
  v_table  regclass := track_table.table_name;
  v_type   text := track_table.entity_type;
  v_ptype  text := track_table.parent_type;
  v_pcol   name := track_table.parent_column;
  v_kind   "char";
  v_pk     name;
  v_pk_n   int;
  v_pk_typ regtype;
  v_col    regtype;
  v_fn     regprocedure;
  cur      checkpoint_entity_types;
begin
  if v_table is null or v_type is null then
    raise exception 'track_table: table_name and entity_type are required'
      using errcode = 'invalid_parameter_value';
  end if;
  if v_type !~ '^[a-z][a-z0-9_]*$' or length(v_type) > 50 then
    raise exception 'track_table: invalid entity type %', quote_literal(v_type)
      using errcode = 'invalid_parameter_value',
            hint = 'Use lower-case letters, digits and underscores, starting with a letter, at most 50 characters.';
  end if;
  if (v_ptype is null) <> (v_pcol is null) then
    raise exception 'track_table: parent_type and parent_column go together'
      using errcode = 'invalid_parameter_value',
            hint = 'Give both (the parent''s entity type and the uuid column that points at it) or neither.';
  end if;

  select c.relkind into v_kind from pg_class c where c.oid = v_table;
  if v_kind not in ('r', 'p') then
    raise exception 'track_table: % is not a table', v_table using errcode = 'invalid_parameter_value';
  end if;
  -- Statement triggers fire only for the table a statement names: writes
  -- aimed at a partition (or an inheritance child) would bypass a capture
  -- installed on the parent, and writes through the parent would bypass one
  -- on the child. Such tables are refused rather than tracked with holes.
  if v_kind = 'p' or exists (select 1 from pg_inherits i where i.inhparent = v_table or i.inhrelid = v_table) then
    raise exception 'track_table: % is partitioned, a partition, or in an inheritance tree', v_table
      using errcode = 'invalid_parameter_value',
            hint = 'Writes to one table of the tree would bypass the capture on another; track a plain table.';
  end if;

  -- A single-column uuid primary key: the entity id.
  select count(*), min(a.attname), min(a.atttypid::regtype::text)::regtype
    into v_pk_n, v_pk, v_pk_typ
  from pg_index i
  join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any (i.indkey)
  where i.indrelid = v_table and i.indisprimary;
  if v_pk_n <> 1 or v_pk_typ <> 'uuid'::regtype then
    raise exception 'track_table: % has no single-column uuid primary key', v_table
      using errcode = 'invalid_parameter_value',
            hint = 'pg-checkpoint identifies an entity by one uuid primary key column, e.g. id uuid primary key default gen_random_uuid().';
  end if;

  if v_ptype is not null then
    if v_ptype <> v_type and not exists (select 1 from checkpoint_entity_types r where r.entity_type = v_ptype) then
      raise exception 'track_table: unknown parent type %', quote_literal(v_ptype)
        using errcode = 'invalid_parameter_value', hint = 'Track the parent table first.';
    end if;
    select a.atttypid::regtype into v_col
    from pg_attribute a
    where a.attrelid = v_table and a.attname = v_pcol and a.attnum > 0 and not a.attisdropped;
    if v_col is distinct from 'uuid'::regtype then
      raise exception 'track_table: % has no uuid column %', v_table, quote_ident(v_pcol)
        using errcode = 'invalid_parameter_value';
    end if;
  end if;

  select * into cur from checkpoint_entity_types r where r.table_name = v_table;
  if found and cur.entity_type <> v_type then
    raise exception 'track_table: % is already tracked as %', v_table, quote_literal(cur.entity_type)
      using errcode = 'invalid_parameter_value', hint = 'untrack_table() it first to change its type.';
  end if;
  if not found and exists (select 1 from checkpoint_entity_types r where r.entity_type = v_type) then
    raise exception 'track_table: entity type % already belongs to another table', quote_literal(v_type)
      using errcode = 'invalid_parameter_value';
  end if;
  if found and cur.parent_type is not distinct from v_ptype and cur.parent_column is not distinct from v_pcol then
    -- Already tracked exactly so: only the capture function is generated
    -- again (it names the key, the parent and the types the rows are made
    -- of, which may have changed since).
    perform _capture_function(v_type, v_table, v_pk, v_pcol);
    return;
  end if;

  insert into checkpoint_entity_types as r (entity_type, table_name, pk_column, parent_type, parent_column)
  values (v_type, v_table, v_pk, v_ptype, v_pcol)
  on conflict on constraint checkpoint_entity_types_pkey do update
    set parent_type = excluded.parent_type, parent_column = excluded.parent_column;

  -- (Re)create the capture function and the triggers. The function has the
  -- key and parent columns built in, so a capture never reads the registry.
  -- BEFORE triggers fire in name order: checkpoint_before_truncate records
  -- the writer before checkpoint_truncate.
  v_fn := _capture_function(v_type, v_table, v_pk, v_pcol);
  execute format('create or replace trigger checkpoint_writer before insert or update or delete on %s
                  for each statement execute function _capture_writer()', v_table);
  execute format('create or replace trigger checkpoint_before_truncate before truncate on %s
                  for each statement execute function _capture_writer()', v_table);
  execute format('create or replace trigger checkpoint_insert after insert on %s referencing new table as new_rows
                  for each statement execute function %s', v_table, v_fn);
  execute format('create or replace trigger checkpoint_update after update on %s referencing old table as old_rows new table as new_rows
                  for each statement execute function %s', v_table, v_fn);
  execute format('create or replace trigger checkpoint_delete after delete on %s referencing old table as old_rows
                  for each statement execute function %s', v_table, v_fn);
  execute format('create or replace trigger checkpoint_truncate before truncate on %s
                  for each statement execute function %s', v_table, v_fn);

  -- Rows that exist already get a baseline, so every entity has a state to
  -- return to. Only on first tracking: a changed parent link alone adds none.
  if cur.entity_type is null then
    -- Tracked again after untrack_table, a row that moved to another parent
    -- meanwhile records the parent it left (prev_parent_id, from its last
    -- checkpoint), so a rollback of that parent still finds it and moves it
    -- back. (On a first tracking there is no history to look in.)
    execute format(
      'insert into checkpoints (entity_type, entity_id, operation, state_data, state_hash,
                                reason, created_by, parent_id, prev_parent_id)
       select $1, (r.j ->> $2)::uuid, ''baseline'', r.j, encode(digest(r.j::text, ''sha256''), ''hex''),
              ''track_table'', $4, (r.j ->> $3)::uuid,
              case when $5 then nullif((select c.parent_id from checkpoints c
                                        where c.entity_id = (r.j ->> $2)::uuid and c.entity_type = $1
                                        order by c.seq desc limit 1),
                                       (r.j ->> $3)::uuid) end
       from (select to_jsonb(t.*) as j from %s t) r', v_table)
    using v_type, v_pk::text, v_pcol::text,
          left(coalesce(nullif(current_setting('checkpoint.actor', true), ''), session_user::text), 255),
          v_pcol is not null and exists (select 1 from checkpoint_untracked_types u where u.entity_type = v_type);
    -- Tracked again after untrack_table: an entity whose history still shows
    -- it present but that is gone from the table was deleted meanwhile. Its
    -- delete is recorded (with the last state the history has of it), so that
    -- the history does not show it alive, and a rollback to a point before the
    -- gap finds it deleted since and brings it back. (Only after a gap: the
    -- scan reads the type's whole history.)
    if exists (select 1 from checkpoint_untracked_types u where u.entity_type = v_type) then
      execute format(
        'insert into checkpoints (entity_type, entity_id, operation, state_data, state_hash,
                                  reason, created_by, parent_id)
         select $1, l.entity_id, ''delete'', l.state_data, encode(digest(l.state_data::text, ''sha256''), ''hex''),
                ''deleted while untracked (found by track_table)'', $2, l.parent_id
         from (select distinct on (c.entity_id) c.entity_id, c.operation, c.state_data, c.parent_id
               from checkpoints c where c.entity_type = $1
               order by c.entity_id, c.seq desc) l
         where l.operation <> ''delete''
           and not exists (select 1 from %s t where t.%I = l.entity_id)', v_table, v_pk)
      using v_type, left(coalesce(nullif(current_setting('checkpoint.actor', true), ''), session_user::text), 255);
      delete from checkpoint_untracked_types u where u.entity_type = v_type;
    end if;
  end if;
end;
$$;
comment on function track_table(regclass, text, text, name) is
  'Starts tracking a table as an entity type (optionally below a parent type through a uuid column): installs the capture triggers and records a baseline checkpoint of every existing row (tracked again after untrack_table: also a delete for each entity gone from the table meanwhile). Idempotent. 22023 when the table has no single-column uuid primary key, the type or parent is invalid, or the table is tracked as another type.';

create or replace function _drop_capture_triggers(p_table regclass) returns void
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
declare
  n text;
begin
  foreach n in array array['checkpoint_writer', 'checkpoint_before_truncate', 'checkpoint_insert', 'checkpoint_update',
                           'checkpoint_delete', 'checkpoint_truncate'] loop
    execute format('drop trigger if exists %I on %s', n, p_table);
  end loop;
end;
$$;
comment on function _drop_capture_triggers(regclass) is
  'Removes the capture triggers that track_table installs on a table.';

create or replace function untrack_table(table_name regclass) returns void
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  cur checkpoint_entity_types;
begin
  if untrack_table.table_name is null then
    raise exception 'untrack_table: table_name is required' using errcode = 'invalid_parameter_value';
  end if;
  select * into cur from checkpoint_entity_types r where r.table_name = untrack_table.table_name;
  if not found then
    raise notice 'untrack_table: % is not tracked', untrack_table.table_name;
    return;
  end if;
  if exists (select 1 from checkpoint_entity_types r
             where r.parent_type = cur.entity_type and r.entity_type <> cur.entity_type) then
    raise exception 'untrack_table: other types hang below %', quote_literal(cur.entity_type)
      using errcode = 'invalid_parameter_value',
            hint = 'Untrack the child tables first (see checkpoint_entity_types.parent_type).';
  end if;
  perform _drop_capture_triggers(untrack_table.table_name);
  execute format('drop function if exists public.%I()', '_capture__' || cur.entity_type);
  delete from checkpoint_entity_types r where r.entity_type = cur.entity_type;
  insert into checkpoint_untracked_types (entity_type) values (cur.entity_type) on conflict do nothing;
end;
$$;
comment on function untrack_table(regclass) is
  'Stops tracking a table: removes its capture triggers, their function and its registry entry. Its history stays in checkpoints. Idempotent (a notice when the table is not tracked); 22023 while other types hang below it.';

-- Tracking is an administrator's act (it creates triggers and writes history).
revoke execute on function track_table(regclass, text, text, name) from public;
revoke execute on function untrack_table(regclass) from public;
revoke execute on function _drop_capture_triggers(regclass) from public;
--! EndIncluded registry.sql
--! Included capture.sql
-- The capture path: a write to a tracked table -> statement-level trigger ->
-- one checkpoint per changed row, in the writing transaction.
--
-- Why statement-level triggers with transition tables: one PL/pgSQL call per
-- statement instead of one per row, and one set-based INSERT ... SELECT into
-- checkpoints. A bulk statement pays for the history rows, not for per-row
-- interpreter work.

-- The session context that every capture records, read once per statement.
-- The settings are meant to be set transaction-locally:
--   select set_config('checkpoint.actor', 'alice', true);
-- A malformed checkpoint.request_id is an error (22P02), never a silently
-- dropped link. An empty string (what an unset custom setting reads as after
-- a transaction that set it) counts as unset.
--
-- Checked with a pattern, and raised from a function called only when the
-- pattern fails: catching the cast's error would open a subtransaction on
-- every captured statement.
create or replace function _capture_bad_request_id(p_value text) returns uuid
language plpgsql stable set search_path = pg_catalog, public, pg_temp as $$
begin
  raise exception 'checkpoint.request_id is not a uuid: %', quote_literal(p_value)
    using errcode = 'invalid_text_representation',
          hint = 'Set it to the id of a request_logs row, or leave it unset.';
end;
$$;
comment on function _capture_bad_request_id(text) is
  'Raises 22P02 for a checkpoint.request_id that is not a uuid (called by _capture_context only then).';

-- A statement begins: a new point in the history. The checkpoints of one
-- statement (with what its triggers and cascades wrote) share statement_at,
-- and a checkpoint as a rollback target means the end of its statement.
-- statement_timestamp() alone cannot tell apart the statements of one
-- multi-statement query string (it is when the message arrived), so each
-- top-level statement takes its start from the clock and keeps it in
-- checkpoint.statement_at for its captures (ISO 8601 in UTC: read back the
-- same whatever the session's DateStyle).
create or replace function _statement_begins() returns timestamptz
language sql volatile set search_path = pg_catalog, public, pg_temp as $$
  select set_config('checkpoint.statement_at',
                    to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), true)::timestamptz
$$;
comment on function _statement_begins() is
  'Marks the start of a top-level statement (checkpoint.statement_at := clock time) and returns it; captures record it as statement_at.';

-- A plain SQL function (no SET clause, set-returning) so that the planner
-- inlines it into the capture's INSERT as a one-row subquery, instead of a
-- PL/pgSQL call per captured statement.
create or replace function _capture_context()
returns table (reason text, actor text, request_id uuid, trace_id text, statement_at timestamptz)
language sql stable as $$
  select left(nullif(current_setting('checkpoint.reason', true), ''), 255),
         left(coalesce(nullif(current_setting('checkpoint.actor', true), ''),
                       nullif(current_setting('checkpoint.writer', true), ''),
                       session_user::text), 255),
         case when nullif(current_setting('checkpoint.request_id', true), '')
                   !~ '^\{?[0-9a-fA-F]{4}(-?[0-9a-fA-F]{4}){7}\}?$'
              then _capture_bad_request_id(current_setting('checkpoint.request_id', true))
              else nullif(current_setting('checkpoint.request_id', true), '')::uuid end,
         left(nullif(current_setting('checkpoint.trace_id', true), ''), 255),
         -- the statement's start (see _statement_begins); a value older
         -- than this query string is another message's: its own start then
         greatest(nullif(current_setting('checkpoint.statement_at', true), '')::timestamptz, statement_timestamp())
  -- offset 0: stays a one-row subquery, read once per statement; flattened,
  -- it would be computed again for every captured row
  offset 0
$$;
comment on function _capture_context() is
  'The checkpoint.* session settings as one row (reason, actor, request_id, trace_id, and the statement''s start); 22P02 when checkpoint.request_id is not a uuid.';

-- BEFORE each statement on a tracked table, remember who writes: the
-- statement's current_user. The capture trigger below is SECURITY DEFINER, so
-- inside it current_user is the owner, not the writer. Statements nested in
-- triggers (an ON DELETE CASCADE runs as the table owner) keep the writer of
-- the top-level statement.
create or replace function _capture_writer() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
begin
  if pg_trigger_depth() = 1
     or coalesce(current_setting('checkpoint.writer', true), '') = '' then
    perform set_config('checkpoint.writer', current_user, true);
  end if;
  -- A top-level statement is a new point in the history; the writes of a
  -- restore or rollback are one point with the operation (it began it).
  if pg_trigger_depth() = 1 and coalesce(current_setting('checkpoint.restoring', true), '') <> 'on' then
    perform _statement_begins();
  end if;
  return null;
end;
$$;
comment on function _capture_writer() is
  'BEFORE STATEMENT trigger on tracked tables: records the writing role in checkpoint.writer, and a top-level statement''s start in checkpoint.statement_at, for the capture trigger.';

-- The capture runs as the owner (SECURITY DEFINER) and renders rows with
-- to_jsonb, which calls any cast to json or jsonb defined for a column's
-- type. A cast implemented by a function of another role would run that
-- role's code as the owner. So the user-defined types a table's rows are
-- made of (through arrays, domains, composites and ranges) are listed when
-- its capture function is generated, and such casts are looked for there
-- and again at each firing (casts can be created later).
create or replace function _user_types(p_table regclass) returns oid[]
language sql stable set search_path = pg_catalog, public, pg_temp as $$
  with recursive t (oid) as (
    select a.atttypid from pg_attribute a
    where a.attrelid = p_table and a.attnum > 0 and not a.attisdropped
    union
    select c.child
    from t
    join pg_type ty on ty.oid = t.oid
    cross join lateral (
      select nullif(ty.typelem, 0)
      union all select nullif(ty.typbasetype, 0)
      union all select a.atttypid from pg_attribute a
                where ty.typrelid <> 0 and a.attrelid = ty.typrelid and a.attnum > 0 and not a.attisdropped
      union all select r.rngsubtype from pg_range r where r.rngtypid = ty.oid or r.rngmultitypid = ty.oid
    ) c (child)
    where c.child is not null
  )
  -- (16384: the first oid of an object not created with the system)
  select coalesce(array_agg(t.oid order by t.oid), '{}') from t where t.oid >= 16384
$$;
comment on function _user_types(regclass) is
  'The user-defined types that rows of a table are made of (through arrays, domains, composites and ranges).';

create or replace function _untrusted_json_cast(p_types oid[]) returns text
language sql stable set search_path = pg_catalog, public, pg_temp as $$
  select format('%s::%s by %s, owned by %s', c.castsource::regtype, c.casttarget::regtype,
                c.castfunc::regprocedure, p.proowner::regrole)
  from pg_cast c
  join pg_proc p on p.oid = c.castfunc
  join pg_type t on t.oid = c.castsource
  -- what to_jsonb calls: a cast to json (not jsonb) of a user-defined type
  -- that it does not render itself (arrays, composites; domains are seen
  -- through to their base type)
  where c.castsource = any (p_types) and c.casttarget = 'json'::regtype
    and c.castmethod = 'f'
    and t.typtype not in ('c', 'd') and t.typcategory <> 'A'
    and p.proowner <> (select k.relowner from pg_class k where k.oid = 'public.checkpoints'::regclass)
    and not exists (select 1 from pg_roles r where r.oid = p.proowner and r.rolsuper)
  limit 1
$$;
comment on function _untrusted_json_cast(oid[]) is
  'A cast to json from one of the types (one that to_jsonb would call: not from an array, composite or domain) whose function is owned by neither a superuser nor the owner of checkpoints (its code would run as that owner inside a capture), or null.';

-- 42501 when rendering rows of p_table (made of p_types) would run such a
-- cast: used by _capture_function, the capture functions it generates and
-- create_checkpoint.
create or replace function _refuse_untrusted_cast(p_table regclass, p_types oid[]) returns void
language plpgsql stable set search_path = pg_catalog, public, pg_temp as $$
declare
  v_cast text;
begin
  if cardinality(p_types) = 0 then
    return;
  end if;
  v_cast := _untrusted_json_cast(p_types);
  if v_cast is not null then
    raise exception 'cannot capture %: rendering its rows would run a cast of another role as the owner (%)', p_table, v_cast
      using errcode = 'insufficient_privilege',
            hint = 'Drop the cast, or have it owned by the owner of checkpoints.';
  end if;
end;
$$;
comment on function _refuse_untrusted_cast(regclass, oid[]) is
  'Raises 42501 when rendering rows of the table (made of the given user types) would run a cast to json owned by another role (see _untrusted_json_cast).';

-- The capture trigger function of one tracked table, generated by
-- track_table as _capture__<entity type>(), fired AFTER each INSERT / UPDATE
-- / DELETE statement (and BEFORE TRUNCATE). Generated rather than generic so
-- that it reads the key and the parent link as typed columns: old and new
-- rows of an UPDATE are paired by a uuid hash join and compared as row images
-- (the *<> operator: any byte that differs), and only the changed rows are
-- rendered to jsonb, instead of rendering every old and new row to pair them.
-- The identifiers are quoted with format('%I'), the entity type with '%L'.
-- It is created in public, next to checkpoints (the search_path here starts
-- with pg_catalog, where an unqualified name would land).
-- SECURITY DEFINER so that roles with no privilege on checkpoints can write
-- tracked tables; it cannot be called except as a trigger.
create or replace function _capture_function(p_type text, p_table regclass, p_pk name, p_parent name)
returns regprocedure
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
declare
  v_name name := '_capture__' || p_type;
  v_pk   text := quote_ident(p_pk);
  v_pcol text := quote_ident(p_parent);  -- null when the type has no parent
  -- The rows one statement captures, as (s: seq, e: entity id, op, p: parent,
  -- pp: parent left, j: state). Each draws its seq with nextval in arrival
  -- order and renders the row once: offset 0 keeps the subquery from being
  -- flattened into the INSERT, which would render it for every use.
  -- Inserted or deleted rows: one transition table (%4$s), one operation.
  v_rows text := $q$(select nextval('checkpoints_seq_seq') as s, r.%1$s as e, %3$L as op, %2$s as p,
                            null::uuid as pp, to_jsonb(r.*) as j
                     from %4$s r offset 0)$q$;
  -- Updated rows: old and new are paired by key; an update that leaves the
  -- row identical (byte for byte) makes no checkpoint. A changed key reads
  -- as the old entity deleted and a new one inserted. A row whose parent
  -- changed records the parent it left (prev_parent_id).
  v_updated text := $q$(select nextval('checkpoints_seq_seq') as s, coalesce(n.%1$s, o.%1$s) as e,
                               case when o.%1$s is null then 'insert' when n.%1$s is null then 'delete' else 'update' end as op,
                               case when n.%1$s is null then %3$s else %2$s end as p,
                               case when n.%1$s is not null and o.%1$s is not null and %3$s is distinct from %2$s then %3$s end as pp,
                               case when n.%1$s is null then to_jsonb(o.*) else to_jsonb(n.*) end as j
                        from new_rows n full join old_rows o on o.%1$s = n.%1$s
                        where o.%1$s is null or n.%1$s is null or o.* *<> n.*
                        offset 0)$q$;
  -- The INSERT that writes them: hashes each state and marks the first and
  -- last rows of the batch as edges (lag/lead over the same arrival order).
  v_write text := $w$
    insert into checkpoints (id, seq, entity_type, entity_id, operation, state_data, state_hash,
                             reason, created_by, request_id, trace_id, statement_at, parent_id, prev_parent_id, batch_edge)
    overriding system value
    select (v_id || to_hex(c.s | -9223372036854775808))::uuid, c.s, %L, c.e, c.op,
           c.j, encode(digest(c.j::text, 'sha256'), 'hex'),
           ctx.reason, ctx.actor, ctx.request_id, ctx.trace_id, ctx.statement_at, c.p, c.pp,
           lag(true) over () is null or lead(true) over () is null
    from %s c
    cross join _capture_context() ctx;$w$;
  -- the parent in a row aliased r, n or o
  v_types oid[] := _user_types(p_table);
  v_guard text;
  v_parent_r text := coalesce('r.' || v_pcol, 'null::uuid');
  v_parent_n text := coalesce('n.' || v_pcol, 'null::uuid');
  v_parent_o text := coalesce('o.' || v_pcol, 'null::uuid');
begin
  perform _refuse_untrusted_cast(p_table, v_types);
  -- At each firing of a table made of user types, those types are checked
  -- again (a cast can be created after tracking). Types that come in later
  -- (a column added, an attribute added to a composite) are checked when
  -- track_table runs again, which regenerates this function. (Walking the
  -- types again at each firing would cost about 200 us per statement.)
  v_guard := case when cardinality(v_types) = 0 then '' else format($g$
  perform _refuse_untrusted_cast(tg_relid, %L::oid[]);$g$, v_types) end;
  execute format($f$
create or replace function public.%1$I() returns trigger
language plpgsql security definer set search_path = pg_catalog, public, pg_temp
  -- state_data is rendered the same whatever the session's settings, so a
  -- restore in a session with other settings (time zone, DateStyle) still
  -- hashes equal
  set timezone = 'UTC' set datestyle = 'ISO, MDY' set intervalstyle = 'postgres' set extra_float_digits = 3
  set bytea_output = 'hex' set lc_monetary = 'C' as $body$
declare
  -- Ids of captured checkpoints: 16 hex digits fixed for this firing (Unix
  -- milliseconds, the version digit 8, 3 random digits), then the row's seq
  -- with the variant bits set. Time-ordered, so the primary key is appended
  -- to rather than written at a random page; unique because seq is; and far
  -- cheaper per row than a random uuid. (A UUIDv8: custom layout.)
  v_id text := lpad(to_hex((extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0')
               || '8' || lpad(to_hex((random() * 4095)::int), 3, '0');
begin%9$s
  if tg_op = 'INSERT' then %3$s
  elsif tg_op = 'UPDATE' then %4$s
  elsif tg_op = 'DELETE' then %5$s
  elsif tg_op = 'TRUNCATE' then
    -- TRUNCATE fires no row triggers: record every row as deleted first, so
    -- that a truncate is never a silent hole in the history. (Rare: plain
    -- ids, every row counts as an edge, and the table is named by the
    -- trigger, so a renamed table still works.)
    execute format('insert into checkpoints (entity_type, entity_id, operation, state_data, state_hash,
                                             reason, created_by, request_id, trace_id, statement_at, parent_id)
       select $1, c.e, ''delete'', c.j, encode(digest(c.j::text, ''sha256''), ''hex''),
              coalesce(ctx.reason, ''truncate''), ctx.actor, ctx.request_id, ctx.trace_id, ctx.statement_at, c.p
       from (select r.%6$s as e, %7$s as p, to_jsonb(r.*) as j from %%s r offset 0) c
       cross join _capture_context() ctx', tg_relid::regclass)
    using %2$L::text;
  end if;
  return null;
end;
$body$;
comment on function public.%1$I() is %8$L;
-- A trigger fires its function whatever the writer's privileges, but only a
-- role with EXECUTE can attach it: without this, any role could attach it to
-- a table of its own and write history for any entity.
revoke execute on function public.%1$I() from public;
$f$, v_name, p_type,
     format(v_write, p_type, format(v_rows, v_pk, v_parent_r, 'insert', 'new_rows')),
     format(v_write, p_type, format(v_updated, v_pk, v_parent_n, v_parent_o)),
     format(v_write, p_type, format(v_rows, v_pk, v_parent_r, 'delete', 'old_rows')),
     v_pk, v_parent_r,
     format('Capture trigger of %s (entity type %s), generated by track_table: one checkpoint per inserted, changed or deleted row, hashed with SHA-256; identical updates are skipped; TRUNCATE records every row as deleted.',
            p_table, p_type),
     v_guard);
  return format('public.%I()', v_name)::regprocedure;
end;
$$;
comment on function _capture_function(text, regclass, name, name) is
  'Internal to track_table: (re)creates the capture trigger function _capture__<entity type>() of a tracked table and returns it.';
revoke execute on function _capture_function(text, regclass, name, name) from public;

-- Writes a manual checkpoint of the entity's current row. SECURITY DEFINER:
-- the caller needs no privilege on checkpoints. It takes no state from its
-- caller: it reads the live row itself (FOR SHARE, so a concurrent writer
-- finishes first and the snapshot is the latest state), so it cannot be used
-- to forge history; and it refuses a caller who could not read the row.
create or replace function _checkpoint_manual(p_entity_type text, p_entity_id uuid,
                                              p_reason text, p_writer text)
returns uuid
language plpgsql security definer set search_path = pg_catalog, public, pg_temp
  -- state_data is rendered the same whatever the session's settings, so a
  -- restore in a session with other settings (time zone, DateStyle) still
  -- hashes equal
  set timezone = 'UTC' set datestyle = 'ISO, MDY' set intervalstyle = 'postgres' set extra_float_digits = 3
  set bytea_output = 'hex' set lc_monetary = 'C' as $$
declare
  t       checkpoint_entity_types;
  ctx     record;
  v_state jsonb;
  v_id    uuid;
begin
  select * into ctx from _capture_context();
  select * into t from checkpoint_entity_types where entity_type = p_entity_type;
  if not found then
    raise exception 'unknown entity type %', quote_literal(p_entity_type)
      using errcode = 'invalid_parameter_value',
            hint = 'Registered types are listed in checkpoint_entity_types; track_table() registers one.';
  end if;
  -- Only create_checkpoint may call it (the call stack says so; a function
  -- of that name elsewhere would show its schema): it has checked that the
  -- caller can see the row, row-level security included. And p_writer must
  -- be a role the session can act as, allowed to read the table.
  if not _called_by('create_checkpoint(text,uuid,text)') then
    raise exception 'permission denied: _checkpoint_manual is called by create_checkpoint only'
      using errcode = 'insufficient_privilege', hint = 'Call create_checkpoint(entity_type, entity_id, reason).';
  end if;
  if p_writer is null
     or not exists (select 1 from pg_roles r where r.rolname = p_writer)
     or not pg_has_role(session_user, p_writer, 'MEMBER')
     or not has_table_privilege(p_writer, t.table_name, 'SELECT') then
    raise exception 'permission denied: % may not read %', coalesce(p_writer, '(null)'), t.table_name
      using errcode = 'insufficient_privilege';
  end if;
  -- (the row is rendered as the owner: see _untrusted_json_cast)
  perform _refuse_untrusted_cast(t.table_name, _user_types(t.table_name));
  execute format('select to_jsonb(t.*) from %s t where %I = $1 for share', t.table_name, t.pk_column)
    into v_state using p_entity_id;
  if v_state is null then
    raise exception '% % not found', p_entity_type, p_entity_id using errcode = 'no_data_found';
  end if;
  insert into checkpoints (entity_type, entity_id, operation, state_data, state_hash,
                           reason, created_by, request_id, trace_id, statement_at, parent_id)
  values (p_entity_type, p_entity_id, 'manual', v_state, encode(digest(v_state::text, 'sha256'), 'hex'),
          left(coalesce(p_reason, ctx.reason), 255),
          left(coalesce(nullif(current_setting('checkpoint.actor', true), ''), p_writer), 255),
          ctx.request_id, ctx.trace_id,
          -- a point of its own, unless it is made inside a trigger's statement
          case when pg_trigger_depth() = 0 then _statement_begins() else ctx.statement_at end,
          (v_state ->> t.parent_column)::uuid)
  returning id into v_id;
  return v_id;
end;
$$;
comment on function _checkpoint_manual(text, uuid, text, text) is
  'Internal to create_checkpoint: snapshots the live row of an entity as a manual checkpoint (reads the row itself; takes no state from the caller).';

create or replace function create_checkpoint(entity_type text, entity_id uuid, reason text default null)
returns uuid
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
declare
  t      checkpoint_entity_types;
  v_seen boolean;
begin
  if create_checkpoint.entity_type is null or create_checkpoint.entity_id is null then
    raise exception 'create_checkpoint: entity_type and entity_id are required'
      using errcode = 'invalid_parameter_value';
  end if;
  t := _entity_type(create_checkpoint.entity_type);
  -- Read the row with the caller's own privileges first: a role that may not
  -- read the table gets 42501 here, and an entity it cannot see (missing, or
  -- hidden by row-level security) P0002; _checkpoint_manual reads it as the
  -- owner.
  execute format('select true from %s where %I = $1', t.table_name, t.pk_column)
    into v_seen using create_checkpoint.entity_id;
  if v_seen is null then
    raise exception '% % not found', create_checkpoint.entity_type, create_checkpoint.entity_id
      using errcode = 'no_data_found';
  end if;
  return _checkpoint_manual(create_checkpoint.entity_type, create_checkpoint.entity_id,
                            create_checkpoint.reason, current_user::text);
end;
$$;
comment on function create_checkpoint(text, uuid, text) is
  'Saves the current state of one entity as a manual checkpoint (the default target of rollback_entity) and returns its id. Errors: 22023 unknown type or null argument, P0002 entity not found, 42501 no SELECT on its table.';
--! EndIncluded capture.sql
--! Included restore.sql
-- The rollback path: restore_checkpoint (one entity) and rollback_entity (an
-- entity and everything below it) return rows to saved states, exactly,
-- atomically, with the caller's own privileges.
--
-- Both work in three phases:
--   1. scope and lock: which entities, locked against concurrent writers;
--   2. plan: per entity, compare the live row with the target state and
--      decide inserted / updated / deleted; verify the hash of every
--      checkpoint whose state will be written (XX001 before any write);
--   3. apply: set-based INSERT / UPDATE / DELETE per table, parents before
--      children for inserts and updates, children before parents for deletes.
-- The writes go through the tables' capture triggers like any other write,
-- with checkpoint.reason naming the rollback, so a rollback can be rolled back.
--
-- None of these functions is SECURITY DEFINER: reading checkpoints needs
-- SELECT on it, writing a table needs the privilege on that table (42501).

do $$
begin
  create type checkpoint_step as (
    entity_type   text,
    entity_id     uuid,
    action        text,   -- inserted | updated | deleted
    checkpoint_id uuid,   -- the checkpoint whose state is written (null for deleted)
    state         jsonb,  -- that state
    depth         int,    -- 0 for the root, 1 for its children, ...
    parent        uuid    -- the parent that state names (registered link), if any
  );
exception when duplicate_object then null;
end;
$$;
comment on type checkpoint_step is
  'One planned write of a restore or rollback: which entity, what action, from which checkpoint.';

-- A checkpoint, loaded with the caller's privileges (42501 without SELECT on
-- checkpoints), or P0002 naming it.
create or replace function _checkpoint(p_id uuid) returns checkpoints
language plpgsql stable set search_path = pg_catalog, public, pg_temp as $$
declare
  c checkpoints;
begin
  if p_id is null then
    raise exception 'checkpoint id is required' using errcode = 'invalid_parameter_value';
  end if;
  select * into c from checkpoints where id = p_id;
  if not found then
    raise exception 'checkpoint % not found', p_id using errcode = 'no_data_found';
  end if;
  return c;
end;
$$;
comment on function _checkpoint(uuid) is
  'Loads one checkpoint; 22023 for a null id, P0002 when it does not exist.';

-- Columns a restore may write: not dropped, not generated. (Identity columns
-- GENERATED ALWAYS are written on re-insert with OVERRIDING SYSTEM VALUE but
-- cannot be updated, so they are left out of updates.)
create or replace function _writable_columns(p_table regclass, p_for_update boolean) returns name[]
language sql stable set search_path = pg_catalog, public, pg_temp as $$
  select coalesce(array_agg(a.attname order by a.attnum), '{}')
  from pg_attribute a
  where a.attrelid = p_table and a.attnum > 0 and not a.attisdropped
    and a.attgenerated = ''
    and not (p_for_update and a.attidentity = 'a');
$$;
comment on function _writable_columns(regclass, boolean) is
  'Columns of a table that a restore writes: not dropped, not generated (and, for updates, not identity ALWAYS).';

-- XX001, naming the checkpoint: raised from inside the planning query, so
-- that one bad hash stops the operation before anything is written.
create or replace function _corrupted(p_id uuid, p_entity_type text, p_entity_id uuid,
                                      p_expected text, p_actual text) returns text
language plpgsql immutable set search_path = pg_catalog, public, pg_temp as $$
begin
  raise exception 'checkpoint % is corrupted: its state does not match its hash', p_id
    using errcode = 'data_corrupted',
          detail = format('%s %s: stored hash %s, state hashes to %s', p_entity_type, p_entity_id, p_expected, p_actual),
          hint = 'Nothing was changed. verify_checkpoints() lists every corrupted checkpoint; restore from another one.';
end;
$$;
comment on function _corrupted(uuid, text, uuid, text, text) is
  'Raises XX001 for a checkpoint whose state no longer matches its hash (used inside the restore planning query).';

-- P0002 for an entity whose state at a point is not in its history: it has
-- no checkpoint at or before the point, and either prune removed some there
-- (checkpoint_pruned) or its oldest one is not an insert (the row existed
-- before its table was tracked: its history begins with a baseline). Reading
-- that as "absent then" would make a rollback delete a row that existed.
create or replace function _state_unknown(p_entity_type text, p_entity_id uuid, p_point text) returns text
language plpgsql stable set search_path = pg_catalog, public, pg_temp as $$
declare
  f checkpoints;
begin
  select * into f from checkpoints c
  where c.entity_type = p_entity_type and c.entity_id = p_entity_id
  order by c.seq limit 1;
  raise exception 'the state of % % at % is not known: its history begins with % checkpoint % at %',
                  p_entity_type, p_entity_id, p_point,
                  case when f.operation in ('insert', 'update', 'manual') then 'an ' else 'a ' end || f.operation,
                  f.id, f.created_at
    using errcode = 'no_data_found',
          detail = case when f.operation = 'baseline'
                             and not _pruned_before(p_entity_type, p_entity_id, 9223372036854775807, null)
                        then 'The row was there when track_table ran (first, or again after untrack_table); what it was before is not recorded.'
                        else 'Its older checkpoints were removed by prune_checkpoints.' end,
          hint = format('Choose a point at or after %s.', f.created_at);
end;
$$;
comment on function _state_unknown(text, uuid, text) is
  'Raises P0002 for an entity whose state at a point is not in its history (pruned, or before its baseline), naming where its history begins.';

-- Phase 2 for one table: for each entity, its target state, compared with
-- the live row, gives the write needed (none when they are equal). The
-- target is either a given checkpoint (p_cps, restore_checkpoint) or the
-- entity's latest checkpoint at the point (rollback_entity: seq below p_lo,
-- or written by a transaction begun by p_time, or by the target checkpoint's
-- own statement, p_tx and p_stmt; a delete there means absent). The last
-- condition keeps the whole statement before the point even when pruning
-- removed the batch edge that p_lo was found from.
-- Every target state is verified against its hash in the same pass (XX001).
-- Columns added since the checkpoint keep their live value, keys of dropped
-- columns are ignored, generated columns are left out of the comparison.
create or replace function _restore_plan(t checkpoint_entity_types, p_ids uuid[], p_depths int[],
                                         p_cps uuid[], p_lo bigint, p_time timestamptz,
                                         p_tx xid8, p_stmt timestamptz)
returns setof checkpoint_step
language plpgsql stable set search_path = pg_catalog, public, pg_temp
  -- state_data is rendered the same whatever the session's settings, so a
  -- restore in a session with other settings (time zone, DateStyle) still
  -- hashes equal
  set timezone = 'UTC' set datestyle = 'ISO, MDY' set intervalstyle = 'postgres' set extra_float_digits = 3
  set bytea_output = 'hex' set lc_monetary = 'C' as $$
declare
  -- Columns Postgres computes, left out of the comparison: generated
  -- columns, and identity columns GENERATED ALWAYS, which an UPDATE cannot
  -- set (a re-insert writes them; an update leaves them as they are).
  v_generated text[] := array(
    select a.attname::text from pg_attribute a
    where a.attrelid = t.table_name and a.attnum > 0 and not a.attisdropped
      and (a.attgenerated <> '' or a.attidentity = 'a'));
begin
  return query execute format($q$
    select $4::text, s.id, a.action, case when a.action <> 'deleted' then c.id end,
           case when a.action <> 'deleted' then c.state_data end, s.depth,
           case when a.action <> 'deleted' then (c.state_data ->> $9)::uuid end
    from unnest($1::uuid[], $2::int[], coalesce($3::uuid[], '{}')) as s (id, depth, cp)
    left join lateral (%4$s) c on true
    left join %1$s live on live.%2$I = s.id
    cross join lateral (select case
        when c.id is not null and encode(digest(c.state_data::text, 'sha256'), 'hex') <> c.state_hash
          then _corrupted(c.id, $4, s.id, c.state_hash, encode(digest(c.state_data::text, 'sha256'), 'hex'))
        when c.found is null and $3 is null and _history_misses($4, s.id, $5, $6)
          then _state_unknown($4, s.id, 'the target point')
        when live.%2$I is null and c.id is not null then 'inserted'
        when live.%2$I is not null and c.id is null then 'deleted'
        when live.%2$I is not null and c.id is not null
         -- (jsonb first: cheap, and when it differs the text does too)
         and (to_jsonb(live.*) <> c.state_data or to_jsonb(live.*)::text <> c.state_data::text)
         and %3$s then 'updated'
      end as action
      -- offset 0: decided once per entity (hash and comparison included);
      -- flattened, it would be computed again for each use of a.action
      offset 0) a
    where a.action is not null
    $q$, t.table_name, t.pk_column,
    -- (Compared as text, as the hash is: jsonb equality holds 1.0 = 1.00.)
    -- The row differs from the state: does writing the state change it?
    -- Not when the difference is only columns added since (they keep their
    -- value) or generated columns (Postgres computes them).
    -- (When the state has exactly the table's columns it does, and the
    -- costlier populate-and-compare is skipped.)
    case when cardinality(v_generated) = 0
         then '((c.state_data ?& $8 and c.state_data - $8 = ''{}''::jsonb)
                or to_jsonb(jsonb_populate_record(live.*, c.state_data))::text <> to_jsonb(live.*)::text)'
         else '(to_jsonb(jsonb_populate_record(live.*, c.state_data)) - $7::text[])::text <> (to_jsonb(live.*) - $7::text[])::text' end,
    case when p_cps is not null
         then 'select c.id, c.state_data, c.state_hash, c.id as found from checkpoints c where c.id = s.cp'
         -- found: the checkpoint at the point, a delete included; id and
         -- the state only when it is not a delete (a delete means absent)
         else 'select case when c0.operation <> ''delete'' then c0.id end as id, c0.state_data, c0.state_hash,
                      c0.id as found
               from (select c.id, c.operation, c.state_data, c.state_hash from checkpoints c
                     where c.entity_type = $4 and c.entity_id = s.id
                       and (c.seq < $5 or c.created_at <= $6 or (c.transaction_id = $10 and c.statement_at = $11))
                     order by c.seq desc limit 1) c0'
    end)
  using p_ids, p_depths, p_cps, t.entity_type, p_lo, p_time, v_generated,
        array(select a.attname::text from pg_attribute a
              where a.attrelid = t.table_name and a.attnum > 0 and not a.attisdropped),
        t.parent_column::text, p_tx, p_stmt;
end;
$$;
comment on function _restore_plan(checkpoint_entity_types, uuid[], int[], uuid[], bigint, timestamptz, xid8, timestamptz) is
  'Plans the writes that return entities of one table to their target states (a given checkpoint, or their state at a point), verifying every target''s hash (XX001). Reads only.';

-- Phase 3 for one table and one action: set-based writes.
-- Most states hold exactly the table's columns (no schema change since they
-- were saved): those are turned into rows with one jsonb_populate_record
-- each and written in one statement. States saved before a schema change
-- take the general path: missing keys (columns added since) keep the live
-- value on update and take their default on insert.
create or replace function _restore_apply(t checkpoint_entity_types, p_action text, p_ids uuid[], p_states jsonb[])
returns void
language plpgsql set search_path = pg_catalog, public, pg_temp
  -- states are read back under the settings they were rendered with (see
  -- _restore_plan)
  set timezone = 'UTC' set datestyle = 'ISO, MDY' set intervalstyle = 'postgres' set extra_float_digits = 3
  set bytea_output = 'hex' set lc_monetary = 'C' as $$
declare
  v_cols   name[];
  v_keys   text[];
  v_all    text[];
  v_exact  boolean;
begin
  if p_action = 'deleted' then
    execute format('delete from %s where %I = any($1)', t.table_name, t.pk_column) using p_ids;
    return;
  end if;

  v_all := array(select a.attname::text from pg_attribute a
                 where a.attrelid = t.table_name and a.attnum > 0 and not a.attisdropped);
  v_exact := not exists (select 1 from unnest(p_states) st where not (st ?& v_all and st - v_all = '{}'::jsonb));

  if p_action = 'updated' then
    v_cols := array(select c from unnest(_writable_columns(t.table_name, true)) c where c <> t.pk_column);
    if cardinality(v_cols) = 0 then
      return;
    end if;
    execute format(
      case when v_exact then
        'update %1$s as live set (%3$s) = row(%4$s)
         from unnest($1::uuid[], $2::jsonb[]) as s (id, state)
         cross join lateral jsonb_populate_record(null::%1$s, s.state) r
         where live.%2$I = s.id'
      else
        -- jsonb_populate_record(live.*, state): keys missing from the state
        -- (columns added since) keep the live value; unknown keys are ignored.
        'update %1$s as live set (%3$s) = (select %4$s from jsonb_populate_record(live.*, s.state) r)
         from unnest($1::uuid[], $2::jsonb[]) as s (id, state)
         where live.%2$I = s.id'
      end,
      t.table_name, t.pk_column,
      (select string_agg(format('%I', c), ', ') from unnest(v_cols) c),
      (select string_agg(format('r.%I', c), ', ') from unnest(v_cols) c))
    using p_ids, p_states;

  elsif p_action = 'inserted' then
    -- Insert only the columns the state has, so that columns added since take
    -- their default. States saved before and after a schema change have
    -- different key sets: one INSERT per key set.
    for v_keys in
      select v_all where v_exact
      union all
      select distinct array(select k from jsonb_object_keys(st) k order by k)
      from unnest(p_states) st where not v_exact
    loop
      v_cols := array(select c from unnest(_writable_columns(t.table_name, false)) c where c::text = any (v_keys));
      execute format(
        'insert into %1$s (%2$s) overriding system value
         select %3$s
         from unnest($1::jsonb[]) as s (state), jsonb_populate_record(null::%1$s, s.state) r
         where $3 or array(select k from jsonb_object_keys(s.state) k order by k) = $2',
        t.table_name,
        (select string_agg(format('%I', c), ', ') from unnest(v_cols) c),
        (select string_agg(format('r.%I', c), ', ') from unnest(v_cols) c))
      using p_states, v_keys, v_exact;
    end loop;
  end if;
end;
$$;
comment on function _restore_apply(checkpoint_entity_types, text, uuid[], jsonb[]) is
  'Applies the planned writes of one action to one table in a single statement (keys quoted with format %I, values passed as parameters).';

-- Each registered type's level in the type hierarchy: 0 for a type without
-- a parent (or its own parent only), 1 below it, and so on. Deletes run
-- from the deepest level up.
create or replace function _type_levels() returns table (entity_type text, level int)
language sql stable set search_path = pg_catalog, public, pg_temp as $$
  with recursive tl (entity_type, level) as (
    select r.entity_type::text, 0 from checkpoint_entity_types r
    where r.parent_type is null or r.parent_type = r.entity_type
    union all
    select c.entity_type::text, tl.level + 1
    from checkpoint_entity_types c join tl on c.parent_type = tl.entity_type
    where c.parent_type <> c.entity_type
  )
  select tl.entity_type, max(tl.level) from tl group by 1
$$;
comment on function _type_levels() is
  'Level of each registered entity type in the parent hierarchy (0: no parent other than itself).';

-- Phase 3: all the planned writes, in an order that keeps foreign keys valid,
-- frees unique keys before they are reused, and never lets ON DELETE CASCADE
-- remove a row that must survive: first the deletes that take no survivor
-- with them (deepest first), then inserts and updates from the root down (a
-- child moved back finds its parent present), then the remaining deletes.
create or replace function _restore_steps(p_steps checkpoint_step[], p_reason text) returns void
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
declare
  g record;
  r checkpoint_entity_types;
  v_restoring text := coalesce(current_setting('checkpoint.restoring', true), '');
  v_reason    text := coalesce(current_setting('checkpoint.reason', true), '');
  v_del       checkpoint_step[];
  -- Steps are named by type and id ('task:<uuid>'): two types may share an id.
  v_late      text[] := '{}'::text[];   -- deletes that must wait: a row below them survives
  v_hold      uuid[];
  v_before    int;
  v_ins       text[];
  v_n         int;
  v_done      int := 0;
begin
  if coalesce(cardinality(p_steps), 0) = 0 then
    return;
  end if;
  -- The writes are one point in the history, begun here (their statements
  -- do not each begin one while restoring is on; see _capture_writer).
  -- Captures of these writes carry the reason; updated_at triggers keep the
  -- saved updated_at (see touch_updated_at).
  perform _statement_begins();
  perform set_config('checkpoint.restoring', 'on', true);
  perform set_config('checkpoint.reason',
                      left(case when v_reason <> '' then v_reason || ': ' else '' end || p_reason, 255), true);
  v_del := array(select s from unnest(p_steps) s where s.action = 'deleted');

  -- A row to delete must wait (until the survivors below it have moved back)
  -- when one of its live children is not itself deleted early; an ON DELETE
  -- CASCADE would take that child with it. Repeated until nothing changes: a
  -- row waits when a child of it waits. (The levels of the scope walk are not
  -- the levels of the live tree for a type that is its own parent.)
  loop
    v_before := cardinality(v_late);
    for g in
      select s.entity_type, array_agg(s.entity_id) as ids
      from unnest(v_del) s group by 1 order by 1
    loop
      for r in select * from checkpoint_entity_types c where c.parent_type = g.entity_type loop
        execute format(
          'select coalesce(array_agg(distinct c.%1$I), ''{}'') from %2$s c
           where c.%1$I = any ($1) and (c.%3$I <> all ($2) or c.%3$I = any ($3))',
          r.parent_column, r.table_name, r.pk_column)
          into v_hold
          using g.ids, array(select s.entity_id from unnest(v_del) s where s.entity_type = r.entity_type),
                array(select split_part(k, ':', 2)::uuid from unnest(v_late) k where split_part(k, ':', 1) = r.entity_type);
        v_late := array(select unnest(v_late) union select g.entity_type || ':' || h from unnest(v_hold) h);
      end loop;
    end loop;
    exit when cardinality(v_late) = v_before;
  end loop;

  -- 1. Deletes that take no survivor with them, one statement per type,
  --    child types before their parent types (so a tree type's rows go
  --    together, whatever their levels: its foreign key is checked at the
  --    end of the statement). They free the unique keys that re-inserted or
  --    updated rows may need.
  for g in
    select s.entity_type, array_agg(s.entity_id) as ids
    from unnest(v_del) s
    join _type_levels() tl on tl.entity_type = s.entity_type
    where s.entity_type || ':' || s.entity_id <> all (v_late)
    group by 1, tl.level
    order by tl.level desc, s.entity_type
  loop
    perform _restore_apply(_entity_type(g.entity_type), 'deleted', g.ids, null);
  end loop;
  -- 2. Inserts and updates, parents first: a row whose state names a parent
  --    that is inserted here comes after it (its level is one more); any
  --    other row is on level 0 (its parent is there already, or none). For
  --    plans, tasks and artifacts that is the type order; for a type that
  --    is its own parent, the tree of the target states.
  v_ins := array(select s.entity_type || ':' || s.entity_id from unnest(p_steps) s where s.action = 'inserted');
  v_n := (select count(*) from unnest(p_steps) s where s.action in ('inserted', 'updated'));
  for g in
    with recursive s as materialized (
      select u.entity_id, u.entity_type, u.action, u.state,
             u.entity_type || ':' || u.entity_id as k,
             et.parent_type || ':' || u.parent as pk   -- the parent's name (null: none)
      from unnest(p_steps) u
      join checkpoint_entity_types et on et.entity_type = u.entity_type
      where u.action in ('inserted', 'updated')
    ), lvl (k, level) as (
      -- (a row that names itself as parent starts here too)
      select s.k, 0 from s where s.pk is null or s.pk <> all (v_ins) or s.pk = s.k
      union all
      select c.k, l.level + 1 from lvl l join s c on c.pk = l.k and c.k <> l.k
      where l.k = any (v_ins) and l.level < v_n   -- (bounded, whatever the states say)
    ), best as (
      select l.k, max(l.level) as level from lvl l group by l.k
    )
    select b.level, s.entity_type, s.action, array_agg(s.entity_id) as ids, array_agg(s.state) as states
    from s join best b using (k)
    group by 1, 2, 3
    order by 1, 2, 3
  loop
    perform _restore_apply(_entity_type(g.entity_type), g.action, g.ids, g.states);
    v_done := v_done + cardinality(g.ids);
  end loop;
  -- (Target states form trees; a step left out would be a write silently lost.)
  if v_done <> v_n then
    raise exception 'restore: % of % inserts and updates could be ordered parents first', v_done, v_n
      using errcode = 'internal_error';
  end if;
  -- 3. The deletes that had to wait, one statement per type, child types first.
  for g in
    select s.entity_type, array_agg(s.entity_id) as ids
    from unnest(v_del) s
    join _type_levels() tl on tl.entity_type = s.entity_type
    where s.entity_type || ':' || s.entity_id = any (v_late)
    group by 1, tl.level
    order by tl.level desc, s.entity_type
  loop
    perform _restore_apply(_entity_type(g.entity_type), 'deleted', g.ids, null);
  end loop;
  perform set_config('checkpoint.restoring', v_restoring, true);
  perform set_config('checkpoint.reason', v_reason, true);
end;
$$;
comment on function _restore_steps(checkpoint_step[], text) is
  'Applies planned restore writes in foreign-key-safe order, with checkpoint.restoring on and checkpoint.reason naming the operation.';

create or replace function restore_checkpoint(checkpoint_id uuid) returns void
language plpgsql set search_path = pg_catalog, public, pg_temp set jit = off as $$
declare
  c       checkpoints := _checkpoint(restore_checkpoint.checkpoint_id);
  t       checkpoint_entity_types := _entity_type(c.entity_type);
  v_steps checkpoint_step[];
begin
  -- Wait for, then hold off, concurrent writers of this row.
  execute format('select 1 from %s where %I = $1 for update', t.table_name, t.pk_column) using c.entity_id;
  -- The plan verifies the hash even when the row already equals the state:
  -- a restore from a corrupted checkpoint is refused, not silently a no-op.
  v_steps := array(select _restore_plan(t, array[c.entity_id], array[0], array[c.id], null, null, null, null));
  perform _restore_steps(v_steps, format('restore of checkpoint %s', c.id));
end;
$$;
comment on function restore_checkpoint(uuid) is
  'Makes one entity''s row equal to the state saved in a checkpoint (updating it, or inserting it again if deleted). Errors: P0002 unknown checkpoint, 22023 null id or untracked type, XX001 corrupted checkpoint, 42501 missing privilege.';

-- rollback_entity's body. Its output columns are named step_* because
-- PL/pgSQL cannot have an output column named like an argument; the public
-- rollback_entity below is a SQL function over it.
create or replace function _rollback_entity(p_entity_type text, p_entity_id uuid, p_to_checkpoint uuid,
                                            p_to_time timestamptz, p_cascade boolean, p_dry_run boolean)
returns table (step_entity_type text, step_entity_id uuid, step_action text)
-- JIT compiling pays off for long analytical queries, not for these many
-- short index-driven ones: it added ~100 ms to a 6,000-row rollback.
language plpgsql set search_path = pg_catalog, public, pg_temp set jit = off as $$
declare
  root     checkpoint_entity_types;
  target   checkpoints;
  v_lo     bigint;  -- the first seq that can be after the target point
  v_target text;
  v_lock   text := case when p_dry_run then '' else 'for update' end;
  -- the scope, as parallel arrays: every entity seen, and the subset that
  -- changed since the point (the candidates for a write)
  s_type   text[];
  s_id     uuid[];
  k_type   text[];
  k_id     uuid[];
  k_depth  int[];
  f_type   text[];
  f_id     uuid[];
  n_type   text[];
  n_id     uuid[];
  v_level  int := 0;
  ch       checkpoint_entity_types;
  parents  uuid[];
  live     uuid[];
  hist     uuid[];
  fresh    uuid[];
  v_steps  checkpoint_step[] := '{}'::checkpoint_step[];
  v_part   checkpoint_step[];
  v_ids    uuid[];
  v_deps   int[];
  -- the plan without its states (cheap to scan): type, id, action, depth,
  -- parent named
  v_narrow checkpoint_step[] := '{}'::checkpoint_step[];
  w_narrow checkpoint_step[];
  w_parent uuid[];
  par      checkpoint_entity_types;
  v_child  uuid;
  v_parent uuid;
begin
  if p_entity_id is null or p_cascade is null or p_dry_run is null then
    raise exception 'rollback_entity: entity_id, cascade and dry_run must not be null'
      using errcode = 'invalid_parameter_value';
  end if;
  root := _entity_type(p_entity_type);
  if p_to_checkpoint is not null and p_to_time is not null then
    raise exception 'rollback_entity: give to_checkpoint or to_time, not both'
      using errcode = 'invalid_parameter_value';
  end if;

  -- The target point.
  if p_to_checkpoint is not null then
    target := _checkpoint(p_to_checkpoint);
    if target.entity_type <> p_entity_type or target.entity_id <> p_entity_id then
      raise exception 'checkpoint % belongs to % %, not to % %', target.id,
                      target.entity_type, target.entity_id, p_entity_type, p_entity_id
        using errcode = 'invalid_parameter_value',
              hint = 'Pass a checkpoint of the entity being rolled back (entity_history lists them).';
    end if;
    v_target := format('checkpoint %s', target.id);
  elsif p_to_time is not null then
    -- A time means what transactions that began at or before it wrote
    -- (created_at is the writing transaction's start). Everything after it
    -- has a seq of at least v_lo, which bounds the index scans below.
    v_lo := coalesce((select min(c.seq) from checkpoints c where c.created_at > p_to_time and c.batch_edge),
                     (select max(c.seq) + 1 from checkpoints c), 1);
    v_target := format('%s', p_to_time);
  else
    select * into target from checkpoints c
    where c.entity_type = p_entity_type and c.entity_id = p_entity_id and c.operation = 'manual'
    order by c.seq desc limit 1;
    if not found then
      raise exception 'no manual checkpoint of % % to roll back to', p_entity_type, p_entity_id
        using errcode = 'no_data_found',
              hint = 'create_checkpoint() makes one; or pass to_checkpoint or to_time.';
    end if;
    v_target := format('checkpoint %s', target.id);
  end if;
  if p_to_time is null then
    -- A checkpoint means the end of the statement that wrote it: an ON
    -- DELETE CASCADE, for one, is captured after the row that caused it.
    -- Its statement's checkpoints share its created_at (one index range);
    -- the last of them is the last of a capture batch, an edge.
    v_lo := 1 + coalesce((select max(c.seq) from checkpoints c
                          where c.created_at = target.created_at and c.seq > target.seq and c.batch_edge
                            and c.transaction_id = target.transaction_id
                            and c.statement_at = target.statement_at), target.seq);
  end if;

  if not exists (select 1 from checkpoints c where c.entity_type = p_entity_type and c.entity_id = p_entity_id) then
    raise exception '% % not found', p_entity_type, p_entity_id
      using errcode = 'no_data_found', hint = 'It has no history: it was never written while its table was tracked.';
  end if;

  -- Phase 1: scope and lock, one level at a time. Locking order is what
  -- makes concurrent writers wait rather than interleave:
  --   * the root row is locked FOR UPDATE first. A writer that inserts a child
  --     or moves one in needs FOR KEY SHARE on the parent, which conflicts:
  --     it waits until we commit. A writer already in progress makes us wait.
  --   * each level's children are read only after their parents are locked,
  --     so no child can join the level after we read it; the live children
  --     are locked FOR UPDATE as they are read (a row that a concurrent
  --     writer moves away meanwhile is found again through its checkpoint,
  --     whose prev_parent_id names the parent it left).
  --   * rows are locked in key order within a table, to avoid deadlocks
  --     between two rollbacks of overlapping scopes.
  -- A dry run takes no row locks: it reads, as of its statements' snapshots.
  execute format('select 1 from %s where %I = $1 %s', root.table_name, root.pk_column, v_lock) using p_entity_id;
  s_type := array[p_entity_type]; s_id := array[p_entity_id];
  k_type := array[p_entity_type]; k_id := array[p_entity_id]; k_depth := array[0];
  f_type := array[p_entity_type]; f_id := array[p_entity_id];

  while p_cascade and cardinality(f_id) > 0 loop
    v_level := v_level + 1;
    n_type := '{}'; n_id := '{}';
    for ch in
      select * from checkpoint_entity_types r
      where r.parent_type = any (f_type)
      order by r.entity_type
    loop
      parents := array(select i from unnest(f_type, f_id) u (ty, i) where ty = ch.parent_type);
      -- children below these parents now (locked)
      execute format('select coalesce(array_agg(k), ''{}'') from (select %1$I as k from %2$s where %3$I = any ($1) order by 1 %4$s) s',
                     ch.pk_column, ch.table_name, ch.parent_column, v_lock)
        into live using parents;
      -- children below them at some time since the point: written under them,
      -- deleted from under them, or moved away from them
      hist := array(
        select c.entity_id from checkpoints c
        where c.parent_id = any (parents) and c.seq >= v_lo and c.entity_type = ch.entity_type
          and (p_to_time is null or c.created_at > p_to_time)
        union
        select c.entity_id from checkpoints c
        where c.prev_parent_id = any (parents) and c.seq >= v_lo and c.entity_type = ch.entity_type
          and (p_to_time is null or c.created_at > p_to_time));
      -- those found through history that live elsewhere now are locked too
      fresh := array(select unnest(hist) except select unnest(live));
      if v_lock <> '' and cardinality(fresh) > 0 then
        execute format('select count(*) from (select 1 from %1$s where %2$I = any ($1) order by %2$I for update) s',
                       ch.table_name, ch.pk_column) using fresh;
      end if;
      -- keep only entities not seen yet
      fresh := array(select unnest(live) union select unnest(hist)
                     except select i from unnest(s_type, s_id) u (ty, i) where ty = ch.entity_type);
      s_type := s_type || array_fill(ch.entity_type::text, array[cardinality(fresh)]);
      s_id   := s_id || fresh;
      n_type := n_type || array_fill(ch.entity_type::text, array[cardinality(fresh)]);
      n_id   := n_id || fresh;
      -- A child with no checkpoint since the point is unchanged; only the
      -- others can need a write.
      hist := array(select unnest(hist) intersect select unnest(fresh));
      k_type  := k_type || array_fill(ch.entity_type::text, array[cardinality(hist)]);
      k_id    := k_id || hist;
      k_depth := k_depth || array_fill(v_level, array[cardinality(hist)]);
    end loop;
    f_type := n_type; f_id := n_id;
  end loop;

  -- Phase 2: per type, each candidate's state at the point (its latest
  -- checkpoint at or before it; none, or a delete, means absent), verified
  -- and compared with the live row. All types are planned before any write.
  -- The plan is also kept as narrow arrays (no states), cheap to scan below.
  for ch in
    select r.* from checkpoint_entity_types r where r.entity_type = any (k_type) order by r.entity_type
  loop
    select array_agg(e.id), array_agg(e.depth) into v_ids, v_deps
    from unnest(k_type, k_id, k_depth) e (ty, id, depth)
    where e.ty = ch.entity_type;
    select coalesce(array_agg(p), '{}'),
           coalesce(array_agg(row(p.entity_type, p.entity_id, p.action, null, null, p.depth, p.parent)::checkpoint_step), '{}')
      into v_part, w_narrow
    from _restore_plan(ch, v_ids, v_deps, null, v_lo, p_to_time, target.transaction_id, target.statement_at) p;
    v_steps := v_steps || v_part;
    v_narrow := v_narrow || w_narrow;
  end loop;

  -- A state that names a parent which will be absent afterwards (deleted
  -- since the point, outside the scope; or deleted by this very plan) cannot
  -- be written: the foreign key would refuse it. Found here, before any
  -- write, so that a dry run says so too.
  for ch in
    select r.* from checkpoint_entity_types r
    where r.parent_type is not null and r.entity_type = any (k_type) order by r.entity_type
  loop
    par := _entity_type(ch.parent_type);
    -- (arrays, not joins of unnest() to unnest(): the planner cannot tell
    -- their sizes; "= any" of a parameter array is hashed)
    select coalesce(array_agg(u.entity_id), '{}'), coalesce(array_agg(u.parent), '{}') into v_ids, w_parent
    from unnest(v_narrow) u
    where u.entity_type = ch.entity_type and u.action <> 'deleted' and u.parent is not null;
    execute format($q$
      select c.id, c.parent
      from unnest($1::uuid[], $2::uuid[]) c (id, parent)
      left join %1$s live on live.%2$I = c.parent
      where not (c.parent = any ($3::uuid[]))
        and (live.%2$I is null or c.parent = any ($4::uuid[]))
      limit 1 $q$, par.table_name, par.pk_column)
      into v_child, v_parent
      using v_ids, w_parent,
            array(select u.entity_id from unnest(v_narrow) u
                  where u.entity_type = ch.parent_type and u.action = 'inserted'),
            array(select u.entity_id from unnest(v_narrow) u
                  where u.entity_type = ch.parent_type and u.action = 'deleted');
    if v_child is not null then
      raise exception 'rollback of % % to %: % % needs % %, which would not exist',
                      p_entity_type, p_entity_id, v_target, ch.entity_type, v_child, ch.parent_type, v_parent
        using errcode = 'foreign_key_violation',
              detail = format('At the target point %s %s was below %s %s, which is absent now and outside the rollback''s scope (or removed by it).',
                              ch.entity_type, v_child, ch.parent_type, v_parent),
              hint = format('Roll back %s %s (or an entity above it) instead, or restore it first.', ch.parent_type, v_parent);
    end if;
  end loop;

  -- Without cascade only the root is written. If that means deleting it,
  -- its live children would go with it (ON DELETE CASCADE) or stop the
  -- delete: refused here, before any write, naming a child.
  if not p_cascade and exists (select 1 from unnest(v_narrow) u where u.action = 'deleted') then
    for ch in
      select * from checkpoint_entity_types r where r.parent_type = p_entity_type order by r.entity_type
    loop
      execute format('select %I from %s where %I = $1 limit 1', ch.pk_column, ch.table_name, ch.parent_column)
        into v_child using p_entity_id;
      if v_child is not null then
        raise exception 'rollback of % % to % without cascade would delete it, and % % is below it',
                        p_entity_type, p_entity_id, v_target, ch.entity_type, v_child
          using errcode = 'foreign_key_violation',
                detail = format('%s %s did not exist at the target point; its children now would be deleted with it or block its delete.',
                                p_entity_type, p_entity_id),
                hint = 'Roll back with cascade => true, which returns its children to the target point too.';
      end if;
    end loop;
  end if;

  -- Phase 3.
  if not p_dry_run then
    perform _restore_steps(v_steps, format('rollback of %s %s to %s', p_entity_type, p_entity_id, v_target));
  end if;

  return query
    select s.entity_type, s.entity_id, s.action
    from unnest(v_narrow) s
    order by case when s.action = 'deleted' then 1 else 0 end,
             case when s.action = 'deleted' then -s.depth else s.depth end,
             s.entity_type, s.action, s.entity_id;
end;
$$;
comment on function _rollback_entity(text, uuid, uuid, timestamptz, boolean, boolean) is
  'Body of rollback_entity (see there); output columns are named step_* because PL/pgSQL forbids output names equal to argument names.';

create or replace function rollback_entity(entity_type text, entity_id uuid,
                                           to_checkpoint uuid default null, to_time timestamptz default null,
                                           cascade boolean default true, dry_run boolean default false)
returns table (entity_type text, entity_id uuid, action text)
language sql set search_path = pg_catalog, public, pg_temp as $$
  select r.step_entity_type, r.step_entity_id, r.step_action
  from _rollback_entity($1, $2, $3, $4, $5, $6) r;
$$;
comment on function rollback_entity(text, uuid, uuid, timestamptz, boolean, boolean) is
  'Returns an entity (and with cascade, every entity below it at the target point or since) to exactly its state at the target point: to_checkpoint (a checkpoint of this entity), to_time, or by default its latest manual checkpoint. Returns one row per changed entity (action inserted, updated or deleted); dry_run plans without writing. Errors: 22023 unknown type, both targets, checkpoint of another entity; P0002 unknown checkpoint, unknown entity, no manual checkpoint, a state the history no longer holds; XX001 corrupted checkpoint (nothing changes); 23503 a target state needing an absent parent, or (without cascade) deleting a root that has children; 42501 missing privilege.';
--! EndIncluded restore.sql
--! Included history.sql
-- Reading the history: one entity's checkpoints, its state at a time, and
-- the difference between two saved states. Read with the caller's
-- privileges: SELECT on checkpoints is needed (42501 without it).

create or replace function entity_history(entity_type text, entity_id uuid) returns setof checkpoints
language plpgsql stable set search_path = pg_catalog, public, pg_temp as $$
begin
  if entity_history.entity_type is null or entity_history.entity_id is null then
    raise exception 'entity_history: entity_type and entity_id are required'
      using errcode = 'invalid_parameter_value';
  end if;
  -- A type that is neither registered nor in the history is a typo, not an
  -- empty history.
  if not exists (select 1 from checkpoint_entity_types r where r.entity_type = entity_history.entity_type)
     and not exists (select 1 from checkpoints c where c.entity_type = entity_history.entity_type) then
    perform _entity_type(entity_history.entity_type);
  end if;
  return query
    select * from checkpoints c
    where c.entity_type = entity_history.entity_type and c.entity_id = entity_history.entity_id
    order by c.seq desc;
end;
$$;
comment on function entity_history(text, uuid) is
  'Every checkpoint of one entity, newest first (an index scan of checkpoints_entity_seq_idx). Empty for an entity with no history; 22023 for a null argument or an unknown type.';

create or replace function entity_state_at(entity_type text, entity_id uuid, at timestamptz) returns jsonb
language plpgsql stable set search_path = pg_catalog, public, pg_temp as $$
declare
  c checkpoints;
begin
  if entity_state_at.entity_type is null or entity_state_at.entity_id is null or entity_state_at.at is null then
    raise exception 'entity_state_at: entity_type, entity_id and at are required'
      using errcode = 'invalid_parameter_value';
  end if;
  if not exists (select 1 from checkpoint_entity_types r where r.entity_type = entity_state_at.entity_type)
     and not exists (select 1 from checkpoints x where x.entity_type = entity_state_at.entity_type) then
    perform _entity_type(entity_state_at.entity_type);
  end if;
  -- The latest checkpoint written by a transaction that began at or before
  -- the time: a backward walk of checkpoints_entity_seq_idx from the newest,
  -- testing created_at on each row until one qualifies (usually the first).
  select * into c from checkpoints x
  where x.entity_type = entity_state_at.entity_type and x.entity_id = entity_state_at.entity_id
    and x.created_at <= entity_state_at.at
  order by x.seq desc
  limit 1;
  if not found then
    -- No checkpoint then: absent, if its history begins with its creation.
    -- If it begins otherwise (pruned, or a baseline) the state is unknown.
    if _history_misses(entity_state_at.entity_type, entity_state_at.entity_id, null, entity_state_at.at) then
      perform _state_unknown(entity_state_at.entity_type, entity_state_at.entity_id, entity_state_at.at::text);
    end if;
    return null;
  end if;
  if c.operation = 'delete' then
    return null;
  end if;
  return c.state_data;
end;
$$;
comment on function entity_state_at(text, uuid, timestamptz) is
  'The state (to_jsonb of the row) an entity had at a time, from its history; null when it did not exist then; P0002 when its history no longer reaches back to that time (pruned, or before its baseline). A time means what the transactions that began at or before it wrote (created_at is the writing transaction''s start).';

create or replace function checkpoint_diff(from_checkpoint uuid, to_checkpoint uuid) returns jsonb
language plpgsql stable set search_path = pg_catalog, public, pg_temp as $$
declare
  a checkpoints := _checkpoint(from_checkpoint);
  b checkpoints := _checkpoint(to_checkpoint);
begin
  -- Keys present on one side only (a column added or dropped in between)
  -- show null on the other.
  return (
    select coalesce(jsonb_object_agg(k, jsonb_build_object('from', a.state_data -> k, 'to', b.state_data -> k)), '{}')
    from (select jsonb_object_keys(a.state_data) union select jsonb_object_keys(b.state_data)) keys (k)
    -- as text, as the hash is: jsonb equality holds 1.0 = 1.00
    where (a.state_data -> k)::text is distinct from (b.state_data -> k)::text);
end;
$$;
comment on function checkpoint_diff(uuid, uuid) is
  'The columns that differ between two saved states: {"column": {"from": <json>, "to": <json>}, ...}; ''{}'' when equal. P0002 for an unknown checkpoint, 22023 for a null id.';
--! EndIncluded history.sql
--! Included integrity.sql
-- Integrity: does every saved state still hash to what was recorded?

create or replace function verify_checkpoints(entity_type text default null, entity_id uuid default null)
returns table (checkpoint_id uuid, expected_hash text, actual_hash text)
language plpgsql stable set search_path = pg_catalog, public, pg_temp as $$
begin
  if verify_checkpoints.entity_id is not null and verify_checkpoints.entity_type is null then
    raise exception 'verify_checkpoints: entity_id needs entity_type' using errcode = 'invalid_parameter_value';
  end if;
  -- A type that is neither registered nor in the history is a typo: an
  -- integrity check must not answer it with "nothing corrupted".
  if verify_checkpoints.entity_type is not null
     and not exists (select 1 from checkpoint_entity_types r where r.entity_type = verify_checkpoints.entity_type)
     and not exists (select 1 from checkpoints c where c.entity_type = verify_checkpoints.entity_type) then
    perform _entity_type(verify_checkpoints.entity_type);
  end if;
  return query
    select c.id, c.state_hash::text, h.actual
    from checkpoints c
    cross join lateral (select encode(digest(c.state_data::text, 'sha256'), 'hex') as actual) h
    where (verify_checkpoints.entity_type is null or c.entity_type = verify_checkpoints.entity_type)
      and (verify_checkpoints.entity_id is null or c.entity_id = verify_checkpoints.entity_id)
      and h.actual is distinct from c.state_hash
    order by c.seq;
end;
$$;
comment on function verify_checkpoints(text, uuid) is
  'Recomputes the SHA-256 of saved states and returns only the checkpoints that do not match (expected = stored hash, actual = recomputed). All of history, one type, or one entity.';

-- A slice of history, verified: up to max_rows checkpoints after after_seq,
-- in seq order. Returns how many it read, the last seq read (the cursor for
-- the next call; after_seq when there was nothing left) and the bad ones.
-- Stateless, so a CLI can show progress without moving the job's cursor.
create or replace function verify_checkpoints_range(after_seq bigint, max_rows integer default 10000)
returns table (scanned bigint, last_seq bigint, findings jsonb)
language plpgsql stable set search_path = pg_catalog, public, pg_temp set jit = off as $$
begin
  if after_seq is null or max_rows is null or max_rows < 1 then
    raise exception 'verify_checkpoints_range: after_seq and max_rows (>= 1) are required'
      using errcode = 'invalid_parameter_value';
  end if;
  return query
    with slice as (
      select c.id, c.seq, c.entity_type, c.entity_id, c.state_hash::text as expected,
             encode(digest(c.state_data::text, 'sha256'), 'hex') as actual
      from checkpoints c
      where c.seq > after_seq
      order by c.seq
      limit max_rows)
    select count(*), coalesce(max(s.seq), after_seq),
           coalesce(jsonb_agg(jsonb_build_object(
                      'checkpoint_id', s.id, 'seq', s.seq, 'entity_type', s.entity_type, 'entity_id', s.entity_id,
                      'expected_hash', s.expected, 'actual_hash', s.actual) order by s.seq)
                    filter (where s.actual is distinct from s.expected), '[]')
    from slice s;
end;
$$;
comment on function verify_checkpoints_range(bigint, integer) is
  'Verifies up to max_rows checkpoints after after_seq (seq order) and returns (scanned, last_seq, findings as a JSON array of {checkpoint_id, seq, entity_type, entity_id, expected_hash, actual_hash}). Stateless: pass last_seq back to continue.';

-- What the background integrity scan found, for the API and the CLI to show.
create table if not exists checkpoint_findings (
  checkpoint_id uuid primary key,
  seq           bigint not null,
  entity_type   varchar(50) not null,
  entity_id     uuid not null,
  expected_hash text not null,
  actual_hash   text not null,
  found_at      timestamptz not null default now()
);
comment on table checkpoint_findings is
  'Corrupted checkpoints found by the verify_checkpoints job (verify_checkpoints_step).';

-- How far each background scan has got, so the next run continues there.
create table if not exists checkpoint_scan_progress (
  scan       text primary key,
  last_seq   bigint not null default 0,
  updated_at timestamptz not null default now()
);
comment on table checkpoint_scan_progress is
  'Cursor of the incremental integrity scan (the last seq verified).';
revoke all on checkpoint_findings, checkpoint_scan_progress from public;

-- One step of the incremental integrity scan: verifies up to max_rows
-- checkpoints after the saved cursor, records the bad ones in
-- checkpoint_findings, advances the cursor. The cursor row is locked, so
-- several workers never scan the same range twice at once.
create or replace function verify_checkpoints_step(max_rows integer default 10000)
returns table (scanned bigint, found bigint, last_seq bigint, remaining bigint)
language plpgsql security definer set search_path = pg_catalog, public, pg_temp set jit = off as $$
declare
  v_from  bigint;
  v_to    bigint;
  v_n     bigint;
  v_bad   jsonb;
  v_found bigint;
begin
  if max_rows is null or max_rows < 1 then
    raise exception 'verify_checkpoints_step: max_rows must be >= 1' using errcode = 'invalid_parameter_value';
  end if;
  insert into checkpoint_scan_progress (scan) values ('verify') on conflict do nothing;
  select p.last_seq into v_from from checkpoint_scan_progress p where p.scan = 'verify' for update;

  select r.scanned, r.last_seq, r.findings into v_n, v_to, v_bad from verify_checkpoints_range(v_from, max_rows) r;

  with bad as (
    insert into checkpoint_findings (checkpoint_id, seq, entity_type, entity_id, expected_hash, actual_hash)
    select (f ->> 'checkpoint_id')::uuid, (f ->> 'seq')::bigint, f ->> 'entity_type', (f ->> 'entity_id')::uuid,
           f ->> 'expected_hash', f ->> 'actual_hash'
    from jsonb_array_elements(v_bad) f
    on conflict (checkpoint_id) do nothing
    returning 1)
  select count(*) into v_found from bad;

  update checkpoint_scan_progress p set last_seq = v_to, updated_at = now()
  where p.scan = 'verify';
  return query select v_n, v_found, v_to,
                      -- an upper bound (seq has gaps), cheap to read from the index
                      greatest(coalesce((select max(c.seq) from checkpoints c), 0) - v_to, 0);
end;
$$;
comment on function verify_checkpoints_step(integer) is
  'One step of the incremental integrity scan: verifies up to max_rows checkpoints after the saved cursor, records mismatches in checkpoint_findings, advances the cursor; returns scanned, found, the new cursor and how many remain. Owner only.';
revoke execute on function verify_checkpoints_step(integer) from public;
--! EndIncluded integrity.sql
--! Included retention.sql
-- Retention: the only way rows leave checkpoints.
--
-- The rule, per entity: keep its newest keep_last checkpoints; keep its
-- newest checkpoint at or before the horizon (now() - older_than), so that
-- every point after the horizon can still be rolled back to exactly; remove
-- every other checkpoint at or before the horizon.
--
-- Work goes in batches of whole entities, walking checkpoints_entity_seq_idx
-- from a cursor (entity id, then type): a batch reads the history of its entities once, ranks it
-- and deletes what the rule allows. Deleting history rows takes no lock that
-- a writer of the domain tables waits for (captures only insert), and two
-- prunes at once are safe: each deletes only rows that its rule allows, and
-- a row the other deleted first is simply skipped.

-- What prune removed, per entity: the first seq and the first created_at it
-- removed. An entity with no checkpoint left at or before a point, but with
-- removed ones there, had a state then that is no longer known; without this
-- record a history that now begins with a re-insert would read as "created
-- later" (see _state_unknown).
create table if not exists checkpoint_pruned (
  entity_id   uuid not null,
  entity_type varchar(50) not null,
  first_seq   bigint not null,
  first_at    timestamptz not null,
  primary key (entity_id, entity_type)
);
comment on table checkpoint_pruned is
  'pg-checkpoint: per entity, the oldest seq and created_at that prune_checkpoints removed (its history before them is gone).';
revoke all on checkpoint_pruned from public;

-- Whether prune removed checkpoints of an entity at or before a point (seq
-- below p_lo, or created_at at or before p_at). SECURITY DEFINER so that
-- rollback and entity_state_at, which run with the caller's privileges,
-- can ask; it reveals nothing else.
create or replace function _pruned_before(p_entity_type text, p_entity_id uuid, p_lo bigint, p_at timestamptz)
returns boolean
language sql stable security definer set search_path = pg_catalog, public, pg_temp as $$
  select exists (select 1 from checkpoint_pruned p
                 where p.entity_id = p_entity_id and p.entity_type = p_entity_type
                   and (p.first_seq < p_lo or p.first_at <= p_at))
$$;
comment on function _pruned_before(text, uuid, bigint, timestamptz) is
  'True when prune_checkpoints removed checkpoints of the entity before the point (seq below p_lo, or created_at at or before p_at).';

-- The rule behind _state_unknown (restore.sql): an entity with no checkpoint at or before a point
-- (seq below p_lo, or created_at at or before p_at) was absent then only if
-- its history begins with an insert and prune removed none of its
-- checkpoints there; otherwise the history misses its state at the point.
create or replace function _history_misses(p_entity_type text, p_entity_id uuid, p_lo bigint, p_at timestamptz)
returns boolean
language sql stable set search_path = pg_catalog, public, pg_temp as $$
  select (select f.operation from checkpoints f
          where f.entity_type = p_entity_type and f.entity_id = p_entity_id order by f.seq limit 1) <> 'insert'
         or _pruned_before(p_entity_type, p_entity_id, p_lo, p_at)
$$;
comment on function _history_misses(text, uuid, bigint, timestamptz) is
  'For an entity with no checkpoint at or before a point: true when its state then is unknown (its history begins with something other than an insert, or prune removed checkpoints before the point), false when it was absent.';

-- One batch: up to p_max_entities entities after the cursor (p_after_type,
-- p_after_id; nulls mean "from the start"). Returns the rows removed and the
-- last entity looked at (null when there are no more: the walk is done).
create or replace function prune_checkpoints_batch(
  horizon timestamptz, keep_last integer, after_type text default null, after_id uuid default null,
  max_entities integer default 1000)
returns table (removed bigint, last_entity_type text, last_entity_id uuid)
language plpgsql security definer set search_path = pg_catalog, public, pg_temp set jit = off as $$
declare
  v_types text[];
  v_ids   uuid[];
  v_n     int;
  v_count bigint;
begin
  if horizon is null or keep_last is null or max_entities is null then
    raise exception 'prune_checkpoints_batch: horizon, keep_last and max_entities are required'
      using errcode = 'invalid_parameter_value';
  end if;
  if keep_last < 0 or max_entities < 1 then
    raise exception 'prune_checkpoints_batch: keep_last must be >= 0 and max_entities >= 1 (got %, %)',
                    keep_last, max_entities
      using errcode = 'invalid_parameter_value';
  end if;

  -- The next entities in index order (the row comparison walks the index).
  select array_agg(e.entity_type order by e.entity_id, e.entity_type),
         array_agg(e.entity_id order by e.entity_id, e.entity_type)
    into v_types, v_ids
  from (select c.entity_type::text as entity_type, c.entity_id
        from checkpoints c
        -- one row comparison, whatever the cursor, so that even a generic
        -- plan walks the index from the cursor
        where (c.entity_id, c.entity_type) > (coalesce(after_id, '00000000-0000-0000-0000-000000000000'),
                                              coalesce(after_type, '')::varchar)
        group by c.entity_id, c.entity_type
        order by c.entity_id, c.entity_type
        limit max_entities) e;
  v_n := coalesce(cardinality(v_ids), 0);
  if v_n = 0 then
    return query select 0::bigint, null::text, null::uuid;
    return;
  end if;

  perform set_config('checkpoint.pruning', 'on', true);
  -- Rank each entity's history newest first: rn - 1 checkpoints are newer
  -- than a row. The newest row at or before the horizon has the smallest rn
  -- among the old ones; it stays, and so do the keep_last newest.
  with ranked as (
    select c.id, c.entity_type, c.entity_id, c.created_at <= horizon as old,
           row_number() over (partition by c.entity_type, c.entity_id order by c.seq desc) as rn
    from unnest(v_types, v_ids) e (entity_type, entity_id)
    join checkpoints c on c.entity_type = e.entity_type and c.entity_id = e.entity_id
  ), judged as (
    select r.id, r.old, r.rn,
           min(r.rn) filter (where r.old) over (partition by r.entity_type, r.entity_id) as newest_old_rn
    from ranked r
  )
  , removed as (
    delete from checkpoints c
    using judged j
    where c.id = j.id and j.old and j.rn > j.newest_old_rn and j.rn - 1 >= keep_last
    returning c.entity_type, c.entity_id, c.seq, c.created_at
  ), recorded as (
    insert into checkpoint_pruned as p (entity_id, entity_type, first_seq, first_at)
    select r.entity_id, r.entity_type, min(r.seq), min(r.created_at) from removed r group by 1, 2
    on conflict (entity_id, entity_type) do update
      set first_seq = least(p.first_seq, excluded.first_seq), first_at = least(p.first_at, excluded.first_at)
    returning 1
  )
  select count(*) into v_count from removed;
  perform set_config('checkpoint.pruning', '', true);
  return query select v_count, v_types[v_n], v_ids[v_n];
end;
$$;
comment on function prune_checkpoints_batch(timestamptz, integer, text, uuid, integer) is
  'One batch of prune_checkpoints for up to max_entities entities after the cursor (after_type, after_id): removes what the retention rule allows and returns the count and the new cursor (null when done). Lets a job prune in short transactions and report progress. Owner only.';

create or replace function prune_checkpoints(older_than interval, keep_last integer default 1) returns bigint
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  v_horizon timestamptz;
  v_total   bigint := 0;
  v_removed bigint;
  v_type    text;
  v_id      uuid;
begin
  if older_than is null or keep_last is null then
    raise exception 'prune_checkpoints: older_than and keep_last are required'
      using errcode = 'invalid_parameter_value';
  end if;
  if older_than < interval '0' then
    raise exception 'prune_checkpoints: older_than must not be negative (got %)', older_than
      using errcode = 'invalid_parameter_value', hint = 'Pass how old a checkpoint must be to go, e.g. interval ''30 days''.';
  end if;
  if keep_last < 0 then
    raise exception 'prune_checkpoints: keep_last must not be negative (got %)', keep_last
      using errcode = 'invalid_parameter_value';
  end if;
  v_horizon := now() - older_than;
  loop
    select b.removed, b.last_entity_type, b.last_entity_id into v_removed, v_type, v_id
    from prune_checkpoints_batch(v_horizon, keep_last, v_type, v_id) b;
    v_total := v_total + v_removed;
    exit when v_id is null;
  end loop;
  return v_total;
end;
$$;
comment on function prune_checkpoints(interval, integer) is
  'Removes checkpoints at or before now() - older_than, except each entity''s newest keep_last and its newest one at or before that horizon (so any later point can still be rolled back to exactly). Returns the number removed. Owner only (42501 for others); 22023 for a null or negative argument. One transaction; the prune job uses prune_checkpoints_batch for short ones.';

revoke execute on function prune_checkpoints(interval, integer) from public;
revoke execute on function prune_checkpoints_batch(timestamptz, integer, text, uuid, integer) from public;
--! EndIncluded retention.sql

-- The host application's entities are tracked out of the box.
select track_table('plans', 'plan');
select track_table('tasks', 'task', 'plan', 'plan_id');
select track_table('artifacts', 'artifact', 'task', 'task_id');
select track_table('prompts', 'prompt');
