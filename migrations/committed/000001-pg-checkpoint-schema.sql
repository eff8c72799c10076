--! Previous: -
--! Hash: sha1:9287e3e6a0a9827e3c2578e8445f377bdc663ac6
--! Message: pg-checkpoint schema

--! Included schema.sql
-- pg-checkpoint: the whole schema of this repository, in the order it is
-- built: the core, then the demo application. The committed migration is
-- generated from this list (npm run db:build-migration), and a test checks
-- that it still is.

-- pgcrypto in public, as the contract's database has it (digest() callable
-- unqualified); the core alone puts it in its own schema when it is missing.
create extension if not exists pgcrypto;
--! Included core.sql
-- pg-checkpoint's core, in the order it is built: everything but the demo
-- application's tables. `pg-checkpoint install` applies it (generated as
-- sql/pg-checkpoint.sql) to an existing database; every statement may run
-- again (an upgrade applies the newer version over the older).
--! Included setup.sql
-- What the rest of the schema stands on: the extensions, the schema that
-- holds pg-checkpoint's internals, and the one role of its own.
--
-- The public API (the contract's functions and the checkpoints table) lives
-- in public, so that `select rollback_entity('plan', ...)` works with the
-- default search_path. Everything else (registry, generated trigger
-- functions, helpers, bookkeeping tables) lives in the schema pgcheckpoint,
-- so that a user's \df shows what they may call and nothing else. (A name
-- starting with pg_ is reserved for PostgreSQL's own schemas.)

create schema if not exists pgcheckpoint;
comment on schema pgcheckpoint is
  'pg-checkpoint internals: the entity-type registry, generated capture and visibility functions, helpers and bookkeeping. The public API lives in public.';

-- pgcrypto where it already is; where it is not, in pgcheckpoint rather than
-- in public, so that installing pg-checkpoint adds no digest(), crypt(), ...
-- to the application's public schema. (This repository's own migration
-- creates it in public first: see schema.sql.)
create extension if not exists pgcrypto schema pgcheckpoint;
-- Everyone may resolve names in it (the public functions call into it with
-- the caller's privileges); what each object allows is granted one by one.
revoke all on schema pgcheckpoint from public;
grant usage on schema pgcheckpoint to public;

-- The one role that may delete history: prune_checkpoints_batch runs as it
-- (SECURITY DEFINER), and the append-only guard lets a DELETE through only
-- when the current user is this role. Nobody logs in as it and nobody is
-- granted it, so "inside prune_checkpoints" is a fact of privileges, not of
-- a call stack that a caller could imitate.
do $$
begin
  create role pgcheckpoint_pruner nologin;
exception when duplicate_object then null;
end;
$$;
comment on role pgcheckpoint_pruner is
  'pg-checkpoint: owns prune_checkpoints_batch, the only code allowed to delete from checkpoints. Not for login, not to be granted.';
grant usage on schema pgcheckpoint to pgcheckpoint_pruner;

-- The SHA-256 of a state, in lower-case hex: pgcrypto's digest(), called
-- through its own schema (internals pin their search_path without public).
-- A plain SQL function, so the planner inlines it where it is used.
do $$
begin
  execute format('create or replace function pgcheckpoint.hash(state text) returns text
                  language sql immutable parallel safe as %L',
                 format('select encode(%I.digest($1, %L), %L)',
                        (select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace
                         where e.extname = 'pgcrypto'), 'sha256', 'hex'));
end;
$$;
comment on function pgcheckpoint.hash(text) is
  'Lower-case hex SHA-256 of a state''s text (pgcrypto digest), as state_hash holds it.';

-- Which versions of pg-checkpoint were installed here, and when (written by
-- `pg-checkpoint install` and by the plain SQL file; the repository's own
-- migrations leave it empty).
create table if not exists pgcheckpoint.versions (
  version      text primary key,
  installed_at timestamptz not null default now()
);
comment on table pgcheckpoint.versions is
  'pg-checkpoint: versions installed into this database (pg-checkpoint install, sql/pg-checkpoint.sql).';
revoke all on pgcheckpoint.versions from public;
grant select on pgcheckpoint.versions to public;
--! EndIncluded setup.sql
--! Included requests.sql
-- What the history itself refers to, in the application's schema:
-- request_logs (every checkpoint may name the request that made it: the
-- contract's foreign key) and touch_updated_at(), the updated_at trigger
-- function that leaves restores alone (use it on your own tables).

create table if not exists request_logs (
  id         uuid primary key default gen_random_uuid(),
  method     text,
  path       text,
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

create or replace trigger touch_updated_at before update on request_logs for each row
  when (coalesce(current_setting('checkpoint.restoring', true), '') <> 'on')
  execute function touch_updated_at();
--! EndIncluded requests.sql
--! Included checkpoints.sql
-- The history: one row per saved state of one entity, append-only.

create table if not exists checkpoints (
  id             uuid primary key default gen_random_uuid(),
  -- Global capture order: "a point in time" for rollback is a seq.
  seq            bigint generated always as identity unique,
  entity_type    varchar(50) not null,
  entity_id      uuid not null,
  -- insert, update, delete (captures), manual (create_checkpoint), baseline
  -- (track_table). No CHECK constraint: only the owner's code writes this
  -- table, always with one of these literals, and a CHECK is parsed and
  -- compiled again for every writing statement (~5 µs of a single-row
  -- capture, bench/README.md "What costs what").
  operation      text not null,
  state_data     jsonb not null,
  state_hash     varchar(64) not null,
  reason         varchar(255),
  created_by     varchar(255),
  created_at     timestamptz not null default now(),
  request_id     uuid references request_logs (id) on delete set null,
  trace_id       varchar(255),
  -- The OpenTelemetry span that made the write (session setting
  -- checkpoint.span_id, 16 hex digits): links a checkpoint to its exact span.
  span_id        varchar(16),
  -- The entity's parent (through its registered parent column) in this state,
  -- and, for an update that moved it, the parent it left. They let a rollback
  -- find what was below an entity since a point without reading whole states.
  parent_id      uuid,
  prev_parent_id uuid,
  -- The writing transaction: a unit of work that revert_changes can undo.
  transaction_id xid8 not null default pg_current_xact_id(),
  -- The point this checkpoint belongs to: the clock time at which the capture
  -- of its top-level statement began. Every capture of one top-level
  -- statement (its cascades and the writes of its triggers included) and
  -- every write of one restore, rollback or revert share it. A checkpoint as
  -- a rollback target means the end of its point, never a moment inside it.
  statement_at   timestamptz not null default clock_timestamp(),
  -- What to_jsonb cannot say about a value, per column: the column's text
  -- (its type's output) where the JSON rendering would read back as another
  -- value (JSON null in a jsonb column, -0 in a float, an array's lower
  -- bounds, a json column's exact text, a type rendered through a cast to
  -- json such as hstore). Null for almost every row. Each entry is checked
  -- against state_data before a restore uses it (see _exact_checked).
  state_exact    jsonb
);

-- (An install over a version that had the CHECK on operation drops it; see
-- the column above.)
alter table checkpoints drop constraint if exists checkpoints_operation_check;

comment on table checkpoints is
  'pg-checkpoint history: every saved state of every tracked entity, append-only (only prune_checkpoints removes rows).';
comment on column checkpoints.statement_at is
  'The point the checkpoint belongs to: one per top-level statement (with its cascades and trigger writes) and one per restore, rollback or revert. A rollback to a checkpoint goes to the end of its point.';
comment on column checkpoints.state_exact is
  'Per column, the exact text of a value that to_jsonb renders ambiguously (JSON null, -0, array bounds, json text, types with a cast to json); null for most rows.';

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
  on checkpoints (entity_id, seq) where operation = 'manual';

-- Rollback scope: the children that were below a parent since a point.
create index if not exists checkpoints_parent_seq_idx
  on checkpoints (parent_id, seq) where parent_id is not null;

-- Rollback scope: children that moved away from a parent since a point.
-- Moves are rare, so this partial index stays small.
create index if not exists checkpoints_prev_parent_seq_idx
  on checkpoints (prev_parent_id, seq) where prev_parent_id is not null;

-- Serves the ON DELETE SET NULL when a request log is deleted, and
-- revert_changes(request_id => ...). Only rows that carry one.
create index if not exists checkpoints_request_id_idx
  on checkpoints (request_id) where request_id is not null;

-- revert_changes(trace_id => ...). Only rows that carry one.
create index if not exists checkpoints_trace_id_idx
  on checkpoints (trace_id) where trace_id is not null;

-- Points and transactions: "the rows of this point" (its transaction and
-- statement_at; the last seq of a point is one backward step) and "the rows
-- of this transaction" (revert_changes(transaction_id => ...)). And time:
-- "the rows of transactions that began after T" (rollback_entity(to_time =>
-- ...)). Both grow with seq, so captures insert at their right edge.
-- (They replace a block-range index on the three columns, whose summaries
-- were cheap to keep while captures appended to fresh ranges but not once
-- captures filled the space that pruning frees: each capture then updated
-- a summarized range, a minmax-multi summary sorted again per row. These
-- two cost ~13% less CPU per single-row write in that state, about the same
-- when appending, and 4-13% more in bulk statements: bench/README.md, "What
-- costs what".)
drop index if exists checkpoints_time_brin;
create index if not exists checkpoints_transaction_idx
  on checkpoints (transaction_id, statement_at, seq);
create index if not exists checkpoints_created_at_idx
  on checkpoints (created_at);

-- Nobody but the owner touches the history directly: captures go through
-- SECURITY DEFINER functions, readers are granted SELECT explicitly, and
-- prune runs as pgcheckpoint_pruner.
revoke all on checkpoints from public;
grant select, delete on checkpoints to pgcheckpoint_pruner;

-- Append-only. UPDATE is refused for everyone, the owner included; the one
-- exception is the foreign key's own ON DELETE SET NULL of request_id, which
-- runs as a nested statement (trigger depth > 1) and changes nothing else.
create or replace function pgcheckpoint.refuse_update() returns trigger
language plpgsql set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
begin
  if tg_level = 'STATEMENT' then
    if pg_trigger_depth() > 1 then
      return null;   -- the row-level guard decides
    end if;
    raise exception 'checkpoints are append-only: they cannot be updated'
      using errcode = 'insufficient_privilege',
            hint = 'Make a new checkpoint instead (create_checkpoint, or a write to the entity).';
  end if;
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
comment on function pgcheckpoint.refuse_update() is
  'Guard on checkpoints: refuses every UPDATE except the request_id foreign key''s ON DELETE SET NULL.';

-- DELETE is let through only for pgcheckpoint_pruner, the role that
-- prune_checkpoints_batch runs as (see setup.sql); TRUNCATE never.
create or replace function pgcheckpoint.refuse_delete() returns trigger
language plpgsql set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
begin
  if tg_op = 'DELETE' and current_user = 'pgcheckpoint_pruner' then
    return null;
  end if;
  raise exception 'checkpoints are append-only: % is not allowed', tg_op
    using errcode = 'insufficient_privilege',
          hint = case when tg_op = 'DELETE'
                      then 'Old checkpoints are removed only by prune_checkpoints(older_than, keep_last).'
                      else 'The history cannot be truncated; prune_checkpoints removes old checkpoints.' end;
end;
$$;
comment on function pgcheckpoint.refuse_delete() is
  'Guard on checkpoints: refuses DELETE except by pgcheckpoint_pruner (prune_checkpoints_batch), and TRUNCATE always.';

-- (Row-level, to let the foreign key's own update through; and
-- statement-level too, so that an UPDATE that row-level security reduces to
-- no row at all is refused rather than silently done.)
create or replace trigger refuse_update before update on checkpoints
  for each row execute function pgcheckpoint.refuse_update();
create or replace trigger refuse_update_statement before update on checkpoints
  for each statement execute function pgcheckpoint.refuse_update();
create or replace trigger refuse_delete before delete on checkpoints
  for each statement execute function pgcheckpoint.refuse_delete();
create or replace trigger refuse_truncate before truncate on checkpoints
  for each statement execute function pgcheckpoint.refuse_delete();

-- Row-level security carries over: a role reads only the states of entities
-- that the tracked table's own policies would let it see, had that state
-- been the live row (see pgcheckpoint.visible, generated by track_table and
-- kept current by the DDL guard). The owner, superusers and BYPASSRLS roles
-- see everything, as they do in the tracked tables; the pruner walks all.
alter table checkpoints enable row level security;
drop policy if exists checkpoints_prune on checkpoints;
create policy checkpoints_prune on checkpoints to pgcheckpoint_pruner using (true);
--! EndIncluded checkpoints.sql
--! Included registry.sql
-- The entity-type registry: which table holds which entity type, and how a
-- type hangs below its parent (rollback cascades along these links); and
-- the code generated for each tracked table from its definition.

create table if not exists pgcheckpoint.entity_types (
  entity_type   varchar(50) primary key,
  table_name    regclass not null unique,
  pk_column     name not null,
  parent_type   varchar(50) references pgcheckpoint.entity_types (entity_type),
  parent_column name,
  parent_attnum int2,   -- the parent column's number: a rename is followed (ddl.sql)
  tracked_at    timestamptz not null default now(),
  -- When the table's columns last changed (tracking, or DDL since): a state
  -- captured by a transaction that began later has exactly the columns the
  -- table has now, which spares a restore comparing key sets row by row.
  shape_at      timestamptz not null default now(),
  check ((parent_type is null) = (parent_column is null))
);
comment on table pgcheckpoint.entity_types is
  'pg-checkpoint registry: tracked tables, their entity type, primary key and parent link. Maintained by track_table / untrack_table and the DDL guard.';
-- Everyone may read the registry (it holds no data); only track_table writes it.
revoke all on pgcheckpoint.entity_types from public;
grant select on pgcheckpoint.entity_types to public;

-- Types untracked by untrack_table and not tracked again since. While a table
-- is untracked its writes make no checkpoints; when it is tracked again,
-- track_table looks for the rows that were deleted meanwhile (see there).
create table if not exists pgcheckpoint.untracked_types (
  entity_type  varchar(50) primary key,
  untracked_at timestamptz not null default now()
);
comment on table pgcheckpoint.untracked_types is
  'pg-checkpoint: entity types untracked by untrack_table and not tracked again since (their history has a gap from untracked_at).';
revoke all on pgcheckpoint.untracked_types from public;
grant select on pgcheckpoint.untracked_types to public;

-- The registry row of a type, or 22023 naming the unknown type.
create or replace function pgcheckpoint.entity_type(p_entity_type text) returns pgcheckpoint.entity_types
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  t pgcheckpoint.entity_types;
begin
  if p_entity_type is null then
    raise exception 'entity_type is required' using errcode = 'invalid_parameter_value';
  end if;
  select * into t from pgcheckpoint.entity_types r where r.entity_type = p_entity_type;
  if not found then
    raise exception 'unknown entity type %', quote_literal(p_entity_type)
      using errcode = 'invalid_parameter_value',
            hint = 'Registered types are listed in pgcheckpoint.entity_types; track_table() registers one.';
  end if;
  return t;
end;
$$;
comment on function pgcheckpoint.entity_type(text) is
  'Registry row of an entity type; 22023 when the type is null or not registered.';

-- ---------------------------------------------------------------------------
-- How the values of a table are rendered, and read back exactly.
--
-- state_data is to_jsonb(row). That is exact for most types, but not all:
-- JSON null in a jsonb column reads back as SQL NULL, float -0 as 0, an
-- array's lower bounds are lost, a json column is normalized (key order,
-- duplicate keys, spacing), and a type with a cast to json (hstore, PostGIS
-- geometry) is rendered through that cast and cannot be read back at all.
-- For those columns the capture also keeps the value's own text (its type's
-- output function) in state_exact, only when the JSON would mislead
-- (always, for the last two kinds). Each column gets a kind:
--   plain  JSON reads back exactly; nothing more is kept
--   jsonb  the text is kept when the value is JSON null
--   float  the text is kept when the value is -0
--   array  the text is kept when a lower bound is not 1
--   exact  the text is always kept
-- ---------------------------------------------------------------------------

-- The cast to json that to_jsonb would call for a type, or null: only a
-- user-defined type's (oid >= 16384) cast to json through a function, and
-- not from an array, a composite or a domain (to_jsonb renders those
-- itself, a domain through its base type).
create or replace function pgcheckpoint.json_cast(p_type oid) returns oid
language sql stable set search_path = pg_catalog, pg_temp as $$
  select c.castfunc from pg_cast c join pg_type t on t.oid = c.castsource
  where c.castsource = p_type and c.casttarget = 'json'::regtype and c.castmethod = 'f' and p_type >= 16384
    and t.typtype not in ('c', 'd') and t.typcategory <> 'A'
$$;
comment on function pgcheckpoint.json_cast(oid) is
  'The function of a cast to json that to_jsonb would call for a (user-defined) type, or null.';

-- The kind of a type (see above), domains seen through to their base.
create or replace function pgcheckpoint.value_kind(p_type oid, p_depth int default 0) returns text
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  t pg_type;
begin
  select * into t from pg_type ty where ty.oid = p_type;
  if t.oid is null or p_depth > 20 then
    return 'exact';
  end if;
  if t.typtype = 'd' then
    return pgcheckpoint.value_kind(t.typbasetype, p_depth + 1);
  end if;
  if t.oid = 'json'::regtype or pgcheckpoint.json_cast(t.oid) is not null then
    return 'exact';
  end if;
  if t.oid = 'jsonb'::regtype then
    return 'jsonb';
  end if;
  if t.oid in ('float4'::regtype, 'float8'::regtype) then
    return 'float';
  end if;
  if t.typcategory = 'A' and t.typlen = -1 and t.typelem <> 0 then
    return case when pgcheckpoint.value_kind(t.typelem, p_depth + 1) = 'plain' then 'array' else 'exact' end;
  end if;
  if t.typtype = 'c' then
    return case when exists (select 1 from pg_attribute a
                             where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped
                               and pgcheckpoint.value_kind(a.atttypid, p_depth + 1) <> 'plain')
                then 'exact' else 'plain' end;
  end if;
  return 'plain';
end;
$$;
comment on function pgcheckpoint.value_kind(oid, int) is
  'How a value of the type round-trips through to_jsonb: plain (exactly), jsonb / float / array (its text is kept when JSON null, -0, or lower bounds not 1), exact (its text is always kept).';

-- Every type the values of a table are made of: column types and, through
-- them, domain bases, array elements, composite attributes, range subtypes.
create or replace function pgcheckpoint.types_of(p_table regclass) returns oid[]
language sql stable set search_path = pg_catalog, pg_temp as $$
  with recursive t (oid, depth) as (
    select a.atttypid, 0 from pg_attribute a
    where a.attrelid = p_table and a.attnum > 0 and not a.attisdropped
    union
    select c.child, t.depth + 1
    from t
    join pg_type ty on ty.oid = t.oid
    cross join lateral (
      select nullif(ty.typelem, 0)
      union all select nullif(ty.typbasetype, 0)
      union all select a.atttypid from pg_attribute a
                where ty.typrelid <> 0 and a.attrelid = ty.typrelid and a.attnum > 0 and not a.attisdropped
      union all select r.rngsubtype from pg_range r where r.rngtypid = ty.oid or r.rngmultitypid = ty.oid
    ) c (child)
    where c.child is not null and t.depth < 20
  )
  select coalesce(array_agg(distinct t.oid), '{}') from t
$$;
comment on function pgcheckpoint.types_of(regclass) is
  'Every type the rows of a table are made of (columns, and through them domain bases, array elements, composite attributes, range subtypes).';

-- Rows are rendered as the owner of checkpoints (the capture is SECURITY
-- DEFINER), and to_jsonb calls a type's cast to json if it has one: that
-- cast's code would run with the owner's rights. So a cast is trusted only
-- when its function belongs to a superuser or to the owner of checkpoints
-- (neither gains anything by it); any other makes the table untrackable.
-- Returns a description of the first untrusted cast, or null.
create or replace function pgcheckpoint.untrusted_cast(p_table regclass) returns text
language sql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
  select format('%s::json by %s, owned by %s', ty::regtype, p.oid::regprocedure, p.proowner::regrole)
  from unnest(pgcheckpoint.types_of(p_table)) ty
  join pg_proc p on p.oid = pgcheckpoint.json_cast(ty)
  where p.proowner <> (select k.relowner from pg_class k where k.oid = 'public.checkpoints'::regclass)
    and not exists (select 1 from pg_roles r where r.oid = p.proowner and r.rolsuper)
  limit 1
$$;
comment on function pgcheckpoint.untrusted_cast(regclass) is
  'The first cast to json, among the types a table''s rows are made of, whose function belongs to neither a superuser nor the owner of checkpoints (its code would run as that owner inside a capture), or null.';

-- 42501 when rendering rows of the table would run such a cast.
create or replace function pgcheckpoint.refuse_untrusted_cast(p_table regclass) returns void
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  v_cast text := pgcheckpoint.untrusted_cast(p_table);
begin
  if v_cast is not null then
    raise exception 'cannot track %: rendering its rows would run a cast of another role as the owner of the history (%)',
                    p_table, v_cast
      using errcode = 'insufficient_privilege',
            hint = 'Drop the cast, or have its function owned by a superuser or by the owner of checkpoints.';
  end if;
end;
$$;
comment on function pgcheckpoint.refuse_untrusted_cast(regclass) is
  'Raises 42501 when rendering the table''s rows would run a cast to json owned by another role (see untrusted_cast).';

-- The settings under which a table's values are rendered, so that the same
-- value always renders (and hashes) the same whatever the writing session's
-- settings: only those its types depend on (each SET on a function costs its
-- every call).
create or replace function pgcheckpoint.render_settings(p_table regclass) returns text
language sql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
  with ty as (select unnest(pgcheckpoint.types_of(p_table)) as t)
  select concat_ws(' ',
    case when exists (select 1 from ty where t in ('timestamptz'::regtype, 'timetz'::regtype))
         then $s$set timezone = 'UTC'$s$ end,
    case when exists (select 1 from ty where t in ('date'::regtype, 'time'::regtype, 'timetz'::regtype,
                                                  'timestamp'::regtype, 'timestamptz'::regtype))
         then $s$set datestyle = 'ISO, MDY'$s$ end,
    case when exists (select 1 from ty where t = 'interval'::regtype) then $s$set intervalstyle = 'postgres'$s$ end,
    case when exists (select 1 from ty where t in ('float4'::regtype, 'float8'::regtype))
         then $s$set extra_float_digits = 3$s$ end,
    case when exists (select 1 from ty where t = 'bytea'::regtype) then $s$set bytea_output = 'hex'$s$ end,
    case when exists (select 1 from ty where t = 'money'::regtype) then $s$set lc_monetary = 'C'$s$ end)
$$;
comment on function pgcheckpoint.render_settings(regclass) is
  'The SET clauses (timezone, datestyle, ...) that rendering the table''s values depends on, for its generated capture function.';

-- The SQL expression (over rows aliased p_alias) that gives state_exact: a
-- jsonb object of the columns whose text must be kept, or null. Column names
-- are quoted once, as identifiers (%I) and as keys (%L).
create or replace function pgcheckpoint.exact_sql(p_table regclass, p_alias text) returns text
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  a       record;
  v_col   text;
  v_cond  text;
  v_conds text[] := '{}'::text[];
  v_pairs text[] := '{}'::text[];
begin
  for a in
    select att.attname, pgcheckpoint.value_kind(att.atttypid) as kind
    from pg_attribute att
    where att.attrelid = p_table and att.attnum > 0 and not att.attisdropped
    order by att.attnum
  loop
    continue when a.kind = 'plain';
    v_col := format('%I.%I', p_alias, a.attname);
    v_cond := case a.kind
      when 'jsonb' then format($e$%1$s = 'null'::jsonb$e$, v_col)
      when 'float' then format($e$(%1$s = 0 and %1$s::text = '-0')$e$, v_col)
      when 'array' then format($e$(array_lower(%1$s, 1) <> 1 or (array_ndims(%1$s) > 1 and %1$s::text like '[%%'))$e$, v_col)
      else format('%s is not null', v_col) end;
    v_conds := v_conds || v_cond;
    v_pairs := v_pairs || format('%L, case when %s then %s::text end', a.attname, v_cond, v_col);
  end loop;
  if cardinality(v_conds) = 0 then
    return 'null::jsonb';
  end if;
  return format('case when %s then jsonb_strip_nulls(jsonb_build_object(%s)) end',
                array_to_string(v_conds, ' or '), array_to_string(v_pairs, ', '));
end;
$$;
comment on function pgcheckpoint.exact_sql(regclass, text) is
  'SQL expression computing state_exact for a row of the table (null::jsonb when every column renders exactly).';

-- ---------------------------------------------------------------------------
-- The capture function of one tracked table: pgcheckpoint.capture__<type>(),
-- generated by track_table (again after any DDL on the table, by the DDL
-- guard), fired AFTER each INSERT / UPDATE / DELETE statement with its
-- transition tables, and BEFORE TRUNCATE. Generated rather than generic so
-- that the key and the parent link are typed columns, and so that only the
-- settings and checks its column types need are paid for.
--
-- Two ways to capture a statement:
--   fast     every row of the transition table becomes a checkpoint, in one
--            INSERT ... SELECT (an UPDATE pairs old and new rows by key and
--            skips rows left identical);
--   careful  when other captures may have run inside this statement (a
--            nested capture: a trigger's write, a cascade; or the table's
--            primary key is deferrable, so that one statement can delete and
--            re-insert an id): each row is compared with the live row and
--            with the entity's latest checkpoint, so that the history ends
--            with the live state. A row that a later write of this statement
--            changed again is skipped (that write's capture records it); a
--            prior state that no capture recorded yet (the outer statement's
--            write, whose capture fires after its triggers') is recorded
--            first. See pgcheckpoint.capture_careful.
--
-- The point (statement_at): the clock at the first capture of the top-level
-- statement. A nested capture leaves its point in checkpoint.nested for the
-- top-level capture that follows it (which also takes the careful way); a
-- restore fixes it in checkpoint.point for all its writes.
--
-- SECURITY DEFINER so that roles with no privilege on checkpoints can write
-- tracked tables; EXECUTE is revoked, so nobody can attach it elsewhere.
-- Identifiers are quoted once (%I, or regclass output) into the body, and
-- the body is passed to CREATE FUNCTION as one literal (%L): no name is ever
-- pasted into a string that is executed again.
-- ---------------------------------------------------------------------------
create or replace function pgcheckpoint.capture_function(t pgcheckpoint.entity_types) returns regprocedure
language plpgsql set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  v_name   name := 'capture__' || t.entity_type;
  v_type   text := quote_literal(t.entity_type);
  v_table  text := t.table_name::text;   -- regclass output: quoted, qualified when needed
  k        text := quote_ident(t.pk_column);
  v_deferrable boolean := exists (select 1 from pg_constraint c
                                  where c.conrelid = t.table_name and c.contype = 'p' and c.condeferrable);
  v_cols   text := 'id, seq, entity_type, entity_id, operation, state_data, state_hash, reason, created_by,
                    request_id, trace_id, span_id, parent_id, prev_parent_id, statement_at, state_exact';
  -- Ids of captured checkpoints are made from their seq: 16 fixed hex
  -- digits with the version digit 8, then the seq with the variant bits set
  -- (a UUIDv8: a custom layout). Unique because seq is, in seq order, so the
  -- primary key is appended to, and cheap per row.
  -- rows of one transition table (or of the table, for TRUNCATE) as the
  -- fast way writes them: (s, e, op, p, pp, j, x)
  v_rows   text := $r$select nextval('public.checkpoints_seq_seq') as s, r.%1$s as e, %2$L::text as op,
                            %3$s as p, null::uuid as pp, to_jsonb(r.*) as j, %4$s as x
                     from %5$s r offset 0$r$;
  v_fast   text := $w$
    insert into public.checkpoints (%1$s)
    overriding system value
    select ('0000000000008000' || to_hex(c.s | -9223372036854775808))::uuid, c.s, %2$s, c.e, c.op, c.j,
           pgcheckpoint.hash(c.j::text),
           v_reason, v_actor, v_request_id, v_trace_id, v_span_id, c.p, c.pp, v_stamp, c.x
    from (%3$s) c;$w$;
  -- the careful way (see above): the changes, as (e, op, j, x, p, oj, ox,
  -- opar), judged against the live row and the latest checkpoint
  v_careful text := $w$
    insert into public.checkpoints (%1$s)
    overriding system value
    select ('0000000000008000' || to_hex(c.s | -9223372036854775808))::uuid, c.s, %2$s, c.e, c.op, c.j, c.jh,
           v_reason, v_actor, v_request_id, v_trace_id, v_span_id, c.p, c.pp, v_stamp, c.x
    from (select nextval('public.checkpoints_seq_seq') as s, w.*
          from (with c0 as materialized (%3$s),
                h as materialized (
                  select c0.*, hh.jh, case when c0.oj is not null then pgcheckpoint.hash(c0.oj::text) end as oh
                  from c0 cross join lateral (select pgcheckpoint.hash(c0.j::text) as jh) hh),
                d as materialized (
                  select h.*,
                         case when h.op = 'delete' then h.j else h.oj end as prior_j,
                         case when h.op = 'delete' then h.jh else h.oh end as prior_h,
                         case when h.op = 'delete' then h.x else h.ox end as prior_x,
                         case when h.op = 'delete' then h.p else h.opar end as prior_p,
                         l.operation as l_op, l.state_hash as l_hash, l.state_data as l_state,
                         l.state_exact as l_exact, l.parent_id as l_parent,
                         -- a later write of this statement changed the row again
                         case when h.op = 'delete' then v.e is not null
                              else v.e is null or v.j::text <> h.j::text end as stale,
                         -- the latest checkpoint already says this (written ahead)
                         coalesce(l.state_hash = h.jh and l.state_exact is not distinct from h.x
                                  and case when h.op = 'delete' then l.operation = 'delete'
                                           else l.operation in ('insert', 'update') end, false) as done
                  from h
                  left join lateral (select c.operation, c.state_hash, c.state_data, c.state_exact, c.parent_id
                                     from public.checkpoints c
                                     where c.entity_id = h.e and c.entity_type = %2$s
                                     order by c.seq desc limit 1) l on true
                  left join lateral (select t.%4$s as e, to_jsonb(t.*) as j from %5$s t where t.%4$s = h.e) v on true)
                -- the state before this change, when no capture has recorded it
                select 1 as ord, d.e,
                       case when d.op = 'insert' then 'delete'
                            when d.l_op is null or d.l_op = 'delete' then 'insert' else 'update' end as op,
                       case when d.op = 'insert' then d.l_state else d.prior_j end as j,
                       case when d.op = 'insert' then d.l_hash else d.prior_h end as jh,
                       case when d.op = 'insert' then d.l_exact else d.prior_x end as x,
                       case when d.op = 'insert' then d.l_parent else d.prior_p end as p,
                       case when d.op <> 'insert' and d.l_op <> 'delete' and d.l_parent is distinct from d.prior_p
                            then d.l_parent end as pp
                from d
                where not d.stale and not d.done
                  and case when d.op = 'insert' then d.l_op is not null and d.l_op <> 'delete'
                           else d.l_op is null or d.l_op = 'delete' or d.l_hash <> d.prior_h
                                or d.l_exact is distinct from d.prior_x end
                union all
                -- the change itself
                select 2, d.e, d.op, d.j, d.jh, d.x, d.p,
                       case when d.op = 'update' and d.opar is distinct from d.p then d.opar end
                from d
                where not d.stale and not d.done
                order by 1
                offset 0) w) c;$w$;
  -- the changes of one statement, for the careful way
  v_changes_new text := $c$select n.%1$s as e, 'insert'::text as op, to_jsonb(n.*) as j, %2$s as x, %3$s as p,
                                 null::jsonb as oj, null::jsonb as ox, null::uuid as opar
                          from new_rows n$c$;
  v_changes_old text := $c$select o.%1$s as e, 'delete'::text as op, to_jsonb(o.*) as j, %2$s as x, %3$s as p,
                                 null::jsonb as oj, null::jsonb as ox, null::uuid as opar
                          from old_rows o$c$;
  -- Updated rows are paired by key; a row left identical (byte for byte)
  -- makes no checkpoint; a changed key reads as the old entity deleted and a
  -- new one inserted; a row whose parent changed records the parent it left.
  -- (%2$s to %5$s: the state_exact, parent, prior state_exact and prior
  -- parent of each pair, below: constants when the table has no parent
  -- column or no value JSON cannot say, so that a statement's executor sets
  -- up no expression that can only give null.)
  v_changes_upd text := $c$select coalesce(n.%1$s, o.%1$s) as e,
                                 case when o.%1$s is null then 'insert' when n.%1$s is null then 'delete' else 'update' end as op,
                                 case when n.%1$s is null then to_jsonb(o.*) else to_jsonb(n.*) end as j,
                                 %2$s as x, %3$s as p,
                                 case when n.%1$s is not null and o.%1$s is not null then to_jsonb(o.*) end as oj,
                                 %4$s as ox, %5$s as opar
                          from new_rows n full join old_rows o on o.%1$s = n.%1$s
                          where o.%1$s is null or n.%1$s is null or o.* *<> n.*$c$;
  v_fast_upd text := $r$select nextval('public.checkpoints_seq_seq') as s, u.e, u.op, u.p, %2$s as pp, u.j, u.x
                        from (%1$s) u offset 0$r$;
  v_parent boolean := t.parent_column is not null;
  p_r text := coalesce('r.' || quote_ident(t.parent_column), 'null::uuid');
  p_n text := coalesce('n.' || quote_ident(t.parent_column), 'null::uuid');
  p_o text := coalesce('o.' || quote_ident(t.parent_column), 'null::uuid');
  x_r text := pgcheckpoint.exact_sql(t.table_name, 'r');
  x_n text := pgcheckpoint.exact_sql(t.table_name, 'n');
  x_o text := pgcheckpoint.exact_sql(t.table_name, 'o');
  v_exact boolean := x_n <> 'null::jsonb';
  c_ins text := format(v_changes_new, k, x_n, p_n);
  c_del text := format(v_changes_old, k, x_o, p_o);
  c_upd text := format(v_changes_upd, k,
    case when v_exact then format('case when n.%s is null then %s else %s end', k, x_o, x_n) else 'null::jsonb' end,
    case when v_parent then format('case when n.%s is null then %s else %s end', k, p_o, p_n) else 'null::uuid' end,
    case when v_exact then format('case when n.%1$s is not null and o.%1$s is not null then %2$s end', k, x_o) else 'null::jsonb' end,
    case when v_parent then format('case when n.%1$s is not null and o.%1$s is not null then %2$s end', k, p_o) else 'null::uuid' end);
  v_fast_pp text := case when v_parent then $p$case when u.op = 'update' and u.opar is distinct from u.p then u.opar end$p$
                         else 'null::uuid' end;
  -- the fast way's three statements, and the stamp a statement's first
  -- capture leaves ("microseconds:the statement's start"), each written once
  -- for both places that use them below
  f_ins text := format(v_fast, v_cols, v_type, format(v_rows, k, 'insert', p_r, x_r, 'new_rows'));
  f_upd text := format(v_fast, v_cols, v_type, format(v_fast_upd, c_upd, v_fast_pp));
  f_del text := format(v_fast, v_cols, v_type, format(v_rows, k, 'delete', p_r, x_r, 'old_rows'));
  c_stamp text := $s$(extract(epoch from v_stamp) * 1000000)::bigint || ':'
                         || (extract(epoch from statement_timestamp()) * 1000000)::bigint$s$;
  v_quick text := '';
  v_body text;
begin
  -- The common case first, in as few steps as it takes (each step is an
  -- expression that PL/pgSQL prepares again in every transaction, so a
  -- single-row write pays for every one): the first capture of a top-level
  -- statement outside any restore (no stamp yet, trigger depth 1, no fixed
  -- point) takes the clock as the point, leaves the stamp for the
  -- statement's other captures and writes its rows the fast way. Exactly
  -- what the general steps after it do in that case. (None for a table
  -- whose key is deferrable: its captures always take the careful way.)
  if not v_deferrable then
    v_quick := format($q$
  if coalesce(current_setting('checkpoint.stamp', true), '') = '' and tg_op <> 'TRUNCATE'
     and pg_trigger_depth() = 1 and coalesce(current_setting('checkpoint.point', true), '') = '' then
    v_stamp := clock_timestamp();
    v_mark := set_config('checkpoint.stamp', %4$s, true);
    if tg_op = 'UPDATE' then %1$s
    elsif tg_op = 'INSERT' then %2$s
    else %3$s
    end if;
    return null;
  end if;
$q$, f_upd, f_ins, f_del, c_stamp);
  end if;
  v_body := format($b$
declare
  v_mark       text;
  v_depth      int;
  v_point      text;
  v_careful    boolean;
  v_stamp      timestamptz;
  v_n          bigint;
  -- what every checkpoint of this statement records of the session (see
  -- pgcheckpoint.context), read once
  v_reason     text := pgcheckpoint.context_text('checkpoint.reason', 255);
  v_actor      text := pgcheckpoint.context_actor();
  v_request_id uuid := pgcheckpoint.context_request_id();
  v_trace_id   text := pgcheckpoint.context_text('checkpoint.trace_id', 255);
  v_span_id    text := pgcheckpoint.context_text('checkpoint.span_id', 16);
begin%9$s
  v_mark := current_setting('checkpoint.stamp', true);
  v_depth := pg_trigger_depth();
  v_point := current_setting('checkpoint.point', true);
  v_careful := %1$L::boolean;
  -- The point (statement_at). A restore fixes one for all its writes
  -- (checkpoint.point). Otherwise the first capture of a top-level statement
  -- takes the clock and leaves it in checkpoint.stamp, as "microseconds:the
  -- statement's start", for the other captures of the statement (its
  -- cascades, its triggers' writes), with a "!" once a nested one ran (the
  -- captures after it then take the careful way). The statement's BEFORE
  -- trigger (pgcheckpoint.statement_begins) clears it.
  if v_mark <> '' and not (tg_op = 'TRUNCATE' and v_depth = 1)
     and split_part(rtrim(v_mark, '!'), ':', 2) = (extract(epoch from statement_timestamp()) * 1000000)::bigint::text then
    v_stamp := 'epoch'::timestamptz + split_part(v_mark, ':', 1)::bigint * interval '1 microsecond';
    if right(v_mark, 1) = '!' then
      v_careful := true;
    elsif v_depth > 1 then
      -- inside another statement, whose own capture comes after this one
      v_careful := true;
      v_mark := set_config('checkpoint.stamp', v_mark || '!', true);
    end if;
  else
    v_stamp := clock_timestamp();
    v_careful := v_careful or v_depth > 1;
    -- (set_config assigned, not PERFORMed: an assignment evaluates it in
    -- place, PERFORM would run it as a query, ~1 µs more)
    v_mark := set_config('checkpoint.stamp', %10$s
                         || case when v_depth > 1 then '!' else '' end, true);
  end if;
  if v_point <> '' then
    v_stamp := 'epoch'::timestamptz + v_point::bigint * interval '1 microsecond';
  end if;
  if tg_op = 'TRUNCATE' then
    -- TRUNCATE fires no row triggers: every row is recorded as deleted first.
    %2$s
  elsif not v_careful then
    if tg_op = 'INSERT' then %3$s
    elsif tg_op = 'UPDATE' then %4$s
    else %5$s
    end if;
  elsif tg_op = 'INSERT' then %6$s
  elsif tg_op = 'UPDATE' then %7$s
  else %8$s
  end if;
  -- During a restore, every capture counts itself: the restore compares the
  -- count with what its caller may see (row-level security).
  if v_point <> '' then
    get diagnostics v_n = row_count;
    v_n := set_config('checkpoint.captured',
                      (coalesce(nullif(current_setting('checkpoint.captured', true), ''), '0')::bigint + v_n)::text, true)::bigint;
  end if;
  return null;
end;
$b$,
    v_deferrable,
    replace(format(v_fast, v_cols, v_type, format(v_rows, k, 'delete', p_r, x_r, v_table)),
            'v_reason,', $r$coalesce(v_reason, 'truncate'),$r$),
    f_ins, f_upd, f_del,
    format(v_careful, v_cols, v_type, c_ins, k, v_table),
    format(v_careful, v_cols, v_type, c_upd, k, v_table),
    format(v_careful, v_cols, v_type, c_del, k, v_table),
    v_quick, c_stamp);

  -- (Generic plans: the statements take the point and the id prefix as
  -- parameters, and PostgreSQL would otherwise plan them again at every
  -- firing, which costs more than the capture itself for a one-row
  -- statement; their shape suits any number of rows. jit off: a generic
  -- plan costed for a bulk statement would make every later one-row capture
  -- compile its expressions. work_mem 64MB: an UPDATE's capture pairs its
  -- old and new rows by key, sorting or hashing both transition tables
  -- whole; at the default 4MB a 100,000-row statement spills both to disk,
  -- about a tenth of its time, see bench/README "What costs what".)
  execute format('create or replace function pgcheckpoint.%I() returns trigger
                  language plpgsql security definer set search_path = pg_catalog, pgcheckpoint, pg_temp
                  set plan_cache_mode = force_generic_plan set jit = off set work_mem = ''64MB'' %s
                  as %L',
                 v_name, pgcheckpoint.render_settings(t.table_name), v_body);
  execute format('comment on function pgcheckpoint.%I() is %L', v_name,
                 format('Capture trigger of %s (entity type %s), generated by track_table: one checkpoint per inserted, changed or deleted row, hashed with SHA-256; identical updates are skipped; TRUNCATE records every row as deleted.',
                        t.table_name, t.entity_type));
  -- A trigger fires its function whatever the writer's privileges, but only a
  -- role with EXECUTE can attach it: without this, any role could attach it
  -- to a table of its own and write history for any entity.
  execute format('revoke execute on function pgcheckpoint.%I() from public', v_name);
  return format('pgcheckpoint.%I()', v_name)::regprocedure;
end;
$$;
comment on function pgcheckpoint.capture_function(pgcheckpoint.entity_types) is
  'Internal to track_table and the DDL guard: (re)creates the capture trigger function pgcheckpoint.capture__<entity type>() of a tracked table and returns it.';

-- ---------------------------------------------------------------------------
-- Row-level security carries over to the history. A role reads a checkpoint
-- only if the tracked table's own policies would let it see that state, had
-- it been the live row: the SELECT policies that apply to the role
-- (permissive ones or-ed, restrictive ones and-ed), evaluated with the
-- role's own privileges on the state as a row of the table. Rows deleted
-- since stay visible to whoever could see them; another tenant's states,
-- current or past, stay hidden by every path (the functions read checkpoints
-- with the caller's privileges, so the policy on checkpoints applies).
--
-- pgcheckpoint.visible__<type>(state) is generated from the table's
-- policies (their expressions as PostgreSQL prints them back, pg_get_expr,
-- over a row aliased as the table so that their column references resolve);
-- pgcheckpoint.visible(type, state) dispatches to it, and is a plain `true`
-- when no tracked table has row-level security, which the planner folds
-- away. Both are SECURITY INVOKER: they run the policies as the reader, as
-- the table itself would.
-- ---------------------------------------------------------------------------
create or replace function pgcheckpoint.visibility_sql(p_table regclass) returns text
language sql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
  with pol as (
    select p.polpermissive,
           case when p.polroles = '{0}' then 'true'
                else '(' || (select string_agg(format('pg_has_role(current_user, %s::oid, %L)', r, 'USAGE'), ' or ')
                             from unnest(p.polroles) r) || ')' end as applies,
           '(' || pg_get_expr(p.polqual, p.polrelid) || ')' as qual
    from pg_policy p
    where p.polrelid = p_table and p.polcmd in ('r', '*') and p.polqual is not null
  )
  select format('not row_security_active(%s::oid) or exists (select from jsonb_populate_record(null::%s, $1) as %I where (%s) and (%s))',
                p_table::oid, p_table, (select c.relname from pg_class c where c.oid = p_table),
                coalesce((select string_agg(format('(%s and %s)', applies, qual), ' or ') from pol where polpermissive), 'false'),
                coalesce((select string_agg(format('(not %s or %s)', applies, qual), ' and ') from pol where not polpermissive), 'true'))
$$;
comment on function pgcheckpoint.visibility_sql(regclass) is
  'SQL of the generated visibility test of a table: its SELECT policies that apply to current_user, over a saved state as a row of the table.';

-- (Re)generates pgcheckpoint.visible and the visibility function of every
-- tracked table with row-level security enabled.
create or replace function pgcheckpoint.generate_visibility() returns void
language plpgsql set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  t      record;
  v_case text := '';
begin
  for t in
    select r.entity_type, r.table_name, c.relrowsecurity
    from pgcheckpoint.entity_types r join pg_class c on c.oid = r.table_name
    order by r.entity_type
  loop
    if t.relrowsecurity then
      execute format('create or replace function pgcheckpoint.%I(state jsonb) returns boolean
                      language sql stable as %L',
                     'visible__' || t.entity_type, 'select ' || pgcheckpoint.visibility_sql(t.table_name));
      execute format('comment on function pgcheckpoint.%I(jsonb) is %L', 'visible__' || t.entity_type,
                     format('Whether the current role may see a saved state of %s under its row-level security policies (generated).', t.table_name));
      v_case := v_case || format(' when %L then pgcheckpoint.%I($2)', t.entity_type, 'visible__' || t.entity_type);
    elsif to_regprocedure(format('pgcheckpoint.%I(jsonb)', 'visible__' || t.entity_type)) is not null then
      execute format('drop function pgcheckpoint.%I(jsonb)', 'visible__' || t.entity_type);
    end if;
  end loop;
  execute format('create or replace function pgcheckpoint.visible(entity_type text, state jsonb) returns boolean
                  language sql stable as %L',
                 case when v_case = '' then 'select true' else 'select case $1' || v_case || ' else true end' end);
end;
$$;
comment on function pgcheckpoint.generate_visibility() is
  'Regenerates pgcheckpoint.visible(entity_type, state) and the per-table visibility functions from the tracked tables'' row-level security policies.';

create or replace function pgcheckpoint.visible(entity_type text, state jsonb) returns boolean
language sql stable as 'select true';
comment on function pgcheckpoint.visible(text, jsonb) is
  'Whether the current role may see a saved state: the tracked table''s row-level security, applied to the state (generated by generate_visibility).';
drop policy if exists checkpoints_visible on checkpoints;
create policy checkpoints_visible on checkpoints for select using (pgcheckpoint.visible(entity_type, state_data));

-- BEFORE each statement on a tracked table: a top-level statement (trigger
-- depth 1) begins a new point, so the stamp its captures share is cleared.
-- (Statements run by triggers and cascades are deeper and keep it.) Kept
-- as light as a trigger can be: SECURITY INVOKER, no SET clause, one
-- set_config.
create or replace function pgcheckpoint.statement_begins() returns trigger
language plpgsql as $$
begin
  if pg_trigger_depth() = 1 then
    perform pg_catalog.set_config('checkpoint.stamp', '', true);
  end if;
  return null;
end;
$$;
comment on function pgcheckpoint.statement_begins() is
  'BEFORE STATEMENT trigger on tracked tables: a top-level statement begins a new point (clears checkpoint.stamp).';

-- Everything generated for one tracked type: its capture function and the
-- triggers that fire it, and the visibility functions. Run by track_table
-- and, after DDL on a tracked table or its types, by the DDL guard. The
-- guard ignores DDL made here (checkpoint.generating).
create or replace function pgcheckpoint.generate(t pgcheckpoint.entity_types) returns void
language plpgsql set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  v_fn  regprocedure;
  v_was text := coalesce(current_setting('checkpoint.generating', true), '');
begin
  perform set_config('checkpoint.generating', 'on', true);
  v_fn := pgcheckpoint.capture_function(t);
  execute format('create or replace trigger checkpoint_statement before insert or update or delete on %s
                  for each statement execute function pgcheckpoint.statement_begins()', t.table_name);
  execute format('create or replace trigger checkpoint_insert after insert on %s referencing new table as new_rows
                  for each statement execute function %s', t.table_name, v_fn);
  execute format('create or replace trigger checkpoint_update after update on %s referencing old table as old_rows new table as new_rows
                  for each statement execute function %s', t.table_name, v_fn);
  execute format('create or replace trigger checkpoint_delete after delete on %s referencing old table as old_rows
                  for each statement execute function %s', t.table_name, v_fn);
  execute format('create or replace trigger checkpoint_truncate before truncate on %s
                  for each statement execute function %s', t.table_name, v_fn);
  perform pgcheckpoint.generate_visibility();
  perform set_config('checkpoint.generating', v_was, true);
end;
$$;
comment on function pgcheckpoint.generate(pgcheckpoint.entity_types) is
  'Generates the capture function and triggers of a tracked type, and the visibility functions.';

-- The owner of checkpoints' rendering settings, for SQL that renders rows of
-- any table (baselines, manual checkpoints): the union of what
-- render_settings can ask for.
--   set timezone = 'UTC' set datestyle = 'ISO, MDY' set intervalstyle = 'postgres'
--   set extra_float_digits = 3 set bytea_output = 'hex' set lc_monetary = 'C'

create or replace function track_table(table_name regclass, entity_type text,
                                       parent_type text default null, parent_column name default null)
returns void
language plpgsql security definer set search_path = pg_catalog, pgcheckpoint, pg_temp
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
  v_was    text := coalesce(current_setting('checkpoint.generating', true), '');
  cur      pgcheckpoint.entity_types;
  reg      pgcheckpoint.entity_types;
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
  -- on the child. Such tables are refused rather than tracked with holes
  -- (and the DDL guard refuses making a tracked table one of them).
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
    if v_ptype <> v_type and not exists (select 1 from pgcheckpoint.entity_types r where r.entity_type = v_ptype) then
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

  -- Its rows are rendered as the owner of checkpoints: no cast of another
  -- role may run then (42501).
  perform pgcheckpoint.refuse_untrusted_cast(v_table);

  select * into cur from pgcheckpoint.entity_types r where r.table_name = v_table;
  if found and cur.entity_type <> v_type then
    raise exception 'track_table: % is already tracked as %', v_table, quote_literal(cur.entity_type)
      using errcode = 'invalid_parameter_value', hint = 'untrack_table() it first to change its type.';
  end if;
  if not found and exists (select 1 from pgcheckpoint.entity_types r where r.entity_type = v_type) then
    raise exception 'track_table: entity type % already belongs to another table', quote_literal(v_type)
      using errcode = 'invalid_parameter_value';
  end if;

  perform set_config('checkpoint.generating', 'on', true);
  insert into pgcheckpoint.entity_types as r (entity_type, table_name, pk_column, parent_type, parent_column, parent_attnum)
  values (v_type, v_table, v_pk, v_ptype, v_pcol,
          (select a.attnum from pg_attribute a where a.attrelid = v_table and a.attname = v_pcol))
  on conflict on constraint entity_types_pkey do update
    set pk_column = excluded.pk_column, parent_type = excluded.parent_type, parent_column = excluded.parent_column,
        parent_attnum = excluded.parent_attnum, shape_at = now()
  returning * into reg;
  -- (Re)generate the capture function, its triggers and the visibility
  -- functions: they have the key, the parent link and the column types
  -- built in, so a capture never reads the registry.
  perform pgcheckpoint.generate(reg);
  perform set_config('checkpoint.generating', v_was, true);

  -- Rows that exist already get a baseline, so every entity has a state to
  -- return to. Only on first tracking (or again after untrack_table).
  if cur.entity_type is null then
    -- Tracked again after untrack_table, a row that moved to another parent
    -- meanwhile records the parent it left (prev_parent_id, from its last
    -- checkpoint), so a rollback of that parent still finds it and moves it
    -- back. (On a first tracking there is no history to look in.)
    execute format(
      'insert into public.checkpoints (entity_type, entity_id, operation, state_data, state_hash,
                                       reason, created_by, parent_id, prev_parent_id, state_exact)
       select $1, r.e, ''baseline'', r.j, pgcheckpoint.hash(r.j::text),
              ''track_table'', $2, r.p,
              case when $3 then nullif((select c.parent_id from public.checkpoints c
                                        where c.entity_id = r.e and c.entity_type = $1
                                        order by c.seq desc limit 1), r.p) end,
              r.x
       from (select t.%I as e, %s as p, to_jsonb(t.*) as j, %s as x from %s t) r',
      v_pk, coalesce('t.' || quote_ident(v_pcol), 'null::uuid'), pgcheckpoint.exact_sql(v_table, 't'), v_table)
    using v_type,
          left(coalesce(nullif(current_setting('checkpoint.actor', true), ''), pgcheckpoint.writer()), 255),
          v_pcol is not null and exists (select 1 from pgcheckpoint.untracked_types u where u.entity_type = v_type);
    -- Tracked again after untrack_table: an entity whose history still shows
    -- it present but that is gone from the table was deleted meanwhile. Its
    -- delete is recorded (with the last state the history has of it), so that
    -- the history does not show it alive, and a rollback to a point before the
    -- gap finds it deleted since and brings it back. (Only after a gap: the
    -- scan reads the type's whole history.)
    if exists (select 1 from pgcheckpoint.untracked_types u where u.entity_type = v_type) then
      execute format(
        'insert into public.checkpoints (entity_type, entity_id, operation, state_data, state_hash,
                                         reason, created_by, parent_id, state_exact)
         select $1, l.entity_id, ''delete'', l.state_data, l.state_hash,
                ''deleted while untracked (found by track_table)'', $2, l.parent_id, l.state_exact
         from (select distinct on (c.entity_id) c.entity_id, c.operation, c.state_data, c.state_hash,
                                                c.parent_id, c.state_exact
               from public.checkpoints c where c.entity_type = $1
               order by c.entity_id, c.seq desc) l
         where l.operation <> ''delete''
           and not exists (select 1 from %s t where t.%I = l.entity_id)', v_table, v_pk)
      using v_type, left(coalesce(nullif(current_setting('checkpoint.actor', true), ''), pgcheckpoint.writer()), 255);
      delete from pgcheckpoint.untracked_types u where u.entity_type = v_type;
    end if;
  end if;
end;
$$;
comment on function track_table(regclass, text, text, name) is
  'Starts tracking a table as an entity type (optionally below a parent type through a uuid column): installs the capture triggers and records a baseline checkpoint of every existing row (tracked again after untrack_table: also a delete for each entity gone from the table meanwhile). Idempotent: again, it regenerates the capture function. 22023 when the table has no single-column uuid primary key, is partitioned or inherited, the type or parent is invalid, or the table is tracked as another type; 42501 when rendering its rows would run a cast of another role.';

create or replace function pgcheckpoint.drop_generated(p_type text, p_table regclass) returns void
language plpgsql set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  n    text;
  v_was text := coalesce(current_setting('checkpoint.generating', true), '');
begin
  perform set_config('checkpoint.generating', 'on', true);
  if p_table is not null then
    foreach n in array array['checkpoint_statement', 'checkpoint_insert', 'checkpoint_update', 'checkpoint_delete',
                             'checkpoint_truncate'] loop
      execute format('drop trigger if exists %I on %s', n, p_table);
    end loop;
  end if;
  execute format('drop function if exists pgcheckpoint.%I()', 'capture__' || p_type);
  if to_regprocedure(format('pgcheckpoint.%I(jsonb)', 'visible__' || p_type)) is not null then
    execute format('drop function pgcheckpoint.%I(jsonb)', 'visible__' || p_type);
  end if;
  perform set_config('checkpoint.generating', v_was, true);
end;
$$;
comment on function pgcheckpoint.drop_generated(text, regclass) is
  'Removes what track_table generated for a type: the capture triggers on its table, its capture and visibility functions.';

create or replace function untrack_table(table_name regclass) returns void
language plpgsql security definer set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  cur pgcheckpoint.entity_types;
begin
  if untrack_table.table_name is null then
    raise exception 'untrack_table: table_name is required' using errcode = 'invalid_parameter_value';
  end if;
  select * into cur from pgcheckpoint.entity_types r where r.table_name = untrack_table.table_name;
  if not found then
    raise notice 'untrack_table: % is not tracked', untrack_table.table_name;
    return;
  end if;
  if exists (select 1 from pgcheckpoint.entity_types r
             where r.parent_type = cur.entity_type and r.entity_type <> cur.entity_type) then
    raise exception 'untrack_table: other types hang below %', quote_literal(cur.entity_type)
      using errcode = 'invalid_parameter_value',
            hint = 'Untrack the child tables first (see pgcheckpoint.entity_types.parent_type).';
  end if;
  perform pgcheckpoint.drop_generated(cur.entity_type, cur.table_name);
  delete from pgcheckpoint.entity_types r where r.entity_type = cur.entity_type;
  insert into pgcheckpoint.untracked_types (entity_type) values (cur.entity_type) on conflict do nothing;
  perform pgcheckpoint.generate_visibility();
end;
$$;
comment on function untrack_table(regclass) is
  'Stops tracking a table: removes its capture triggers, their function and its registry entry. Its history stays in checkpoints. Idempotent (a notice when the table is not tracked); 22023 while other types hang below it.';

-- Tracking is an administrator's act (it creates triggers and writes history).
revoke execute on function track_table(regclass, text, text, name) from public;
revoke execute on function untrack_table(regclass) from public;
--! EndIncluded registry.sql
--! Included capture.sql
-- The capture path: a write to a tracked table -> its statement-level
-- trigger (pgcheckpoint.capture__<type>, generated by track_table, see
-- registry.sql) -> one checkpoint per changed row, in the writing
-- transaction. And create_checkpoint, the manual checkpoint.

-- Who writes: checkpoint.actor when set, else the role that wrote. The
-- capture runs as the owner of checkpoints (SECURITY DEFINER), so
-- current_user there is the owner; the role the session acts as is the
-- `role` setting (SET ROLE), else the session user. A cascade or a trigger
-- running as a table's owner leaves that setting alone, so their writes are
-- credited to the role of the statement that caused them.
create or replace function pgcheckpoint.writer() returns text
language sql stable as $$
  select case when current_setting('role') in ('none', '') then session_user::text else current_setting('role') end
$$;
comment on function pgcheckpoint.writer() is
  'The role the session writes as: the SET ROLE role, else the session user (unchanged inside SECURITY DEFINER functions, cascades and triggers).';

-- Raised only when checkpoint.request_id is malformed: a pattern decides,
-- so that a well-formed value never costs the subtransaction that catching
-- the cast's error would.
create or replace function pgcheckpoint.bad_request_id(p_value text) returns uuid
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
begin
  raise exception 'checkpoint.request_id is not a uuid: %', quote_literal(p_value)
    using errcode = 'invalid_text_representation',
          hint = 'Set it to the id of a request_logs row, or leave it unset.';
end;
$$;
comment on function pgcheckpoint.bad_request_id(text) is
  'Raises 22P02 for a checkpoint.request_id that is not a uuid (called by pgcheckpoint.context only then).';

-- The session context that every capture records, read once per statement.
-- The settings are meant to be set transaction-locally:
--   select set_config('checkpoint.actor', 'alice', true);
-- An empty string (what an unset custom setting reads as after a
-- transaction that set it) counts as unset. Plain SQL functions (no SET
-- clause), so that the planner inlines them: the generated capture
-- functions assign each to a variable once per statement (an expression
-- evaluated in place), the other writers read them as one row (context).
create or replace function pgcheckpoint.context_text(p_setting text, p_max int) returns text
language sql stable as $$
  select left(nullif(current_setting(p_setting, true), ''), p_max)
$$;
comment on function pgcheckpoint.context_text(text, int) is
  'A checkpoint.* session setting as recorded: null when unset or empty, cut to p_max characters.';

create or replace function pgcheckpoint.context_actor() returns text
language sql stable as $$
  select left(coalesce(nullif(current_setting('checkpoint.actor', true), ''), pgcheckpoint.writer()), 255)
$$;
comment on function pgcheckpoint.context_actor() is
  'Who a checkpoint is credited to: checkpoint.actor when set, else the role that wrote (pgcheckpoint.writer).';

create or replace function pgcheckpoint.context_request_id() returns uuid
language sql stable as $$
  select case when nullif(current_setting('checkpoint.request_id', true), '')
                   !~ '^\{?[0-9a-fA-F]{4}(-?[0-9a-fA-F]{4}){7}\}?$'
              then pgcheckpoint.bad_request_id(current_setting('checkpoint.request_id', true))
              else nullif(current_setting('checkpoint.request_id', true), '')::uuid end
$$;
comment on function pgcheckpoint.context_request_id() is
  'checkpoint.request_id as a uuid (null when unset or empty); 22P02 when it is not a uuid.';

create or replace function pgcheckpoint.context()
returns table (reason text, actor text, request_id uuid, trace_id text, span_id text)
language sql stable as $$
  select pgcheckpoint.context_text('checkpoint.reason', 255), pgcheckpoint.context_actor(),
         pgcheckpoint.context_request_id(), pgcheckpoint.context_text('checkpoint.trace_id', 255),
         pgcheckpoint.context_text('checkpoint.span_id', 16)
  -- offset 0: stays a one-row subquery, read once per statement; flattened,
  -- it would be computed again for every captured row
  offset 0
$$;
comment on function pgcheckpoint.context() is
  'The checkpoint.* session settings as one row (reason, actor, request_id, trace_id, span_id); 22P02 when checkpoint.request_id is not a uuid.';

-- ---------------------------------------------------------------------------
-- Manual checkpoints.
--
-- A manual checkpoint is written as the owner of checkpoints (its callers
-- need no privilege on the history), yet only for a caller who may read the
-- row, row-level security included. PostgreSQL evaluates a caller's
-- privileges only in the caller's own context, so the check and the write
-- meet in a table: create_checkpoint (SECURITY INVOKER) inserts a request
-- into pgcheckpoint.manual_requests, whose CHECK constraint runs as the
-- caller and reads the row with the caller's privileges; an AFTER INSERT
-- trigger (SECURITY DEFINER) then reads the live row itself and writes the
-- checkpoint. The request names the entity only, never a state, so nothing
-- can be forged through it; anyone may insert a request directly, with the
-- same effect as calling create_checkpoint.
-- ---------------------------------------------------------------------------

-- Whether the current role may checkpoint an entity: it can read the row
-- (SELECT on its table, 42501 without; row-level security applies).
create or replace function pgcheckpoint.may_checkpoint(p_entity_type text, p_entity_id uuid, p_requested_by name)
returns boolean
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  t      pgcheckpoint.entity_types := pgcheckpoint.entity_type(p_entity_type);
  v_seen boolean;
begin
  if p_requested_by is distinct from current_user then
    return false;
  end if;
  execute format('select true from %s where %I = $1', t.table_name, t.pk_column) into v_seen using p_entity_id;
  return coalesce(v_seen, false);
end;
$$;
comment on function pgcheckpoint.may_checkpoint(text, uuid, name) is
  'CHECK of pgcheckpoint.manual_requests, run as the requesting role: it may read the entity''s row (row-level security included).';

create table if not exists pgcheckpoint.manual_requests (
  -- the id the checkpoint will have: a version-4 uuid, so that it can never
  -- be one that a capture would give (those are version 8)
  checkpoint_id uuid primary key check (substr(checkpoint_id::text, 15, 1) = '4'),
  entity_type   text not null,
  entity_id     uuid not null,
  reason        text,
  requested_by  name not null default current_user,
  constraint may_checkpoint check (pgcheckpoint.may_checkpoint(entity_type, entity_id, requested_by))
);
comment on table pgcheckpoint.manual_requests is
  'pg-checkpoint: a request for a manual checkpoint, checked as the requesting role and carried out (then removed) by a trigger. Always empty between statements.';
revoke all on pgcheckpoint.manual_requests from public;
grant insert on pgcheckpoint.manual_requests to public;

-- Carries out a request: snapshots the live row (FOR SHARE, so that a
-- concurrent writer finishes first) as a manual checkpoint, then removes
-- the request.
create or replace function pgcheckpoint.manual_checkpoint() returns trigger
language plpgsql security definer set search_path = pg_catalog, pgcheckpoint, pg_temp
  set timezone = 'UTC' set datestyle = 'ISO, MDY' set intervalstyle = 'postgres' set extra_float_digits = 3
  set bytea_output = 'hex' set lc_monetary = 'C' as $$
declare
  t       pgcheckpoint.entity_types := pgcheckpoint.entity_type(new.entity_type);
  ctx     record;
  v_state jsonb;
  v_par   uuid;
  v_exact jsonb;
begin
  select * into ctx from pgcheckpoint.context();
  execute format('select to_jsonb(t.*), %s, %s from %s t where t.%I = $1 for share',
                 coalesce('t.' || quote_ident(t.parent_column), 'null::uuid'),
                 pgcheckpoint.exact_sql(t.table_name, 't'), t.table_name, t.pk_column)
    into v_state, v_par, v_exact using new.entity_id;
  if v_state is null then
    raise exception '% % not found', new.entity_type, new.entity_id using errcode = 'no_data_found';
  end if;
  insert into public.checkpoints (id, entity_type, entity_id, operation, state_data, state_hash,
                                  reason, created_by, request_id, trace_id, span_id, parent_id, state_exact)
  values (new.checkpoint_id, new.entity_type, new.entity_id, 'manual', v_state, pgcheckpoint.hash(v_state::text),
          left(coalesce(new.reason, ctx.reason), 255),
          left(coalesce(nullif(current_setting('checkpoint.actor', true), ''), new.requested_by), 255),
          ctx.request_id, ctx.trace_id, ctx.span_id, v_par, v_exact);
  delete from pgcheckpoint.manual_requests m where m.checkpoint_id = new.checkpoint_id;
  return null;
end;
$$;
comment on function pgcheckpoint.manual_checkpoint() is
  'AFTER INSERT trigger of pgcheckpoint.manual_requests: writes the manual checkpoint of the requested entity from its live row, then removes the request.';
revoke execute on function pgcheckpoint.manual_checkpoint() from public;
create or replace trigger manual_checkpoint after insert on pgcheckpoint.manual_requests
  for each row execute function pgcheckpoint.manual_checkpoint();

create or replace function create_checkpoint(entity_type text, entity_id uuid, reason text default null)
returns uuid
language plpgsql set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  t      pgcheckpoint.entity_types;
  v_seen boolean;
  v_id   uuid := gen_random_uuid();
begin
  if create_checkpoint.entity_type is null or create_checkpoint.entity_id is null then
    raise exception 'create_checkpoint: entity_type and entity_id are required'
      using errcode = 'invalid_parameter_value';
  end if;
  t := pgcheckpoint.entity_type(create_checkpoint.entity_type);
  -- Read the row with the caller's own privileges first: a role that may not
  -- read the table gets 42501 here, and an entity it cannot see (missing, or
  -- hidden by row-level security) P0002.
  execute format('select true from %s where %I = $1', t.table_name, t.pk_column)
    into v_seen using create_checkpoint.entity_id;
  if v_seen is null then
    raise exception '% % not found', create_checkpoint.entity_type, create_checkpoint.entity_id
      using errcode = 'no_data_found';
  end if;
  insert into pgcheckpoint.manual_requests (checkpoint_id, entity_type, entity_id, reason)
  values (v_id, create_checkpoint.entity_type, create_checkpoint.entity_id, create_checkpoint.reason);
  return v_id;
end;
$$;
comment on function create_checkpoint(text, uuid, text) is
  'Saves the current state of one entity as a manual checkpoint (the default target of rollback_entity) and returns its id. Errors: 22023 unknown type or null argument, P0002 entity not found (or hidden by row-level security), 42501 no SELECT on its table.';
--! EndIncluded capture.sql
--! Included history.sql
-- Reading the history: one entity's checkpoints, its state at a time, and
-- the difference between two saved states. Read with the caller's
-- privileges: SELECT on checkpoints is needed (42501 without it), and
-- row-level security of the tracked tables carries over (checkpoints.sql).

-- 22023 for a type that is neither registered nor in the history (a typo,
-- not an empty history).
create or replace function pgcheckpoint.known_type(p_entity_type text) returns void
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
begin
  if not exists (select 1 from pgcheckpoint.entity_types r where r.entity_type = p_entity_type)
     and not exists (select 1 from public.checkpoints c where c.entity_type = p_entity_type) then
    perform pgcheckpoint.entity_type(p_entity_type);
  end if;
end;
$$;
comment on function pgcheckpoint.known_type(text) is
  'Raises 22023 for an entity type that is neither registered nor found in the history.';

create or replace function entity_history(entity_type text, entity_id uuid) returns setof checkpoints
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
begin
  if entity_history.entity_type is null or entity_history.entity_id is null then
    raise exception 'entity_history: entity_type and entity_id are required'
      using errcode = 'invalid_parameter_value';
  end if;
  perform pgcheckpoint.known_type(entity_history.entity_type);
  return query
    select * from public.checkpoints c
    where c.entity_type = entity_history.entity_type and c.entity_id = entity_history.entity_id
    order by c.seq desc;
end;
$$;
comment on function entity_history(text, uuid) is
  'Every checkpoint of one entity, newest first (an index scan of checkpoints_entity_seq_idx). Empty for an entity with no history (or none the caller may see); 22023 for a null argument or an unknown type.';

create or replace function entity_state_at(entity_type text, entity_id uuid, at timestamptz) returns jsonb
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  c public.checkpoints;
begin
  if entity_state_at.entity_type is null or entity_state_at.entity_id is null or entity_state_at.at is null then
    raise exception 'entity_state_at: entity_type, entity_id and at are required'
      using errcode = 'invalid_parameter_value';
  end if;
  perform pgcheckpoint.known_type(entity_state_at.entity_type);
  -- The latest checkpoint written by a transaction that began at or before
  -- the time: a backward walk of checkpoints_entity_seq_idx from the newest,
  -- testing created_at on each row until one qualifies (usually the first).
  select * into c from public.checkpoints x
  where x.entity_type = entity_state_at.entity_type and x.entity_id = entity_state_at.entity_id
    and x.created_at <= entity_state_at.at
  order by x.seq desc
  limit 1;
  if not found then
    -- No checkpoint then: absent, if its history begins with its creation.
    -- If it begins otherwise (pruned, or a baseline) the state is unknown.
    if pgcheckpoint.history_misses(entity_state_at.entity_type, entity_state_at.entity_id, null, entity_state_at.at) then
      perform pgcheckpoint.state_unknown(entity_state_at.entity_type, entity_state_at.entity_id, entity_state_at.at::text);
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
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  a public.checkpoints := pgcheckpoint.checkpoint(from_checkpoint);
  b public.checkpoints := pgcheckpoint.checkpoint(to_checkpoint);
begin
  -- Keys present on one side only (a column added or dropped in between)
  -- show null on the other.
  return (
    select coalesce(jsonb_object_agg(k, jsonb_build_object('from', a.state_data -> k, 'to', b.state_data -> k)), '{}')
    from (select jsonb_object_keys(a.state_data) union select jsonb_object_keys(b.state_data)) keys (k)
    -- as text, as the hash is (jsonb equality holds 1.0 = 1.00), and what
    -- JSON cannot say (state_exact: JSON null, -0, array bounds) counts too
    where (a.state_data -> k)::text is distinct from (b.state_data -> k)::text
       or (a.state_exact -> k) is distinct from (b.state_exact -> k));
end;
$$;
comment on function checkpoint_diff(uuid, uuid) is
  'The columns that differ between two saved states: {"column": {"from": <json>, "to": <json>}, ...}; ''{}'' when equal. P0002 for an unknown checkpoint, 22023 for a null id.';
--! EndIncluded history.sql
--! Included integrity.sql
-- Integrity: does every saved state still hash to what was recorded?

create or replace function verify_checkpoints(entity_type text default null, entity_id uuid default null)
returns table (checkpoint_id uuid, expected_hash text, actual_hash text)
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
begin
  -- A type that is neither registered nor in the history is a typo: an
  -- integrity check must not answer it with "nothing corrupted".
  if verify_checkpoints.entity_type is not null then
    perform pgcheckpoint.known_type(verify_checkpoints.entity_type);
  end if;
  -- Each filter is optional on its own: an id alone checks that id under
  -- any type.
  return query
    select c.id, c.state_hash::text, h.actual
    from public.checkpoints c
    cross join lateral (select pgcheckpoint.hash(c.state_data::text) as actual) h
    where (verify_checkpoints.entity_type is null or c.entity_type = verify_checkpoints.entity_type)
      and (verify_checkpoints.entity_id is null or c.entity_id = verify_checkpoints.entity_id)
      and h.actual is distinct from c.state_hash
    order by c.seq;
end;
$$;
comment on function verify_checkpoints(text, uuid) is
  'Recomputes the SHA-256 of saved states and returns only the checkpoints that do not match (expected = stored hash, actual = recomputed). All of history, one type, one id (under any type), or one entity.';

-- A slice of history, verified: up to max_rows checkpoints after after_seq,
-- in seq order. Returns how many it read, the last seq read (the cursor for
-- the next call; after_seq when there was nothing left) and the bad ones.
-- Stateless, so a CLI can show progress without moving the job's cursor.
create or replace function pgcheckpoint.verify_range(after_seq bigint, max_rows integer default 10000)
returns table (scanned bigint, last_seq bigint, findings jsonb)
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp set jit = off as $$
begin
  if after_seq is null or max_rows is null or max_rows < 1 then
    raise exception 'verify_range: after_seq and max_rows (>= 1) are required'
      using errcode = 'invalid_parameter_value';
  end if;
  return query
    with slice as (
      select c.id, c.seq, c.entity_type, c.entity_id, c.state_hash::text as expected,
             pgcheckpoint.hash(c.state_data::text) as actual
      from public.checkpoints c
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
comment on function pgcheckpoint.verify_range(bigint, integer) is
  'Verifies up to max_rows checkpoints after after_seq (seq order) and returns (scanned, last_seq, findings as a JSON array of {checkpoint_id, seq, entity_type, entity_id, expected_hash, actual_hash}). Stateless: pass last_seq back to continue. Reads with the caller''s privileges.';

-- What the background integrity scan found, for the API and the CLI to show.
create table if not exists pgcheckpoint.findings (
  checkpoint_id uuid primary key,
  seq           bigint not null,
  entity_type   varchar(50) not null,
  entity_id     uuid not null,
  expected_hash text not null,
  actual_hash   text not null,
  found_at      timestamptz not null default now()
);
comment on table pgcheckpoint.findings is
  'Corrupted checkpoints found by the verify_checkpoints job (pgcheckpoint.verify_step).';

-- How far each background scan has got, so the next run continues there.
create table if not exists pgcheckpoint.scan_progress (
  scan       text primary key,
  last_seq   bigint not null default 0,
  updated_at timestamptz not null default now()
);
comment on table pgcheckpoint.scan_progress is
  'Cursor of the incremental integrity scan (the last seq verified).';
revoke all on pgcheckpoint.findings, pgcheckpoint.scan_progress from public;

-- One step of the incremental integrity scan: verifies up to max_rows
-- checkpoints after the saved cursor, records the bad ones in
-- pgcheckpoint.findings, advances the cursor. The cursor row is locked, so
-- several workers never scan the same range twice at once. SECURITY DEFINER
-- (the whole history, whatever row-level security); owner only.
create or replace function pgcheckpoint.verify_step(max_rows integer default 10000)
returns table (scanned bigint, found bigint, last_seq bigint, remaining bigint)
language plpgsql security definer set search_path = pg_catalog, pgcheckpoint, pg_temp set jit = off as $$
declare
  v_from  bigint;
  v_to    bigint;
  v_n     bigint;
  v_bad   jsonb;
  v_found bigint;
begin
  if max_rows is null or max_rows < 1 then
    raise exception 'verify_step: max_rows must be >= 1' using errcode = 'invalid_parameter_value';
  end if;
  insert into pgcheckpoint.scan_progress (scan) values ('verify') on conflict do nothing;
  select p.last_seq into v_from from pgcheckpoint.scan_progress p where p.scan = 'verify' for update;

  select r.scanned, r.last_seq, r.findings into v_n, v_to, v_bad from pgcheckpoint.verify_range(v_from, max_rows) r;

  with bad as (
    insert into pgcheckpoint.findings (checkpoint_id, seq, entity_type, entity_id, expected_hash, actual_hash)
    select (f ->> 'checkpoint_id')::uuid, (f ->> 'seq')::bigint, f ->> 'entity_type', (f ->> 'entity_id')::uuid,
           f ->> 'expected_hash', f ->> 'actual_hash'
    from jsonb_array_elements(v_bad) f
    on conflict (checkpoint_id) do nothing
    returning 1)
  select count(*) into v_found from bad;

  update pgcheckpoint.scan_progress p set last_seq = v_to, updated_at = now()
  where p.scan = 'verify';
  return query select v_n, v_found, v_to,
                      -- an upper bound (seq has gaps), cheap to read from the index
                      greatest(coalesce((select max(c.seq) from public.checkpoints c), 0) - v_to, 0);
end;
$$;
comment on function pgcheckpoint.verify_step(integer) is
  'One step of the incremental integrity scan: verifies up to max_rows checkpoints after the saved cursor, records mismatches in pgcheckpoint.findings, advances the cursor; returns scanned, found, the new cursor and how many remain. Owner only.';
revoke execute on function pgcheckpoint.verify_step(integer) from public;
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
create table if not exists pgcheckpoint.pruned (
  entity_id   uuid not null,
  entity_type varchar(50) not null,
  first_seq   bigint not null,
  first_at    timestamptz not null,
  primary key (entity_id, entity_type)
);
comment on table pgcheckpoint.pruned is
  'pg-checkpoint: per entity, the oldest seq and created_at that prune_checkpoints removed (its history before them is gone).';
-- Readable by whoever may see a checkpoint of the entity (prune keeps at
-- least the newest one unless keep_last is 0).
revoke all on pgcheckpoint.pruned from public;
grant select on pgcheckpoint.pruned to public;
alter table pgcheckpoint.pruned enable row level security;
drop policy if exists pruned_visible on pgcheckpoint.pruned;
create policy pruned_visible on pgcheckpoint.pruned for select
  using (exists (select 1 from public.checkpoints c where c.entity_id = pruned.entity_id and c.entity_type = pruned.entity_type));
drop policy if exists pruned_prune on pgcheckpoint.pruned;
create policy pruned_prune on pgcheckpoint.pruned to pgcheckpoint_pruner using (true);
grant select, insert, update on pgcheckpoint.pruned to pgcheckpoint_pruner;

-- The record of prune having removed checkpoints of an entity at or before
-- a point (seq below p_lo, or created_at at or before p_at): at most one
-- row. A set-returning SQL function with no SET clause, every name
-- schema-qualified, so that the planner inlines it where it is read
-- (history_misses_rule's subquery, for one).
create or replace function pgcheckpoint.pruned_rows_before(p_entity_type text, p_entity_id uuid, p_lo bigint,
                                                           p_at timestamptz)
returns setof pgcheckpoint.pruned
language sql stable as $$
  select p.* from pgcheckpoint.pruned p
  where p.entity_id = p_entity_id and p.entity_type = p_entity_type
    and (p.first_seq < p_lo or p.first_at <= p_at)
$$;
comment on function pgcheckpoint.pruned_rows_before(text, uuid, bigint, timestamptz) is
  'The pruned row of an entity when prune_checkpoints removed its checkpoints before the point (seq below p_lo, or created_at at or before p_at); inlinable.';

-- Whether prune removed checkpoints of an entity at or before a point.
create or replace function pgcheckpoint.pruned_before(p_entity_type text, p_entity_id uuid, p_lo bigint, p_at timestamptz)
returns boolean
language sql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
  select exists (select 1 from pgcheckpoint.pruned_rows_before(p_entity_type, p_entity_id, p_lo, p_at))
$$;
comment on function pgcheckpoint.pruned_before(text, uuid, bigint, timestamptz) is
  'True when prune_checkpoints removed checkpoints of the entity before the point (seq below p_lo, or created_at at or before p_at).';

-- The rule behind pgcheckpoint.state_unknown (restore.sql): an entity with no checkpoint at or before a point
-- (seq below p_lo, or created_at at or before p_at) was absent then only if
-- its history begins with an insert and prune removed none of its
-- checkpoints there; otherwise the history misses its state at the point.
-- As a one-row set-returning SQL function with no SET clause, so that the
-- planner inlines it into a query's FROM (restore_plan's): its subqueries
-- then run only where the query reads the value, for the entities created
-- since the point. (A scalar SQL function with subqueries is never inlined;
-- called once per such entity it cost a quarter of a dry run.) Every name
-- in it is schema-qualified.
create or replace function pgcheckpoint.history_misses_rule(p_entity_type text, p_entity_id uuid, p_lo bigint,
                                                            p_at timestamptz)
returns table (misses boolean)
language sql stable as $$
  select (select f.operation from public.checkpoints f
          where f.entity_id = p_entity_id and f.entity_type = p_entity_type order by f.seq limit 1) <> 'insert'
         or exists (select 1 from pgcheckpoint.pruned_rows_before(p_entity_type, p_entity_id, p_lo, p_at))
$$;
comment on function pgcheckpoint.history_misses_rule(text, uuid, bigint, timestamptz) is
  'history_misses as a one-row set (inlinable into a query''s FROM): for an entity with no checkpoint at or before a point, whether its state then is unknown.';

create or replace function pgcheckpoint.history_misses(p_entity_type text, p_entity_id uuid, p_lo bigint, p_at timestamptz)
returns boolean
language sql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
  select r.misses from pgcheckpoint.history_misses_rule(p_entity_type, p_entity_id, p_lo, p_at) r
$$;
comment on function pgcheckpoint.history_misses(text, uuid, bigint, timestamptz) is
  'For an entity with no checkpoint at or before a point: true when its state then is unknown (its history begins with something other than an insert, or prune removed checkpoints before the point), false when it was absent.';

-- One batch: up to p_max_entities entities after the cursor (p_after_type,
-- p_after_id; nulls mean "from the start"). Returns the rows removed and the
-- last entity looked at (null when there are no more: the walk is done).
create or replace function pgcheckpoint.prune_batch(
  horizon timestamptz, keep_last integer, after_type text default null, after_id uuid default null,
  max_entities integer default 1000)
returns table (removed bigint, last_entity_type text, last_entity_id uuid)
language plpgsql security definer set search_path = pg_catalog, pgcheckpoint, pg_temp set jit = off as $$
declare
  v_types text[];
  v_ids   uuid[];
  v_n     int;
  v_count bigint;
begin
  if horizon is null or keep_last is null or max_entities is null then
    raise exception 'prune_batch: horizon, keep_last and max_entities are required'
      using errcode = 'invalid_parameter_value';
  end if;
  if keep_last < 0 or max_entities < 1 then
    raise exception 'prune_batch: keep_last must be >= 0 and max_entities >= 1 (got %, %)',
                    keep_last, max_entities
      using errcode = 'invalid_parameter_value';
  end if;

  -- The next entities in index order (the row comparison walks the index).
  select array_agg(e.entity_type order by e.entity_id, e.entity_type),
         array_agg(e.entity_id order by e.entity_id, e.entity_type)
    into v_types, v_ids
  from (select c.entity_type::text as entity_type, c.entity_id
        from public.checkpoints c
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

  -- Rank each entity's history newest first: rn - 1 checkpoints are newer
  -- than a row. The newest row at or before the horizon has the smallest rn
  -- among the old ones; it stays, and so do the keep_last newest.
  with ranked as (
    select c.id, c.entity_type, c.entity_id, c.created_at <= horizon as old,
           row_number() over (partition by c.entity_type, c.entity_id order by c.seq desc) as rn
    from unnest(v_types, v_ids) e (entity_type, entity_id)
    join public.checkpoints c on c.entity_type = e.entity_type and c.entity_id = e.entity_id
  ), judged as (
    select r.id, r.old, r.rn,
           min(r.rn) filter (where r.old) over (partition by r.entity_type, r.entity_id) as newest_old_rn
    from ranked r
  )
  , removed as (
    delete from public.checkpoints c
    using judged j
    where c.id = j.id and j.old and j.rn > j.newest_old_rn and j.rn - 1 >= keep_last
    returning c.entity_type, c.entity_id, c.seq, c.created_at
  ), recorded as (
    insert into pgcheckpoint.pruned as p (entity_id, entity_type, first_seq, first_at)
    select r.entity_id, r.entity_type, min(r.seq), min(r.created_at) from removed r group by 1, 2
    on conflict (entity_id, entity_type) do update
      set first_seq = least(p.first_seq, excluded.first_seq), first_at = least(p.first_at, excluded.first_at)
    returning 1
  )
  select count(*) into v_count from removed;
  return query select v_count, v_types[v_n], v_ids[v_n];
end;
$$;
comment on function pgcheckpoint.prune_batch(timestamptz, integer, text, uuid, integer) is
  'One batch of prune_checkpoints for up to max_entities entities after the cursor (after_type, after_id): removes what the retention rule allows and returns the count and the new cursor (null when done). Lets a job prune in short transactions and report progress. Owner only.';

create or replace function prune_checkpoints(older_than interval, keep_last integer default 1) returns bigint
language plpgsql security definer set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
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
    from pgcheckpoint.prune_batch(v_horizon, keep_last, v_type, v_id) b;
    v_total := v_total + v_removed;
    exit when v_id is null;
  end loop;
  return v_total;
end;
$$;
comment on function prune_checkpoints(interval, integer) is
  'Removes checkpoints at or before now() - older_than, except each entity''s newest keep_last and its newest one at or before that horizon (so any later point can still be rolled back to exactly). Returns the number removed. Owner only (42501 for others); 22023 for a null or negative argument. One transaction; the prune job uses prune_checkpoints_batch for short ones.';

revoke execute on function prune_checkpoints(interval, integer) from public;
revoke execute on function pgcheckpoint.prune_batch(timestamptz, integer, text, uuid, integer) from public;
-- It runs as pgcheckpoint_pruner, the one role the append-only guard lets
-- delete (setup.sql); the owner of checkpoints may call it.
alter function pgcheckpoint.prune_batch(timestamptz, integer, text, uuid, integer) owner to pgcheckpoint_pruner;
grant execute on function pgcheckpoint.prune_batch(timestamptz, integer, text, uuid, integer) to current_user;
--! EndIncluded retention.sql
--! Included restore.sql
-- The rollback path: restore_checkpoint (one entity) and rollback_entity (an
-- entity and everything below it) return rows to saved states, exactly,
-- atomically, with the caller's own privileges.
--
-- A rollback (pgcheckpoint.rollback) reads in phases, each a function below:
--   target    the point to return to (a checkpoint's point, or a time):
--             rollback_target;
--   scope     which entities can need a write: those below the root with a
--             checkpoint since the point (found through the parent links
--             recorded in the history), and the live rows that have children
--             of their own (to look below them): rollback_scope;
--   lock      the rows that must not change under it: lock_rows for the
--             root, rollback_scope for the nodes it finds (see
--             pgcheckpoint.rollback for what and why);
--   plan      per entity, its state at the point and its state now, both from
--             the history, give the write needed (none, inserted, updated,
--             deleted); every state to be written is verified (XX001 before
--             any write): restore_plan, once per type;
--   refusals  what the plan cannot do (a parent that would be missing,
--             deleting a root that has children without cascade), before any
--             write, so that a dry run says so too: restore_refusals;
--   apply     set-based writes per table in an order that keeps foreign and
--             unique keys valid, each checked to have written every row it
--             meant to (42501 when row-level security hid one):
--             restore_apply;
--   check     every row written equals the state it meant to write (XX001
--             naming the entity and the columns when a trigger or a rule
--             changed it), and nothing the caller cannot see was changed:
--             restore_check.
-- The writes go through the tables' capture triggers like any other write,
-- as one point, with checkpoint.reason naming the operation, so a rollback
-- can be rolled back.
--
-- None of these functions is SECURITY DEFINER: reading checkpoints needs
-- SELECT on it, writing a table needs the privilege on that table (42501),
-- and row-level security applies to both.

do $$
begin
  create type pgcheckpoint.step as (
    entity_type   text,
    entity_id     uuid,
    action        text,   -- inserted | updated | deleted
    checkpoint_id uuid,   -- the checkpoint whose state is written (null for deleted)
    state         jsonb,  -- that state
    exact         jsonb,  -- and its state_exact
    hash          text,   -- its state_hash
    depth         int,    -- 0 for the root, 1 for its children, ...
    parent        uuid    -- the parent that state names (registered link), if any
  );
exception when duplicate_object then null;
end;
$$;
comment on type pgcheckpoint.step is
  'One planned write of a restore, rollback or revert: which entity, what action, from which checkpoint.';

-- A checkpoint, loaded with the caller's privileges (42501 without SELECT on
-- checkpoints; row-level security applies), or P0002 naming it.
create or replace function pgcheckpoint.checkpoint(p_id uuid) returns public.checkpoints
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  c public.checkpoints;
begin
  if p_id is null then
    raise exception 'checkpoint id is required' using errcode = 'invalid_parameter_value';
  end if;
  select * into c from public.checkpoints x where x.id = p_id;
  if not found then
    raise exception 'checkpoint % not found', p_id using errcode = 'no_data_found';
  end if;
  return c;
end;
$$;
comment on function pgcheckpoint.checkpoint(uuid) is
  'Loads one checkpoint with the caller''s privileges; 22023 for a null id, P0002 when it does not exist (or is hidden by row-level security).';

-- XX001, naming the checkpoint: raised from inside the planning query, so
-- that one bad hash stops the operation before anything is written.
create or replace function pgcheckpoint.corrupted(p_id uuid, p_entity_type text, p_entity_id uuid,
                                                  p_expected text, p_actual text) returns text
language plpgsql immutable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
begin
  raise exception 'checkpoint % is corrupted: its state does not match its hash', p_id
    using errcode = 'data_corrupted',
          detail = format('%s %s: stored hash %s, state hashes to %s', p_entity_type, p_entity_id, p_expected, p_actual),
          hint = 'Nothing was changed. verify_checkpoints() lists every corrupted checkpoint; restore from another one.';
end;
$$;
comment on function pgcheckpoint.corrupted(uuid, text, uuid, text, text) is
  'Raises XX001 for a checkpoint whose state no longer matches its hash (used inside the planning query).';

-- P0002 for an entity whose state at a point is not in its history: it has
-- no checkpoint at or before the point, and either prune removed some there
-- (pgcheckpoint.pruned) or its oldest one is not an insert (the row existed
-- before its table was tracked: its history begins with a baseline). Reading
-- that as "absent then" would make a rollback delete a row that existed.
create or replace function pgcheckpoint.state_unknown(p_entity_type text, p_entity_id uuid, p_point text) returns text
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  f public.checkpoints;
begin
  select * into f from public.checkpoints c
  where c.entity_type = p_entity_type and c.entity_id = p_entity_id
  order by c.seq limit 1;
  raise exception 'the state of % % at % is not known: its history begins with % checkpoint % at %',
                  p_entity_type, p_entity_id, p_point,
                  case when f.operation in ('insert', 'update') then 'an ' else 'a ' end || f.operation,
                  f.id, f.created_at
    using errcode = 'no_data_found',
          detail = case when f.operation = 'baseline'
                             and not pgcheckpoint.pruned_before(p_entity_type, p_entity_id, 9223372036854775807, null)
                        then 'The row was there when track_table ran (first, or again after untrack_table); what it was before is not recorded.'
                        else 'Its older checkpoints were removed by prune_checkpoints.' end,
          hint = format('Choose a point at or after %s.', f.created_at);
end;
$$;
comment on function pgcheckpoint.state_unknown(text, uuid, text) is
  'Raises P0002 for an entity whose state at a point is not in its history (pruned, or before its baseline), naming where its history begins.';

-- XX001 for a state_exact entry that does not render to what state_data
-- says (tampered with, or not this column's value): the text kept beside a
-- state is trusted only as far as it agrees with the hashed state. Checked
-- for every state about to be written that has one.
create or replace function pgcheckpoint.exact_checked(p_table regclass, p_id uuid, p_state jsonb, p_exact jsonb)
returns boolean
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp
  set timezone = 'UTC' set datestyle = 'ISO, MDY' set intervalstyle = 'postgres' set extra_float_digits = 3
  set bytea_output = 'hex' set lc_monetary = 'C' set xmloption = 'content' as $$
declare
  e record;
  v text;
begin
  if p_exact is null then
    return true;
  end if;
  for e in
    select x.key, x.value, format_type(a.atttypid, a.atttypmod) as typ
    from jsonb_each_text(p_exact) x
    left join pg_attribute a on a.attrelid = p_table and a.attname = x.key and a.attnum > 0 and not a.attisdropped
  loop
    continue when e.typ is null;  -- a column dropped since: ignored like its key in the state
    execute format('select to_jsonb($1::%s)::text', e.typ) into v using e.value;
    if v is distinct from (p_state -> e.key)::text then
      raise exception 'checkpoint of % % is corrupted: the exact value of column % does not match its state', p_table, p_id, e.key
        using errcode = 'data_corrupted',
              detail = format('state_exact says %s, which renders as %s; state_data says %s', e.value, v, p_state -> e.key),
              hint = 'Nothing was changed. Restore from another checkpoint.';
    end if;
  end loop;
  return true;
end;
$$;
comment on function pgcheckpoint.exact_checked(regclass, uuid, jsonb, jsonb) is
  'True when every state_exact entry renders to the state''s own value for that column; XX001 otherwise.';

-- The columns of a table a restore compares and writes: not dropped, not
-- generated, and (for comparing and updating) not identity ALWAYS, which an
-- UPDATE cannot set.
create or replace function pgcheckpoint.writable_columns(p_table regclass, p_for_update boolean) returns text[]
language sql stable set search_path = pg_catalog, pg_temp as $$
  select coalesce(array_agg(a.attname::text order by a.attnum), '{}')
  from pg_attribute a
  where a.attrelid = p_table and a.attnum > 0 and not a.attisdropped
    and a.attgenerated = ''
    and not (p_for_update and a.attidentity = 'a');
$$;
comment on function pgcheckpoint.writable_columns(regclass, boolean) is
  'Columns of a table that a restore writes: not dropped, not generated (and, for updates, not identity ALWAYS).';

-- Whether two saved states of one entity differ in what a restore writes:
-- the columns of `target` that are still writable columns of the table
-- (columns added since keep their value, dropped ones are ignored,
-- generated and identity ALWAYS columns are Postgres's), compared as text,
-- as the hash is, with what JSON cannot say (state_exact) included.
create or replace function pgcheckpoint.states_differ(p_target jsonb, p_target_exact jsonb,
                                                      p_other jsonb, p_other_exact jsonb, p_columns text[])
returns boolean
language sql immutable as $$
  select exists (select 1 from jsonb_each(p_target) t
                 where t.key = any (p_columns)
                   and ((p_other -> t.key)::text is distinct from t.value::text
                        or (p_target_exact -> t.key) is distinct from (p_other_exact -> t.key)))
$$;
comment on function pgcheckpoint.states_differ(jsonb, jsonb, jsonb, jsonb, text[]) is
  'Whether writing the target state would change a row in the other state: the target''s keys among the given columns, compared as text, state_exact included.';

-- The columns where two states differ (for error messages).
create or replace function pgcheckpoint.differing_columns(p_target jsonb, p_target_exact jsonb,
                                                          p_other jsonb, p_other_exact jsonb, p_columns text[])
returns text[]
language sql immutable as $$
  select coalesce(array_agg(t.key order by t.key), '{}') from jsonb_each(p_target) t
  where t.key = any (p_columns)
    and ((p_other -> t.key)::text is distinct from t.value::text
         or (p_target_exact -> t.key) is distinct from (p_other_exact -> t.key))
$$;
comment on function pgcheckpoint.differing_columns(jsonb, jsonb, jsonb, jsonb, text[]) is
  'The target''s keys among the given columns whose values differ in the other state.';

-- ---------------------------------------------------------------------------
-- target
-- ---------------------------------------------------------------------------

-- The first seq after a checkpoint's point: one more than the last seq that
-- its transaction wrote at the same point (a statement's cascades and
-- trigger writes, a rollback's writes: all of them are before the point's
-- end). One backward step in the (transaction_id, statement_at, seq) index.
create or replace function pgcheckpoint.after_point(c public.checkpoints) returns bigint
language sql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
  select 1 + coalesce((select max(x.seq) from public.checkpoints x
                       where x.transaction_id = c.transaction_id and x.statement_at = c.statement_at
                         and x.seq >= c.seq), c.seq)
$$;
comment on function pgcheckpoint.after_point(public.checkpoints) is
  'The first seq after the end of a checkpoint''s point (its transaction''s writes at the same statement_at).';

-- The newest seq drawn so far (by anyone): every checkpoint written after
-- this call has a larger one. (SELECT on the sequence is granted to all: it
-- reveals a count.)
create or replace function pgcheckpoint.seq_now() returns bigint
language sql stable set search_path = pg_catalog, pg_temp as $$
  select last_value from public.checkpoints_seq_seq
$$;
comment on function pgcheckpoint.seq_now() is
  'The last value of the checkpoints seq sequence (a lower bound for checkpoints written afterwards).';
grant select on sequence checkpoints_seq_seq to public;

-- The first seq written by a transaction that began after a time (every
-- later one has created_at > t too), or one more than the newest seq.
-- (Through the index on created_at, as a bitmap: an index scan of seq from
-- the oldest checkpoint would read all of history before the time first.)
create or replace function pgcheckpoint.after_time(p_time timestamptz) returns bigint
language sql stable set search_path = pg_catalog, pgcheckpoint, pg_temp
  set enable_indexscan = off set enable_indexonlyscan = off as $$
  select coalesce((select min(x.seq) from public.checkpoints x where x.created_at > p_time),
                  pgcheckpoint.seq_now() + 1)
$$;
comment on function pgcheckpoint.after_time(timestamptz) is
  'The first seq written by a transaction that began after the time (or one past the newest).';

-- The point a rollback returns to, as the first seq after it (lo), and the
-- label its writes carry (checkpoint.reason): to_checkpoint (a checkpoint of
-- the same entity), to_time, or by default the entity's latest manual
-- checkpoint. 22023 for both targets or a checkpoint of another entity,
-- P0002 for no manual checkpoint or an entity with no history.
create or replace function pgcheckpoint.rollback_target(p_entity_type text, p_entity_id uuid, p_to_checkpoint uuid,
                                                        p_to_time timestamptz, out lo bigint, out label text)
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  target public.checkpoints;
begin
  if p_to_checkpoint is not null and p_to_time is not null then
    raise exception 'rollback_entity: give to_checkpoint or to_time, not both'
      using errcode = 'invalid_parameter_value';
  end if;

  if p_to_checkpoint is not null then
    target := pgcheckpoint.checkpoint(p_to_checkpoint);
    if target.entity_type <> p_entity_type or target.entity_id <> p_entity_id then
      raise exception 'checkpoint % belongs to % %, not to % %', target.id,
                      target.entity_type, target.entity_id, p_entity_type, p_entity_id
        using errcode = 'invalid_parameter_value',
              hint = 'Pass a checkpoint of the entity being rolled back (entity_history lists them).';
    end if;
  elsif p_to_time is null then
    select * into target from public.checkpoints c
    where c.entity_id = p_entity_id and c.entity_type = p_entity_type and c.operation = 'manual'
    order by c.seq desc limit 1;
    if not found then
      raise exception 'no manual checkpoint of % % to roll back to', p_entity_type, p_entity_id
        using errcode = 'no_data_found',
              hint = 'create_checkpoint() makes one; or pass to_checkpoint or to_time.';
    end if;
  end if;
  if p_to_time is not null then
    -- (A checkpoint of the entity, given or its latest manual one, is
    -- history of it; a time alone says nothing of the entity.)
    if not exists (select 1 from public.checkpoints c where c.entity_id = p_entity_id and c.entity_type = p_entity_type) then
      raise exception '% % not found', p_entity_type, p_entity_id
        using errcode = 'no_data_found', hint = 'It has no history: it was never written while its table was tracked.';
    end if;
    -- A time means what transactions that began at or before it wrote
    -- (created_at is the writing transaction's start).
    lo := pgcheckpoint.after_time(p_to_time);
    label := format('rollback of %s %s to %s', p_entity_type, p_entity_id, p_to_time);
  else
    -- A checkpoint means the end of its point: an ON DELETE CASCADE, for
    -- one, is captured with the row that caused it.
    lo := pgcheckpoint.after_point(target);
    label := format('rollback of %s %s to checkpoint %s', p_entity_type, p_entity_id, target.id);
  end if;
end;
$$;
comment on function pgcheckpoint.rollback_target(text, uuid, uuid, timestamptz) is
  'Phase target of a rollback: the first seq after its target point (a checkpoint of the entity, a time, or its latest manual checkpoint) and the label of its writes; 22023 / P0002 for a target that is not there.';

-- ---------------------------------------------------------------------------
-- scope
-- ---------------------------------------------------------------------------

-- The entities below a root (through the registered parent links, level by
-- level) that can need a write to return to a point: `changed`, those with a
-- checkpoint since the point naming a parent in the scope, as their parent
-- then or as the parent they left (created, changed, deleted, moved in or
-- out since); and `node`, the live rows of types that have child types of
-- their own (unchanged ones too: what is below them may have changed). An
-- untouched leaf costs nothing; an untouched node one index probe.
-- With p_lock, the nodes are locked FOR UPDATE as they are found, in key
-- order, before their children are read (see pgcheckpoint.rollback).
create or replace function pgcheckpoint.rollback_scope(p_type text, p_id uuid, p_lo bigint, p_time timestamptz,
                                                       p_cascade boolean, p_lock boolean)
returns table (entity_type text, entity_id uuid, depth int, changed boolean, node boolean)
language plpgsql set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  f_type  text[] := array[p_type];
  f_id    uuid[] := array[p_id];
  n_type  text[];
  n_id    uuid[];
  seen    text[] := array[p_type || ':' || p_id];
  ch      pgcheckpoint.entity_types;
  parents uuid[];
  hist    uuid[];
  live    uuid[];
  fresh   uuid[];
  v_level int := 0;
  v_node  boolean;
  -- Whether some type is its own ancestor (a type whose parent type is
  -- itself, or a longer loop): only then can an entity be met again at a
  -- deeper level, and only then is `seen` kept. Otherwise each type is met
  -- at one level, once.
  v_cyclic boolean := p_cascade and exists (
    with recursive up (start, ty) as (
      select r.entity_type::text, r.parent_type::text from pgcheckpoint.entity_types r where r.parent_type is not null
      union
      select up.start, r.parent_type::text from up join pgcheckpoint.entity_types r on r.entity_type = up.ty
      where r.parent_type is not null)
    select 1 from up where up.ty = up.start);
begin
  -- the root itself
  return query select p_type, p_id, 0,
    exists (select 1 from public.checkpoints c
            where c.entity_id = p_id and c.entity_type = p_type and c.seq >= p_lo
              and (p_time is null or c.created_at > p_time)),
    true;
  while p_cascade and cardinality(f_id) > 0 loop
    v_level := v_level + 1;
    n_type := '{}'; n_id := '{}';
    for ch in
      select * from pgcheckpoint.entity_types r where r.parent_type = any (f_type) order by r.entity_type
    loop
      parents := array(select i from unnest(f_type, f_id) u (ty, i) where ty = ch.parent_type);
      -- the live rows of a type with child types, locked (when asked) before
      -- the history below them is read: a writer in progress makes us wait,
      -- and what it committed is then in the history we read next
      live := '{}';
      v_node := exists (select 1 from pgcheckpoint.entity_types r where r.parent_type = ch.entity_type);
      if v_node then
        execute format('select coalesce(array_agg(k), ''{}'') from (select %I as k from %s where %I = any ($1) order by 1 %s) s',
                       ch.pk_column, ch.table_name, ch.parent_column, case when p_lock then 'for update' else '' end)
          into live using parents;
      end if;
      -- (distinct: a union)
      hist := array(
        select c.entity_id from public.checkpoints c
        where c.parent_id = any (parents) and c.seq >= p_lo and c.entity_type = ch.entity_type
          and (p_time is null or c.created_at > p_time)
        union
        select c.entity_id from public.checkpoints c
        where c.prev_parent_id = any (parents) and c.seq >= p_lo and c.entity_type = ch.entity_type
          and (p_time is null or c.created_at > p_time));
      if v_cyclic then
        fresh := array(select unnest(hist) union select unnest(live)
                       except select split_part(k, ':', 2)::uuid from unnest(seen) k
                              where split_part(k, ':', 1) = ch.entity_type);
        seen := seen || array(select ch.entity_type || ':' || i from unnest(fresh) i);
      elsif cardinality(live) = 0 then
        fresh := hist;
      else
        fresh := array(select unnest(hist) union select unnest(live));
      end if;
      continue when cardinality(fresh) = 0;
      if cardinality(live) = 0 then
        -- no live nodes here (a leaf type, for one): all of them are changed
        return query select ch.entity_type::text, f.i, v_level, true, false from unnest(fresh) f (i);
      else
        -- (joins, not "= any": a level of thousands of rows against thousands)
        return query
          select ch.entity_type::text, f.i, v_level, h.i is not null, l.i is not null
          from unnest(fresh) f (i)
          left join (select distinct x from unnest(hist) x) h (i) on h.i = f.i
          left join (select distinct x from unnest(live) x) l (i) on l.i = f.i;
      end if;
      -- only a type with child types has anything below it to look for
      continue when not v_node;
      n_type := n_type || array_fill(ch.entity_type::text, array[cardinality(fresh)]);
      n_id := n_id || fresh;
    end loop;
    f_type := n_type; f_id := n_id;
  end loop;
end;
$$;
comment on function pgcheckpoint.rollback_scope(text, uuid, bigint, timestamptz, boolean, boolean) is
  'The entities below a root that a rollback to a point must look at: those with checkpoints since the point under a parent in the scope (changed), and the live rows with child types (node), locked as they are found when asked.';

-- ---------------------------------------------------------------------------
-- lock
-- ---------------------------------------------------------------------------

-- Locks rows FOR UPDATE, table by table from the root type down, in key order
-- within a table (two rollbacks of overlapping scopes then take their locks
-- in the same order and cannot deadlock). Rows that do not exist are
-- skipped.
create or replace function pgcheckpoint.lock_rows(p_types text[], p_ids uuid[]) returns void
language plpgsql set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  g record;
  t pgcheckpoint.entity_types;
begin
  for g in
    select u.ty, array_agg(u.i) as ids
    from unnest(p_types, p_ids) u (ty, i)
    left join pgcheckpoint.type_levels() tl on tl.entity_type = u.ty
    group by u.ty, tl.level order by tl.level, u.ty
  loop
    t := pgcheckpoint.entity_type(g.ty);
    execute format('select count(*) from (select 1 from %s where %I = any ($1) order by %I for update) s',
                   t.table_name, t.pk_column, t.pk_column) using g.ids;
  end loop;
end;
$$;
comment on function pgcheckpoint.lock_rows(text[], uuid[]) is
  'Locks the given entities'' rows FOR UPDATE, type by type from the root type down, in key order within a type.';

-- ---------------------------------------------------------------------------
-- plan
-- ---------------------------------------------------------------------------

-- Raised (and caught) by restore_plan when an id it looked up by id alone
-- belongs to entities of two types.
create or replace function pgcheckpoint.type_clash() returns text
language plpgsql volatile set search_path = pg_catalog, pg_temp as $$
begin
  raise exception 'an entity id is shared by two types' using errcode = 'PCK01';
end;
$$;
comment on function pgcheckpoint.type_clash() is
  'Raises PCK01 (internal to restore_plan: look the entities up by type).';

-- For entities of one table: their state at the point (the latest
-- checkpoint at or before it: seq below p_lo, or for a time, written by a
-- transaction that began by then; none, or a delete, means absent) or a
-- given checkpoint (p_cps, restore_checkpoint), against their state now
-- (their latest checkpoint: the capture keeps it equal to the live row),
-- gives the write needed. Every target state is verified against its hash
-- (XX001) and its exact values against the state. Reads only the history.
--
-- Per entity, one backward step in the (entity_id, seq) index finds the
-- checkpoint at the point and another the latest, each read with its row.
-- (Finding the seqs from the index alone first and reading the rows in seq
-- order afterwards, as this did before, cost 7-13% more of a dry run on
-- bench:rollback's workloads: two lookups per checkpoint instead of one.
-- That index does not hold the type: a row found of another type, when two
-- types share an id, is looked up again with the type.)
-- (An array, not a set: the steps carry whole states, and unnesting them
-- into rows only for the caller to aggregate them again cost a third of the
-- plan's time on large scopes. A dry run writes nothing, so its steps carry
-- no states (p_states false): carrying them cost a quarter of a dry run of
-- bench:rollback's workloads.)
drop function if exists pgcheckpoint.restore_plan(pgcheckpoint.entity_types, uuid[], int[], uuid[], bigint, timestamptz);
drop function if exists pgcheckpoint.restore_plan(pgcheckpoint.entity_types, uuid[], int[], uuid[], bigint, timestamptz, boolean);
create function pgcheckpoint.restore_plan(t pgcheckpoint.entity_types, p_ids uuid[], p_depths int[],
                                          p_cps uuid[], p_lo bigint, p_time timestamptz, p_states boolean)
returns pgcheckpoint.step[]
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp set work_mem = '64MB' as $$
declare
  v_all   text[] := array(select a.attname::text from pg_attribute a
                          where a.attrelid = t.table_name and a.attnum > 0 and not a.attisdropped);
  v_cols  text[] := pgcheckpoint.writable_columns(t.table_name, true);
  v_steps pgcheckpoint.step[];
  v_query text;
  -- The decision, over t (the checkpoint at the point, or the given one)
  -- and c (the latest), once per entity.
  v_decide text := $d$
    cross join lateral (select case
        when t.entity_type <> $4 or c.entity_type <> $4 then pgcheckpoint.type_clash()
        -- (history_misses_rule is inlined: read only here, for the
        -- entities with no checkpoint at the point)
        when t.seq is null and $3 is null and h.misses
          then pgcheckpoint.state_unknown($4, k.id, 'the target point')
        when t.seq is null or (t.operation = 'delete' and $3 is null)
          then case when c.operation = 'delete' then null else 'deleted' end
        when pgcheckpoint.hash(t.state_data::text) <> t.state_hash
          then pgcheckpoint.corrupted(t.id, $4, k.id, t.state_hash, pgcheckpoint.hash(t.state_data::text))
        when t.state_exact is not null and not pgcheckpoint.exact_checked($9, k.id, t.state_data, t.state_exact)
          then null
        when c.operation = 'delete' then 'inserted'
        when (t.state_hash <> c.state_hash or t.state_exact is distinct from c.state_exact)
             and (($10 and (t.created_at > $12 or (t.state_data ?& $7 and t.state_data - $7 = '{}'::jsonb)))
                  or pgcheckpoint.states_differ(t.state_data, t.state_exact,
                                                (select y.state_data from public.checkpoints y where y.seq = c.seq),
                                                c.state_exact, $11))
          then 'updated'
      end as action
      from pgcheckpoint.history_misses_rule($4, k.id, $5, $6) h
      -- offset 0: decided once per entity (hash included); flattened, it
      -- would be computed again for each use of a.action
      offset 0) a
    where a.action is not null$d$;
  v_select text := format($q$
    select $4::text, k.id, a.action, case when a.action <> 'deleted' then t.id end,
           case when %1$s and a.action <> 'deleted' then t.state_data end,
           case when %1$s and a.action <> 'deleted' then t.state_exact end,
           case when a.action <> 'deleted' then t.state_hash::text end,
           k.depth,
           case when a.action <> 'deleted' then (t.state_data ->> $8)::uuid end$q$,
    case when p_states then 'true' else 'false' end);
begin
  -- (/*by type*/ stays a comment, unless an id names entities of two types)
  v_query := format($w$select coalesce(array_agg(q::pgcheckpoint.step), '{}') from (%s) q$w$, format($q$
      with k as (select u.id, u.depth, u.cp from unnest($1::uuid[], $2::int[], coalesce($3::uuid[], '{}')) u (id, depth, cp))
      %s
      from k
      left join lateral (%s) t on true
      left join lateral (select x.seq, x.entity_type, x.operation, x.state_exact, x.state_hash
                         from public.checkpoints x where x.entity_id = k.id /*by type*/
                         order by x.seq desc limit 1) c on true
      %s$q$,
      v_select,
      case when p_cps is not null
           -- restore_checkpoint: the given checkpoint (whatever its
           -- operation: a delete's state is the row to bring back)
           then 'select x.seq, x.id, x.entity_type, x.operation, x.state_data, x.state_exact, x.state_hash, x.created_at
                 from public.checkpoints x where x.id = k.cp'
           -- rollback: the latest checkpoint before the point, or for a
           -- time, the latest written by a transaction begun by then (all
           -- those before the point are)
           else 'select x.seq, x.id, x.entity_type, x.operation, x.state_data, x.state_exact, x.state_hash, x.created_at
                 from public.checkpoints x
                 where x.entity_id = k.id /*by type*/ and '
                || case when p_time is null then 'x.seq < $5' else '(x.seq < $5 or x.created_at <= $6)' end
                || ' order by x.seq desc limit 1' end,
      v_decide));
  begin
    execute v_query
      into v_steps
      using p_ids, p_depths, p_cps, t.entity_type, p_lo, p_time, v_all, t.parent_column::text, t.table_name,
            -- every column is plain (no generated or identity ALWAYS ones): a
            -- state with exactly the table's columns and another hash differs
            cardinality(v_cols) = cardinality(v_all), v_cols, t.shape_at;
  exception when sqlstate 'PCK01' then
    -- An id that names entities of two types: the lookups by type.
    execute replace(v_query, '/*by type*/', 'and x.entity_type = $4')
      into v_steps
      using p_ids, p_depths, p_cps, t.entity_type, p_lo, p_time, v_all, t.parent_column::text, t.table_name,
            cardinality(v_cols) = cardinality(v_all), v_cols, t.shape_at;
  end;
  return v_steps;
end;
$$;
comment on function pgcheckpoint.restore_plan(pgcheckpoint.entity_types, uuid[], int[], uuid[], bigint, timestamptz, boolean) is
  'Plans the writes that return entities of one table to their target states (a given checkpoint, or their state at a point), verifying every target''s hash (XX001). Reads only the history: per entity, its checkpoint at the point and its latest. The steps carry the states to write only when p_states (a dry run needs none).';

-- ---------------------------------------------------------------------------
-- refusals
-- ---------------------------------------------------------------------------

-- What a plan cannot do, found before any write (a dry run says so too):
--   * a state that names a parent which will be absent afterwards (deleted
--     since, outside the scope; or deleted by this very plan): 23503;
--   * without cascade, deleting the root while rows are below it (ON DELETE
--     CASCADE would take them, or they would stop the delete): 23503.
-- It reads the plan without its states, as parallel arrays (s_type[i],
-- s_id[i], s_action[i], s_parent[i]): handing it the steps, whole states
-- included, cost 16% of a dry run of bench:rollback's tree workload. (The
-- rollback has those arrays anyway, for its report; restore_checkpoint and
-- revert_changes hand their steps to the overload below.)
create or replace function pgcheckpoint.restore_refusals(s_type text[], s_id uuid[], s_action text[], s_parent uuid[],
                                                         p_type text, p_id uuid, p_cascade boolean, p_label text)
returns void
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  ch       pgcheckpoint.entity_types;
  par      pgcheckpoint.entity_types;
  v_child  uuid;
  v_parent uuid;
  v_ins    uuid[];  -- the parents the plan inserts
  v_del    uuid[];  -- and deletes
begin
  for ch in
    select r.* from pgcheckpoint.entity_types r
    where r.parent_type is not null and r.entity_type = any (s_type)
    order by r.entity_type
  loop
    par := pgcheckpoint.entity_type(ch.parent_type);
    -- (one pass over the plan, and none when it writes no parent of this
    -- type: a rollback of one root's children, for one)
    v_ins := '{}'; v_del := '{}';
    if ch.parent_type = any (s_type) then
      select coalesce(array_agg(u.i) filter (where u.a = 'inserted'), '{}'),
             coalesce(array_agg(u.i) filter (where u.a = 'deleted'), '{}')
        into v_ins, v_del
      from unnest(s_type, s_id, s_action) u (ty, i, a)
      where u.ty = ch.parent_type and u.a in ('inserted', 'deleted');
    end if;
    -- (each parent looked up once, however many rows name it)
    execute format($q$
      with c as (select c.id, c.parent
                 from unnest($1::text[], $2::uuid[], $3::text[], $4::uuid[]) c (ty, id, action, parent)
                 where c.ty = $5 and c.action <> 'deleted' and c.parent is not null),
      missing as (select p.parent
                  from (select distinct c.parent from c) p
                  left join %1$s live on live.%2$I = p.parent
                  where not (p.parent = any ($6::uuid[]))
                    and (live.%2$I is null or p.parent = any ($7::uuid[]))
                  limit 1)
      select c.id, c.parent from c join missing using (parent) limit 1 $q$, par.table_name, par.pk_column)
      into v_child, v_parent
      using s_type, s_id, s_action, s_parent, ch.entity_type, v_ins, v_del;
    if v_child is not null then
      raise exception '%: % % needs % %, which would not exist',
                      p_label, ch.entity_type, v_child, ch.parent_type, v_parent
        using errcode = 'foreign_key_violation',
              detail = format('In the state to restore %s %s is below %s %s, which is absent now and outside the scope (or removed by it).',
                              ch.entity_type, v_child, ch.parent_type, v_parent),
              hint = format('Roll back %s %s (or an entity above it) instead, or restore it first.', ch.parent_type, v_parent);
    end if;
  end loop;

  if not p_cascade and 'deleted' = any (s_action) then
    for ch in
      select * from pgcheckpoint.entity_types r where r.parent_type = p_type order by r.entity_type
    loop
      execute format('select %I from %s where %I = $1 limit 1', ch.pk_column, ch.table_name, ch.parent_column)
        into v_child using p_id;
      if v_child is not null then
        raise exception '% without cascade would delete it, and % % is below it',
                        p_label, ch.entity_type, v_child
          using errcode = 'foreign_key_violation',
                detail = format('%s %s did not exist at the target point; its children now would be deleted with it or block its delete.',
                                p_type, p_id),
                hint = 'Roll back with cascade => true, which returns its children to the target point too.';
      end if;
    end loop;
  end if;
end;
$$;
comment on function pgcheckpoint.restore_refusals(text[], uuid[], text[], uuid[], text, uuid, boolean, text) is
  'Raises 23503 for a plan that would need an absent parent, or (without cascade) delete a root that has children; before any write.';

-- The same for a plan given as steps: its outline, in one pass.
create or replace function pgcheckpoint.restore_refusals(p_steps pgcheckpoint.step[], p_type text, p_id uuid,
                                                         p_cascade boolean, p_label text)
returns void
language sql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
  select pgcheckpoint.restore_refusals(coalesce(array_agg(s.entity_type), '{}'), coalesce(array_agg(s.entity_id), '{}'),
                                       coalesce(array_agg(s.action), '{}'), coalesce(array_agg(s.parent), '{}'),
                                       p_type, p_id, p_cascade, p_label)
  from unnest(p_steps) s
$$;
comment on function pgcheckpoint.restore_refusals(pgcheckpoint.step[], text, uuid, boolean, text) is
  'restore_refusals over a plan given as steps (restore_checkpoint, revert_changes): 23503 before any write for a missing parent or, without cascade, a root with children.';

-- ---------------------------------------------------------------------------
-- apply
-- ---------------------------------------------------------------------------

-- The value a restore writes into one column: from the state, or, where the
-- state's JSON cannot say it exactly, from state_exact (the column's text,
-- read back by its type's input).
create or replace function pgcheckpoint.value_sql(p_table regclass, p_column name) returns text
language sql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
  select case when pgcheckpoint.value_kind(a.atttypid) = 'plain' then format('r.%I', a.attname)
              else format('case when s.exact ? %L then (s.exact ->> %L)::%s else r.%I end',
                          a.attname, a.attname, format_type(a.atttypid, a.atttypmod), a.attname) end
  from pg_attribute a
  where a.attrelid = p_table and a.attname = p_column and a.attnum > 0 and not a.attisdropped
$$;
comment on function pgcheckpoint.value_sql(regclass, name) is
  'SQL of the value a restore writes into a column of a row r populated from state s (state_exact first, where kept).';

-- Writes one action's rows of one table in one statement; returns how many
-- rows it wrote. Most states hold exactly the table's columns (no schema
-- change since they were saved): those become rows with one
-- jsonb_populate_record each. States saved before a schema change take the
-- general path: columns added since keep the live value on update and take
-- their default on insert; keys of dropped columns are ignored.
create or replace function pgcheckpoint.write_rows(t pgcheckpoint.entity_types, p_action text, p_ids uuid[],
                                                   p_states jsonb[], p_exacts jsonb[])
returns bigint
language plpgsql set search_path = pg_catalog, pgcheckpoint, pg_temp
  -- states are read back under the settings they were rendered with
  set timezone = 'UTC' set datestyle = 'ISO, MDY' set intervalstyle = 'postgres' set extra_float_digits = 3
  set bytea_output = 'hex' set lc_monetary = 'C' set xmloption = 'content' as $$
declare
  v_cols  text[];
  v_keys  text[];
  v_all   text[];
  v_raw   text[];
  v_exact boolean;
  v_n     bigint := 0;
  v_m     bigint;
begin
  if coalesce(cardinality(p_ids), 0) = 0 then
    return 0;
  end if;
  if p_action = 'deleted' then
    execute format('delete from %s where %I = any ($1)', t.table_name, t.pk_column) using p_ids;
    get diagnostics v_n = row_count;
    return v_n;
  end if;

  v_all := array(select a.attname::text from pg_attribute a
                 where a.attrelid = t.table_name and a.attnum > 0 and not a.attisdropped);
  -- Columns whose JSON cannot be read back at all (json text kept as is, a
  -- type rendered through its cast to json): their value comes from
  -- state_exact only, so their JSON is blanked (null) before populating.
  v_raw := array(select a.attname::text from pg_attribute a
                 where a.attrelid = t.table_name and a.attnum > 0 and not a.attisdropped
                   and pgcheckpoint.value_kind(a.atttypid) = 'exact');
  if cardinality(v_raw) > 0 then
    p_states := array(select st || coalesce((select jsonb_object_agg(k, null) from unnest(v_raw) k where st ? k), '{}')
                      from unnest(p_states) with ordinality u (st, n) order by n);
  end if;
  -- (keys of columns dropped since are ignored by jsonb_populate_record)
  v_exact := not exists (select 1 from unnest(p_states) st where not st ?& v_all);

  if p_action = 'updated' then
    v_cols := array(select c from unnest(pgcheckpoint.writable_columns(t.table_name, true)) c where c <> t.pk_column);
    if cardinality(v_cols) = 0 then
      -- nothing an UPDATE can set: the rows are as they will be
      execute format('select count(*) from %s where %I = any ($1)', t.table_name, t.pk_column) into v_n using p_ids;
      return v_n;
    end if;
    execute format(
      case when v_exact then
        'update %1$s as live set (%3$s) = row(%4$s)
         from unnest($1::uuid[], $2::jsonb[], $3::jsonb[]) as s (id, state, exact)
         cross join lateral jsonb_populate_record(null::%1$s, s.state) r
         where live.%2$I = s.id'
      else
        -- jsonb_populate_record(live.*, state): keys missing from the state
        -- (columns added since) keep the live value; unknown keys are ignored.
        'update %1$s as live set (%3$s) = (select %4$s from jsonb_populate_record(live.*, s.state) r)
         from unnest($1::uuid[], $2::jsonb[], $3::jsonb[]) as s (id, state, exact)
         where live.%2$I = s.id'
      end,
      t.table_name, t.pk_column,
      (select string_agg(format('%I', c), ', ') from unnest(v_cols) c),
      (select string_agg(pgcheckpoint.value_sql(t.table_name, c::name), ', ') from unnest(v_cols) c))
      using p_ids, p_states, p_exacts;
    get diagnostics v_n = row_count;
    return v_n;
  end if;

  -- inserted: only the columns the state has, so that columns added since
  -- take their default; states of different key sets, one INSERT each.
  for v_keys in
    select v_all where v_exact
    union all
    select distinct array(select k from jsonb_object_keys(st) k order by k)
    from unnest(p_states) st where not v_exact
  loop
    v_cols := array(select c from unnest(pgcheckpoint.writable_columns(t.table_name, false)) c where c = any (v_keys));
    execute format(
      'insert into %1$s (%2$s) overriding system value
       select %3$s
       from unnest($1::jsonb[], $2::jsonb[]) as s (state, exact), jsonb_populate_record(null::%1$s, s.state) r
       where $4 or array(select k from jsonb_object_keys(s.state) k order by k) = $3',
      t.table_name,
      (select string_agg(format('%I', c), ', ') from unnest(v_cols) c),
      (select string_agg(pgcheckpoint.value_sql(t.table_name, c::name), ', ') from unnest(v_cols) c))
      using p_states, p_exacts, v_keys, v_exact;
    get diagnostics v_m = row_count;
    v_n := v_n + v_m;
  end loop;
  return v_n;
end;
$$;
comment on function pgcheckpoint.write_rows(pgcheckpoint.entity_types, text, uuid[], jsonb[], jsonb[]) is
  'Applies the planned writes of one action to one table in a single statement (names quoted with format %I, values passed as parameters) and returns the number of rows written.';

-- A write that did not reach every row it meant to: row-level security hid
-- some (42501), or a trigger or a rule suppressed them (XX001). Nothing is
-- reported as written that was not.
create or replace function pgcheckpoint.short_write(t pgcheckpoint.entity_types, p_action text, p_meant bigint,
                                                    p_done bigint, p_label text)
returns void
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
begin
  if row_security_active(t.table_name) then
    raise exception '%: % of % % rows to be % are hidden from you by row-level security', p_label,
                    p_meant - p_done, p_meant, t.entity_type, p_action
      using errcode = 'insufficient_privilege',
            hint = 'Nothing was changed. A role that may see (and write) every row of the scope can do it.';
  end if;
  raise exception '%: % of % % rows to be % were not written', p_label, p_meant - p_done, p_meant, t.entity_type, p_action
    using errcode = 'data_corrupted',
          detail = format('A trigger or a rule on %s skipped or redirected the write.', t.table_name),
          hint = 'Nothing was changed. Triggers must leave rows alone while checkpoint.restoring is on (see the SQL reference).';
end;
$$;
comment on function pgcheckpoint.short_write(pgcheckpoint.entity_types, text, bigint, bigint, text) is
  'Raises 42501 (row-level security) or XX001 (a trigger or rule) for a write that reached fewer rows than planned.';

-- Writes one table's inserts and updates row by row, when doing them at
-- once broke a unique or foreign key midway (a swap of positions under a
-- unique key, a row moved under a parent inserted later in the same type).
-- Rows that fail wait for the next pass; when a pass makes no progress, a
-- row is parked: the nullable columns of the unique key it is stuck on are
-- set to null, freeing its key for the others, and it gets its state later.
-- A row to be deleted last (p_late: it waits for a child to move away)
-- that holds the key a waiting row needs is parked first. Without such
-- a column the error stands (a deferrable constraint would have been
-- deferred: see restore_apply).
create or replace function pgcheckpoint.write_one_by_one(t pgcheckpoint.entity_types, p_steps pgcheckpoint.step[],
                                                         p_label text, p_late uuid[])
returns void
language plpgsql set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  pending  pgcheckpoint.step[] := p_steps;
  waiting  pgcheckpoint.step[];
  s        pgcheckpoint.step;
  parked   uuid[] := '{}'::uuid[];
  v_n      bigint;
  v_state  text;
  v_msg    text;
  v_con    text;
  v_detail text;
  v_park   uuid;
  v_cols   text[];
  v_keys   text[];
begin
  loop
    waiting := '{}';
    -- updates first: they free keys that inserts may need
    foreach s in array array(select p from unnest(pending) p order by p.action desc, p.entity_id) loop
      begin
        v_n := pgcheckpoint.write_rows(t, s.action, array[s.entity_id], array[s.state], array[s.exact]);
        if v_n <> 1 then
          perform pgcheckpoint.short_write(t, s.action, 1, v_n, p_label);
        end if;
      exception when unique_violation or foreign_key_violation then
        get stacked diagnostics v_state = returned_sqlstate, v_msg = message_text, v_con = constraint_name,
                                v_detail = pg_exception_detail;
        waiting := waiting || s;
      end;
    end loop;
    exit when cardinality(waiting) = 0;
    if cardinality(waiting) = cardinality(pending) then
      -- no progress: park an updated row stuck on a unique key
      v_park := null;
      if v_state = '23505' then
        select i.cols, i.keys into v_cols, v_keys
        from (select array_agg(a.attname::text) filter (where not a.attnotnull) as cols,
                     array_agg(a.attname::text) as keys, bool_and(x.indexprs is null) as plain
              from pg_index x
              join pg_class ic on ic.oid = x.indexrelid
              join pg_attribute a on a.attrelid = x.indrelid and a.attnum = any (x.indkey)
              where x.indrelid = t.table_name and ic.relname = v_con
              group by x.indexrelid) i
        where i.plain;
        -- a row to be deleted last that holds a key a waiting row needs
        if cardinality(v_cols) > 0 and cardinality(p_late) > 0 then
          execute format('select l.%1$I from %2$s l
                          where l.%1$I = any ($1) and l.%1$I <> all ($3)
                            and (%3$s) in (select %4$s from unnest($2::jsonb[]) s, jsonb_populate_record(null::%2$s, s) r)
                          limit 1',
                         t.pk_column, t.table_name,
                         (select string_agg(format('l.%I', k), ', ') from unnest(v_keys) k),
                         (select string_agg(format('r.%I', k), ', ') from unnest(v_keys) k))
            into v_park using p_late, array(select w.state from unnest(waiting) w), parked;
        end if;
        -- else a row of a cycle of waits
        if v_park is null then
          select w.entity_id into v_park from unnest(waiting) w
          where w.action = 'updated' and w.entity_id <> all (parked) and cardinality(v_cols) > 0
          order by w.entity_id limit 1;
        end if;
      end if;
      if v_park is null then
        raise exception '%', v_msg
          using errcode = v_state, detail = coalesce(v_detail, ''),
                hint = format('%s could not order its writes to %s around this constraint (%s). A constraint declared DEFERRABLE is deferred while pg-checkpoint writes.',
                              p_label, t.table_name, v_con);
      end if;
      execute format('update %s set %s where %I = $1', t.table_name,
                     (select string_agg(format('%I = null', c), ', ') from unnest(v_cols) c), t.pk_column)
        using v_park;
      parked := parked || v_park;
    end if;
    pending := waiting;
  end loop;
end;
$$;
comment on function pgcheckpoint.write_one_by_one(pgcheckpoint.entity_types, pgcheckpoint.step[], text, uuid[]) is
  'Writes a table''s planned inserts and updates one row at a time, retrying those blocked by a unique or foreign key, parking a row (nullable key columns set to null) to break a cycle.';

-- Each registered type's level in the type hierarchy: 0 for a type without
-- a parent (or its own parent only), 1 below it, and so on.
create or replace function pgcheckpoint.type_levels() returns table (entity_type text, level int)
language sql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
  with recursive tl (entity_type, level) as (
    select r.entity_type::text, 0 from pgcheckpoint.entity_types r
    where r.parent_type is null or r.parent_type = r.entity_type
    union all
    select c.entity_type::text, tl.level + 1
    from pgcheckpoint.entity_types c join tl on c.parent_type = tl.entity_type
    where c.parent_type <> c.entity_type
  )
  select tl.entity_type, max(tl.level) from tl group by 1
$$;
comment on function pgcheckpoint.type_levels() is
  'Level of each registered entity type in the parent hierarchy (0: no parent other than itself).';


-- Phase apply: all the planned writes, as one point, in an order that keeps
-- foreign keys valid, frees unique keys before they are reused, and never
-- lets ON DELETE CASCADE remove a row that must survive: first the deletes
-- that take no survivor with them (deepest type first), then per type from
-- the root down its updates and its inserts (a row moved back finds its
-- parent present; a type that is its own parent inserts all its rows in one
-- statement, whose foreign key is checked at its end), then the remaining
-- deletes. Every statement must reach every row it meant to (42501, XX001).
-- Deferrable unique and foreign keys of the tables written are deferred
-- meanwhile. Returns the seq before the first write (for the check).
create or replace function pgcheckpoint.restore_apply(p_steps pgcheckpoint.step[], p_label text,
                                                      out since bigint, out captured bigint)
language plpgsql set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  g           record;
  r           pgcheckpoint.entity_types;
  v_restoring text := coalesce(current_setting('checkpoint.restoring', true), '');
  v_reason    text := coalesce(current_setting('checkpoint.reason', true), '');
  v_point     text := coalesce(current_setting('checkpoint.point', true), '');
  v_del       pgcheckpoint.step[];
  v_late      text[] := '{}'::text[];   -- deletes that must wait: a row below them survives ('type:id')
  v_hold      uuid[];
  v_before    int;
  v_n         bigint;
  v_deferred  text;
begin
  since := pgcheckpoint.seq_now();
  captured := 0;
  if coalesce(cardinality(p_steps), 0) = 0 then
    return;
  end if;
  -- One point for all the writes; captures carry the reason; updated_at
  -- triggers keep the saved value (see touch_updated_at).
  perform set_config('checkpoint.point', (extract(epoch from clock_timestamp()) * 1000000)::bigint::text, true);
  perform set_config('checkpoint.restoring', 'on', true);
  perform set_config('checkpoint.captured', '0', true);
  perform set_config('checkpoint.reason',
                     left(case when v_reason <> '' then v_reason || ': ' else '' end || p_label, 255), true);
  select string_agg(format('%I.%I', n.nspname, c.conname), ', ') into v_deferred
  from pg_constraint c join pg_namespace n on n.oid = c.connamespace
  where c.condeferrable and not c.condeferred and c.contype in ('u', 'p', 'f', 'x')
    and c.conrelid in (select e.table_name from pgcheckpoint.entity_types e
                       where e.entity_type = any (array(select s.entity_type from unnest(p_steps) s)));
  if v_deferred is not null then
    execute 'set constraints ' || v_deferred || ' deferred';
  end if;

  v_del := array(select s from unnest(p_steps) s where s.action = 'deleted');
  -- A row to delete must wait (until the survivors below it have moved back)
  -- when one of its live children is not itself deleted early; an ON DELETE
  -- CASCADE would take that child with it. Repeated until nothing changes: a
  -- row waits when a child of it waits.
  loop
    v_before := cardinality(v_late);
    for g in
      select s.entity_type, array_agg(s.entity_id) as ids
      from unnest(v_del) s group by 1 order by 1
    loop
      for r in select * from pgcheckpoint.entity_types c where c.parent_type = g.entity_type loop
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
  --    child types before their parent types. They free the unique keys
  --    that re-inserted or updated rows may need.
  for g in
    select s.entity_type, array_agg(s.entity_id) as ids
    from unnest(v_del) s
    join pgcheckpoint.type_levels() tl on tl.entity_type = s.entity_type
    where s.entity_type || ':' || s.entity_id <> all (v_late)
    group by 1, tl.level
    order by tl.level desc, s.entity_type
  loop
    r := pgcheckpoint.entity_type(g.entity_type);
    v_n := pgcheckpoint.write_rows(r, 'deleted', g.ids, null, null);
    if v_n <> cardinality(g.ids) then
      perform pgcheckpoint.short_write(r, 'deleted', cardinality(g.ids), v_n, p_label);
    end if;
  end loop;
  -- 2. Per type, parents' types first: updates (they free keys), then
  --    inserts. When that breaks a unique or foreign key midway, the type's
  --    rows are written one by one instead (write_one_by_one).
  for g in
    select s.entity_type, tl.level,
           coalesce(array_agg(s.entity_id) filter (where s.action = 'updated'), '{}') as up_ids,
           coalesce(array_agg(s.state) filter (where s.action = 'updated'), '{}') as up_states,
           coalesce(array_agg(s.exact) filter (where s.action = 'updated'), '{}') as up_exacts,
           coalesce(array_agg(s.entity_id) filter (where s.action = 'inserted'), '{}') as in_ids,
           coalesce(array_agg(s.state) filter (where s.action = 'inserted'), '{}') as in_states,
           coalesce(array_agg(s.exact) filter (where s.action = 'inserted'), '{}') as in_exacts
    from unnest(p_steps) s
    join pgcheckpoint.type_levels() tl on tl.entity_type = s.entity_type
    where s.action in ('inserted', 'updated')
    group by 1, 2
    order by 2, 1
  loop
    r := pgcheckpoint.entity_type(g.entity_type);
    begin
      v_n := pgcheckpoint.write_rows(r, 'updated', g.up_ids, g.up_states, g.up_exacts);
      if v_n <> cardinality(g.up_ids) then
        perform pgcheckpoint.short_write(r, 'updated', cardinality(g.up_ids), v_n, p_label);
      end if;
      v_n := pgcheckpoint.write_rows(r, 'inserted', g.in_ids, g.in_states, g.in_exacts);
      if v_n <> cardinality(g.in_ids) then
        perform pgcheckpoint.short_write(r, 'inserted', cardinality(g.in_ids), v_n, p_label);
      end if;
    exception when unique_violation or foreign_key_violation then
      perform pgcheckpoint.write_one_by_one(r, array(select u from unnest(p_steps) u
                                                     where u.entity_type = g.entity_type
                                                       and u.action in ('inserted', 'updated')), p_label,
                                            array(select split_part(k, ':', 2)::uuid from unnest(v_late) k
                                                  where split_part(k, ':', 1) = g.entity_type));
    end;
  end loop;
  -- 3. The deletes that had to wait, one statement per type, child types first.
  for g in
    select s.entity_type, array_agg(s.entity_id) as ids
    from unnest(v_del) s
    join pgcheckpoint.type_levels() tl on tl.entity_type = s.entity_type
    where s.entity_type || ':' || s.entity_id = any (v_late)
    group by 1, tl.level
    order by tl.level desc, s.entity_type
  loop
    r := pgcheckpoint.entity_type(g.entity_type);
    v_n := pgcheckpoint.write_rows(r, 'deleted', g.ids, null, null);
    if v_n <> cardinality(g.ids) then
      perform pgcheckpoint.short_write(r, 'deleted', cardinality(g.ids), v_n, p_label);
    end if;
  end loop;

  if v_deferred is not null then
    execute 'set constraints ' || v_deferred || ' immediate';
  end if;
  captured := current_setting('checkpoint.captured')::bigint;
  perform set_config('checkpoint.point', v_point, true);
  perform set_config('checkpoint.restoring', v_restoring, true);
  perform set_config('checkpoint.reason', v_reason, true);
end;
$$;
comment on function pgcheckpoint.restore_apply(pgcheckpoint.step[], text) is
  'Applies planned writes in foreign-key-safe order, as one point, with checkpoint.restoring on and checkpoint.reason naming the operation; returns the seq before the first write and how many checkpoints the writes made.';

-- ---------------------------------------------------------------------------
-- check
-- ---------------------------------------------------------------------------

-- Phase check: every row written equals the state it meant to write, as its
-- capture recorded it at the end (to_jsonb, less generated and identity
-- ALWAYS columns, less columns added since); every row deleted is gone;
-- every capture the writes caused is one the caller may see.
-- A trigger or a rule that changed one on the way: XX001 naming the entity
-- and the columns. A write the caller cannot see (a cascade or a trigger
-- reaching another tenant's rows): 42501. The operation's statement then
-- fails as a whole, so nothing it wrote stays.
create or replace function pgcheckpoint.restore_check(p_steps pgcheckpoint.step[], p_since bigint, p_captured bigint,
                                                      p_label text)
returns void
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp set work_mem = '64MB' as $$
declare
  f      record;
  v_seen bigint;
begin
  if coalesce(cardinality(p_steps), 0) = 0 then
    return;
  end if;
  -- The captures the operation caused are the newest checkpoints of this
  -- transaction: one pass over the seq index from p_since, the last one per
  -- entity kept.
  with cap as materialized (
    select c.entity_type, c.entity_id, c.seq, c.operation, c.state_hash, c.state_exact
    from public.checkpoints c
    where c.seq > p_since and c.transaction_id = pg_current_xact_id()),
  last as (
    select distinct on (cap.entity_type, cap.entity_id) cap.* from cap
    order by cap.entity_type, cap.entity_id, cap.seq desc)
  select w.entity_type, w.entity_id, w.action, w.state, w.exact, last.seq, last.operation,
         (select count(*) from cap) as n_seen
    into f
  from unnest(p_steps) w
  left join last on last.entity_type = w.entity_type and last.entity_id = w.entity_id
  where case when w.action = 'deleted' then last.operation is distinct from 'delete'
             else last.operation is null or last.operation = 'delete'
                  or ((last.state_hash <> w.hash or last.state_exact is distinct from w.exact)
                      and pgcheckpoint.states_differ(
                            w.state, w.exact, (select y.state_data from public.checkpoints y where y.seq = last.seq),
                            last.state_exact,
                            pgcheckpoint.writable_columns((select e.table_name from pgcheckpoint.entity_types e
                                                          where e.entity_type = w.entity_type), true))) end
  limit 1;
  if found then
    f := null;
    select w.entity_type, w.entity_id, w.action, w.state, w.exact, c.operation, c.state_data, c.state_exact,
           pgcheckpoint.writable_columns(e.table_name, true) as cols
      into f
    from unnest(p_steps) w
    join pgcheckpoint.entity_types e on e.entity_type = w.entity_type
    left join lateral (select c.operation, c.state_data, c.state_exact, c.state_hash
                       from public.checkpoints c
                       where c.entity_id = w.entity_id and c.entity_type = w.entity_type and c.seq > p_since
                         and c.transaction_id = pg_current_xact_id()
                       order by c.seq desc limit 1) c on true
    where case when w.action = 'deleted' then c.operation is distinct from 'delete'
               else c.operation is null or c.operation = 'delete'
                    or ((c.state_hash <> w.hash or c.state_exact is distinct from w.exact)
                        and pgcheckpoint.states_differ(w.state, w.exact, c.state_data, c.state_exact,
                                                       pgcheckpoint.writable_columns(e.table_name, true))) end
    limit 1;
    raise exception '%: % % was not left as it was meant to be: %', p_label, f.entity_type, f.entity_id,
                    case when f.action = 'deleted' then 'it exists again'
                         when f.operation is null then 'the write did not change it'
                         when f.operation = 'delete' then 'it was deleted'
                         else 'columns ' || array_to_string(pgcheckpoint.differing_columns(f.state, f.exact, f.state_data,
                                                                                            f.state_exact, f.cols), ', ')
                              || ' differ' end
      using errcode = 'data_corrupted',
            -- (never null: RAISE refuses a null option, 22004)
            detail = case when f.action <> 'deleted' and f.operation is not null and f.operation <> 'delete'
                            then format('meant %s, written %s', f.state, f.state_data)
                          when f.action = 'deleted' then format('meant deleted, it is %s', f.state_data)
                          when f.operation = 'delete' then format('meant %s, deleted on the way', f.state)
                          else format('meant %s, no write of it was captured', f.state) end,
            hint = 'Nothing was changed. A trigger or a rule changed the row while it was written; triggers must leave rows alone while checkpoint.restoring is on (see the SQL reference).';
  end if;

  -- Every capture during the operation counted itself in checkpoint.captured
  -- (see the capture function); the caller sees fewer when some are hidden.
  select count(*) into v_seen from public.checkpoints c
  where c.seq > p_since and c.transaction_id = pg_current_xact_id();
  if p_captured > v_seen then
    raise exception '%: it would also change % row(s) you cannot see', p_label, p_captured - v_seen
      using errcode = 'insufficient_privilege',
            hint = 'Nothing was changed. A cascade or a trigger reached rows hidden from you by row-level security.';
  end if;
end;
$$;
comment on function pgcheckpoint.restore_check(pgcheckpoint.step[], bigint, bigint, text) is
  'Checks, after the writes, that every written row equals its intended state (XX001 naming entity and columns) and that no row hidden from the caller was changed (42501).';

-- ---------------------------------------------------------------------------
-- the public functions
-- ---------------------------------------------------------------------------

create or replace function restore_checkpoint(checkpoint_id uuid) returns void
language plpgsql set search_path = pg_catalog, pgcheckpoint, pg_temp set jit = off as $$
declare
  c       public.checkpoints := pgcheckpoint.checkpoint(restore_checkpoint.checkpoint_id);
  t       pgcheckpoint.entity_types := pgcheckpoint.entity_type(c.entity_type);
  v_steps pgcheckpoint.step[];
  v_label text := format('restore of checkpoint %s', c.id);
  a       record;
begin
  -- Wait for, then hold off, concurrent writers of this row.
  perform pgcheckpoint.lock_rows(array[c.entity_type::text], array[c.entity_id]);
  -- The plan verifies the hash even when the row already equals the state:
  -- a restore from a corrupted checkpoint is refused, not silently a no-op.
  v_steps := pgcheckpoint.restore_plan(t, array[c.entity_id], array[0], array[c.id], null, null, true);
  perform pgcheckpoint.restore_refusals(v_steps, c.entity_type, c.entity_id, true, v_label);
  select * into a from pgcheckpoint.restore_apply(v_steps, v_label) a;
  perform pgcheckpoint.restore_check(v_steps, a.since, a.captured, v_label);
end;
$$;
comment on function restore_checkpoint(uuid) is
  'Makes one entity''s row equal to the state saved in a checkpoint (updating it, or inserting it again if deleted). Errors: P0002 unknown checkpoint, 22023 null id or untracked type, XX001 corrupted checkpoint or a row changed on the way by a trigger, 23503 a parent that no longer exists, 42501 missing privilege (or a row hidden by row-level security).';

-- rollback_entity's body. Its output columns are named step_* because
-- PL/pgSQL cannot have an output column named like an argument; the public
-- rollback_entity below is a SQL function over it.
create or replace function pgcheckpoint.rollback(p_entity_type text, p_entity_id uuid, p_to_checkpoint uuid,
                                                 p_to_time timestamptz, p_cascade boolean, p_dry_run boolean)
returns table (step_entity_type text, step_entity_id uuid, step_action text)
-- JIT compiling pays off for long analytical queries, not for these many
-- short index-driven ones.
language plpgsql set search_path = pg_catalog, pgcheckpoint, pg_temp set jit = off as $$
declare
  v_lo     bigint;  -- the first seq after the target point
  v_label  text;
  sc       record;
  v_steps  pgcheckpoint.step[] := '{}'::pgcheckpoint.step[];
  a        record;
  -- the plan without its states, for the refusals and the report
  l_type   text[];
  l_id     uuid[];
  l_action text[];
  l_parent uuid[];
  l_depth  int[];
  v_types  text[] := '{}'::text[];  -- the types planned, in their text order (for the report's order)
begin
  if p_entity_id is null or p_cascade is null or p_dry_run is null then
    raise exception 'rollback_entity: entity_id, cascade and dry_run must not be null'
      using errcode = 'invalid_parameter_value';
  end if;
  perform pgcheckpoint.entity_type(p_entity_type);
  -- Phase target.
  select t.lo, t.label into v_lo, v_label
  from pgcheckpoint.rollback_target(p_entity_type, p_entity_id, p_to_checkpoint, p_to_time) t;

  -- Phases scope and lock. What is locked (FOR UPDATE), and why:
  --   * the root row, first: a writer that inserts a child below it, or
  --     moves one in, needs FOR KEY SHARE on it and waits for us;
  --   * the live rows of the scope that have child types (nodes), level by
  --     level as the scope finds them, each level before its children are
  --     read, for the same reason one level down: no row can join the scope
  --     behind our back;
  --   * every row the apply writes, by the write itself (a writer already in
  --     progress makes it wait, and its change is then overwritten with the
  --     target state; a later writer waits for us).
  -- Rows the rollback leaves alone (unchanged leaves, and changed rows that
  -- are back at their target state) are not locked: a concurrent writer of
  -- one of them is ordered after the rollback. Locks are taken in key order
  -- within a table, root type first. A dry run takes no locks.
  if not p_dry_run then
    perform pgcheckpoint.lock_rows(array[p_entity_type], array[p_entity_id]);
  end if;
  -- Phase plan: per type, each candidate's state at the point against its
  -- state now; all types are planned before any write. (The grouping reads
  -- the whole scope, its locks taken, before the first type is planned.)
  for sc in
    select s.entity_type, array_agg(s.entity_id) as ids, array_agg(s.depth) as depths
    from pgcheckpoint.rollback_scope(p_entity_type, p_entity_id, v_lo, p_to_time, p_cascade, not p_dry_run) s
    where s.changed
    group by s.entity_type
    order by s.entity_type
  loop
    v_steps := v_steps || pgcheckpoint.restore_plan(pgcheckpoint.entity_type(sc.entity_type), sc.ids, sc.depths,
                                                    null, v_lo, p_to_time, not p_dry_run);
    v_types := v_types || sc.entity_type;
  end loop;

  -- Phase refusals; without cascade only the root is written.
  select coalesce(array_agg(s.entity_type), '{}'), coalesce(array_agg(s.entity_id), '{}'),
         coalesce(array_agg(s.action), '{}'), coalesce(array_agg(s.parent), '{}'), coalesce(array_agg(s.depth), '{}')
    into l_type, l_id, l_action, l_parent, l_depth
  from unnest(v_steps) s;
  perform pgcheckpoint.restore_refusals(l_type, l_id, l_action, l_parent, p_entity_type, p_entity_id, p_cascade, v_label);

  -- Phases apply and check.
  if not p_dry_run then
    select * into a from pgcheckpoint.restore_apply(v_steps, v_label) a;
    perform pgcheckpoint.restore_check(v_steps, a.since, a.captured, v_label);
  end if;

  -- Deletes last, children first; the rest parents first; then by type,
  -- action and id. The first four keys are packed into one bigint (types
  -- ranked in their text order, as the plan loop met them; depths below
  -- 2^31): sorting on the five keys themselves cost a tenth of a dry run of
  -- bench:rollback's flat workload.
  return query
    select s.ty, s.id, s.action
    from unnest(l_type, l_id, l_action, l_depth) s (ty, id, action, depth)
    order by ((case when s.action = 'deleted' then (1::bigint << 32) - s.depth else s.depth end) << 16)
             + array_position(v_types, s.ty) * 4
             + case s.action when 'inserted' then 1 when 'updated' then 2 else 3 end,
             s.id;
end;
$$;
comment on function pgcheckpoint.rollback(text, uuid, uuid, timestamptz, boolean, boolean) is
  'Body of rollback_entity (see there); output columns are named step_* because PL/pgSQL forbids output names equal to argument names.';

create or replace function rollback_entity(entity_type text, entity_id uuid,
                                           to_checkpoint uuid default null, to_time timestamptz default null,
                                           cascade boolean default true, dry_run boolean default false)
returns table (entity_type text, entity_id uuid, action text)
language sql set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
  select r.step_entity_type, r.step_entity_id, r.step_action
  from pgcheckpoint.rollback($1, $2, $3, $4, $5, $6) r;
$$;
comment on function rollback_entity(text, uuid, uuid, timestamptz, boolean, boolean) is
  'Returns an entity (and with cascade, every entity below it at the target point or since) to exactly its state at the target point: to_checkpoint (a checkpoint of this entity), to_time, or by default its latest manual checkpoint. Returns one row per changed entity (action inserted, updated or deleted); dry_run plans without writing. Errors: 22023 unknown type, both targets, checkpoint of another entity; P0002 unknown checkpoint, unknown entity, no manual checkpoint, a state the history no longer holds; XX001 corrupted checkpoint, or a row changed on the way by a trigger or rule (nothing changes); 23503 a target state needing an absent parent, or (without cascade) deleting a root that has children; 42501 missing privilege, or rows hidden by row-level security.';
--! EndIncluded restore.sql
--! Included revert.sql
-- Revert one unit of work: undo what one request, one trace or one
-- transaction changed, keep every later change made by others, and stop on
-- real conflicts instead of guessing (CONTRACT.md section 4).
--
-- Per entity the unit changed, from the history:
--   before   its state just before the unit's first change of it (none when
--            that change was its insert);
--   after    its state after the unit's last change of it (none if deleted);
--   current  its state now (its latest checkpoint: the capture keeps it
--            equal to the live row; the row is locked first).
-- current = after (updated_at aside): nobody touched it since, it goes back
-- to before exactly. Otherwise it is merged column by column over the
-- columns the unit changed, or it conflicts (see pgcheckpoint.revert_plan).
-- The writes are a restore's (restore.sql: same order, same checks, one
-- point, captured with a reason naming the revert, so a revert can itself
-- be reverted by its transaction id).

do $$
begin
  create type pgcheckpoint.revert_step as (
    entity_type   text,
    entity_id     uuid,
    action        text,   -- updated | inserted | deleted | skipped | none
    conflict      text,   -- what conflicts (null: nothing)
    state         jsonb,  -- the state to write (updated, inserted)
    exact         jsonb,
    hash          text,
    parent        uuid,
    depth         int,    -- the type's level: parents first, children first for deletes
    checkpoint_id uuid    -- the checkpoint whose state is written, when it is one
  );
exception when duplicate_object then null;
end;
$$;
comment on type pgcheckpoint.revert_step is
  'One entity of a revert''s plan: what to do, what conflicts, and the state to write.';

-- The unit's checkpoints: the captured changes (insert, update, delete)
-- carrying the request, the trace, or written by the transaction. Read with
-- the caller's privileges (row-level security applies).
create or replace function pgcheckpoint.unit_changes(p_request uuid, p_trace text, p_tx xid8)
returns setof public.checkpoints
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
begin
  -- One statement per key, each planned for its own index. (As one SQL
  -- union, never inlined because of the SET clause, the planner costed all
  -- three branches without the arguments and chose a parallel scan for a
  -- one-row lookup.)
  if p_request is not null then
    return query select c.* from public.checkpoints c
                 where c.request_id = p_request and c.operation in ('insert', 'update', 'delete');
  end if;
  if p_trace is not null then
    return query select c.* from public.checkpoints c
                 where c.trace_id = p_trace and c.operation in ('insert', 'update', 'delete');
  end if;
  if p_tx is not null then
    return query select c.* from public.checkpoints c
                 where c.transaction_id = p_tx and c.operation in ('insert', 'update', 'delete');
  end if;
end;
$$;
comment on function pgcheckpoint.unit_changes(uuid, text, xid8) is
  'The captured changes (insert, update, delete checkpoints) of one unit of work: a request, a trace, or a transaction.';

-- One row per entity the unit changed: its before, after and current states
-- (type, id, the unit's first operation, and for each state its checkpoint,
-- operation, data, exact values and hash). A named type, so that a revert
-- reads them once and hands them on as an array.
do $$
begin
  create type pgcheckpoint.unit_entity as (
    entity_type text, entity_id uuid, first_seq bigint, first_op text,
    b_id uuid, b_op text, b_state jsonb, b_exact jsonb, b_hash text,
    a_id uuid, a_op text, a_state jsonb, a_exact jsonb, a_hash text,
    c_seq bigint, c_op text, c_state jsonb, c_exact jsonb, c_hash text);
exception when duplicate_object then null;
end;
$$;
comment on type pgcheckpoint.unit_entity is
  'An entity one unit of work changed, with its states before the unit (b_), after it (a_) and now (c_).';

drop function if exists pgcheckpoint.unit_entities(uuid, text, xid8);
create function pgcheckpoint.unit_entities(p_request uuid, p_trace text, p_tx xid8)
returns setof pgcheckpoint.unit_entity
language sql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
  with u as (
    select x.entity_type::text as entity_type, x.entity_id, min(x.seq) as first_seq, max(x.seq) as last_seq
    from pgcheckpoint.unit_changes(p_request, p_trace, p_tx) x
    group by 1, 2)
  select u.entity_type, u.entity_id, u.first_seq, f.operation,
         b.id, b.operation, b.state_data, b.state_exact, b.state_hash,
         a.id, a.operation, a.state_data, a.state_exact, a.state_hash,
         c.seq, c.operation, c.state_data, c.state_exact, c.state_hash
  from u
  join public.checkpoints f on f.seq = u.first_seq
  join public.checkpoints a on a.seq = u.last_seq
  left join lateral (select y.* from public.checkpoints y
                     where y.entity_id = u.entity_id and y.entity_type = u.entity_type and y.seq < u.first_seq
                     order by y.seq desc limit 1) b on true
  left join lateral (select y.* from public.checkpoints y
                     where y.entity_id = u.entity_id and y.entity_type = u.entity_type
                     order by y.seq desc limit 1) c on true
$$;
comment on function pgcheckpoint.unit_entities(uuid, text, xid8) is
  'Per entity one unit of work changed: its state before the unit, after it, and now, from the history.';

-- The live rows below the given ones (through the registered parent links,
-- at any depth), each with the given row it is below: one walk down, level
-- by level, that the revert's checks share. Read with the caller's
-- privileges.
create or replace function pgcheckpoint.live_descendants(p_types text[], p_ids uuid[])
returns table (root_type text, root_id uuid, entity_type text, entity_id uuid)
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  -- the frontier: (root type, root id, type, id)
  f_rtype text[] := p_types;
  f_rid   uuid[] := p_ids;
  f_type  text[] := p_types;
  f_id    uuid[] := p_ids;
  n_rtype text[];
  n_rid   uuid[];
  n_type  text[];
  n_id    uuid[];
  c_rtype text[];
  c_rid   uuid[];
  c_id    uuid[];
  ch      pgcheckpoint.entity_types;
  v_depth int := 0;
begin
  while cardinality(f_id) > 0 and v_depth < 100 loop
    v_depth := v_depth + 1;
    n_rtype := '{}'; n_rid := '{}'; n_type := '{}'; n_id := '{}';
    for ch in
      select * from pgcheckpoint.entity_types e where e.parent_type = any (f_type) order by e.entity_type
    loop
      execute format(
        'select coalesce(array_agg(f.rtype), ''{}''), coalesce(array_agg(f.rid), ''{}''), coalesce(array_agg(k.%1$I), ''{}'')
         from unnest($1::text[], $2::uuid[], $3::text[], $4::uuid[]) f (rtype, rid, ty, id)
         join %2$s k on k.%3$I = f.id
         where f.ty = $5', ch.pk_column, ch.table_name, ch.parent_column)
        into c_rtype, c_rid, c_id
        using f_rtype, f_rid, f_type, f_id, ch.parent_type;
      n_rtype := n_rtype || c_rtype;
      n_rid := n_rid || c_rid;
      n_type := n_type || array_fill(ch.entity_type::text, array[cardinality(c_id)]);
      n_id := n_id || c_id;
    end loop;
    return query select * from unnest(n_rtype, n_rid, n_type, n_id);
    f_rtype := n_rtype; f_rid := n_rid; f_type := n_type; f_id := n_id;
  end loop;
end;
$$;
comment on function pgcheckpoint.live_descendants(text[], uuid[]) is
  'The live rows below the given entities (registered parent links, any depth), each with the given entity (root) it is below.';

-- The given unit-inserted rows that now have a live row below them (at any
-- depth) that the unit did not insert.
drop function if exists pgcheckpoint.children_added_since(text[], uuid[], text[], uuid[]);
create or replace function pgcheckpoint.children_added_since(p_types text[], p_ids uuid[])
returns table (entity_type text, entity_id uuid)
language sql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
  select distinct d.root_type, d.root_id
  from pgcheckpoint.live_descendants(p_types, p_ids) d
  where (d.entity_type, d.entity_id) not in (select * from unnest(p_types, p_ids))
$$;
comment on function pgcheckpoint.children_added_since(text[], uuid[]) is
  'The unit-inserted rows (given) that now have, below them at any depth, a live row the unit did not insert.';

-- The revert's plan: per entity, what to do and what conflicts. States are
-- compared as text (as the hash is) with their exact values, and
-- updated_at is left out of every comparison.
drop function if exists pgcheckpoint.revert_plan(uuid, text, xid8, text);
create or replace function pgcheckpoint.revert_plan(p_units pgcheckpoint.unit_entity[], p_on_conflict text)
returns setof pgcheckpoint.revert_step
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp set work_mem = '64MB' as $$
declare
  e_type  text[];
  e_id    uuid[];
  c_type  text[];
  c_id    uuid[];
begin
  -- which unit-inserted rows now have rows below them that others added
  select coalesce(array_agg(x.entity_type), '{}'), coalesce(array_agg(x.entity_id), '{}') into e_type, e_id
  from unnest(p_units) x
  where x.first_op = 'insert' and x.c_op is distinct from 'delete';
  select coalesce(array_agg(k.entity_type), '{}'), coalesce(array_agg(k.entity_id), '{}') into c_type, c_id
  from pgcheckpoint.children_added_since(e_type, e_id) k;

  return query
  with e as (
    select x.*, r.table_name, r.parent_column, coalesce(tl.level, 0) as level,
           -- (a before that is a delete means absent; an insert as the first
           -- change means there is no before)
           case when x.first_op = 'insert' or x.b_op = 'delete' then null else x.b_id end as bid,
           x.a_op = 'delete' as a_gone,
           x.c_op is null or x.c_op = 'delete' as c_gone,
           pgcheckpoint.writable_columns(r.table_name, true) as cols
    from unnest(p_units) x
    join pgcheckpoint.entity_types r on r.entity_type = x.entity_type
    left join pgcheckpoint.type_levels() tl on tl.entity_type = x.entity_type),
  v as (
    -- every state the revert compares or writes is verified first (XX001)
    select e.*,
           case when e.bid is not null and pgcheckpoint.hash(e.b_state::text) <> e.b_hash
                  then pgcheckpoint.corrupted(e.bid, e.entity_type, e.entity_id, e.b_hash, pgcheckpoint.hash(e.b_state::text))
                when pgcheckpoint.hash(e.a_state::text) <> e.a_hash
                  then pgcheckpoint.corrupted(e.a_id, e.entity_type, e.entity_id, e.a_hash, pgcheckpoint.hash(e.a_state::text))
                when e.bid is not null and e.b_exact is not null
                     and not pgcheckpoint.exact_checked(e.table_name, e.entity_id, e.b_state, e.b_exact)
                  then null
           end as verified,
           -- before must be in the history, unless the unit inserted it
           case when e.first_op <> 'insert' and e.b_id is null
                  then pgcheckpoint.state_unknown(e.entity_type, e.entity_id, 'the start of the unit of work') end as known
    from e
    offset 0),
  d as (
    select v.*,
           -- the columns the unit changed (updated_at aside)
           case when v.bid is not null and not v.a_gone then
             array(select k from jsonb_object_keys(v.b_state || v.a_state) k
                   where k <> 'updated_at'
                     and ((v.b_state -> k)::text is distinct from (v.a_state -> k)::text
                          or (v.b_exact -> k) is distinct from (v.a_exact -> k))) end as changed,
           -- nobody touched it since (updated_at aside)
           case when v.a_gone then v.c_gone
                else not v.c_gone
                     and ((v.c_state - 'updated_at')::text = (v.a_state - 'updated_at')::text
                          and (v.c_exact - 'updated_at') is not distinct from (v.a_exact - 'updated_at')) end as untouched
    from v
    -- (referenced here, so that the checks above are not planned away: they
    -- raise, or are null)
    where v.verified is null and v.known is null
    -- (offset 0: changed and untouched computed once per entity, not again
    -- for each use below)
    offset 0),
  m as (
    select d.*,
           -- columns changed by the unit and by someone since
           case when d.changed is not null and not d.untouched and not d.c_gone then
             array(select k from unnest(d.changed) k
                   where (d.c_state -> k)::text is distinct from (d.a_state -> k)::text
                      or (d.c_exact -> k) is distinct from (d.a_exact -> k)) end as clash,
           (d.entity_type, d.entity_id) in (select * from unnest(c_type, c_id)) as has_children
    from d
    offset 0),
  k as (
    select m.*,
      case
        -- inserted by the unit
        when m.first_op = 'insert' and m.a_gone then null                                  -- and deleted by it: none
        when m.first_op = 'insert' and m.c_gone then null                                  -- deleted since by others: none
        when m.first_op = 'insert' and not m.untouched
          then 'changed since: ' || coalesce(nullif(array_to_string(array(
                 select k from jsonb_object_keys(m.c_state || m.a_state) k
                 where k <> 'updated_at'
                   and ((m.c_state -> k)::text is distinct from (m.a_state -> k)::text
                        or (m.c_exact -> k) is distinct from (m.a_exact -> k)) order by k), ', '), ''), 'updated_at')
        when m.first_op = 'insert' and m.has_children then 'children added since'
        when m.first_op = 'insert' then null
        -- deleted by the unit
        when m.a_gone and not m.c_gone then 'exists again'
        when m.a_gone then null
        -- changed by the unit
        when m.c_gone then 'deleted since'
        when cardinality(m.clash) > 0 then array_to_string(array(select x from unnest(m.clash) x order by x), ', ')
      end as conflict
    from m),
  w as (
    select k.*,
      case
        when k.conflict is not null and p_on_conflict = 'skip' then 'skipped'
        when k.conflict is not null and p_on_conflict = 'abort' then 'skipped'
        -- inserted and deleted by the unit: it did nothing to undo, and a
        -- row inserted again since (same id) is someone else's
        when k.first_op = 'insert' and k.a_gone then 'none'
        -- back to before, whatever happened since
        when k.bid is null and k.c_gone then 'none'
        when k.bid is null then 'deleted'
        when k.c_gone then 'inserted'
        when k.conflict is not null or k.untouched then
          case when (k.c_state::text, k.c_exact) is not distinct from (k.b_state::text, k.b_exact) then 'none' else 'updated' end
        -- merged: the columns the unit changed go back, the others stay
        when cardinality(k.changed) = 0 then 'none'
        else 'merged'
      end as todo
    from k),
  w2 as (
    select w.*,
           case when w.todo = 'merged' then
             w.c_state || coalesce((select jsonb_object_agg(x, w.b_state -> x) from unnest(w.changed) x), '{}') end as merged
    from w
    offset 0)
  select w.entity_type, w.entity_id,
         case when w.todo = 'merged' then 'updated' else w.todo end,
         w.conflict,
         case when w.todo in ('inserted', 'updated') then w.b_state
              when w.todo = 'merged' then w.merged
         end,
         case when w.todo in ('inserted', 'updated') then w.b_exact
              when w.todo = 'merged' then
                nullif((coalesce(w.c_exact, '{}') - w.changed)
                       || coalesce((select jsonb_object_agg(x, w.b_exact -> x) from unnest(w.changed) x where w.b_exact ? x), '{}'),
                       '{}')
         end,
         case when w.todo in ('inserted', 'updated') then w.b_hash
              when w.todo = 'merged' then pgcheckpoint.hash(w.merged::text)
         end,
         case when w.todo in ('inserted', 'updated') then (w.b_state ->> w.parent_column)::uuid
              when w.todo = 'merged' then (w.merged ->> w.parent_column)::uuid
         end,
         w.level,
         case when w.todo in ('inserted', 'updated') then w.bid end
  from w2 w;
end;
$$;
comment on function pgcheckpoint.revert_plan(pgcheckpoint.unit_entity[], text) is
  'Plans a revert: per entity the unit changed, the action (updated, inserted, deleted, skipped, none), the conflict, and the state to write.';

-- Under skip, a skipped row is left as it is; a row the revert would delete
-- above it would take it along (ON DELETE CASCADE) and lose the change that
-- made it conflict. Such a row is skipped too ('children skipped'), with
-- every row above it that the revert would delete. Walks down from the rows
-- to delete through the live rows, level by level, keeping each row's root.
create or replace function pgcheckpoint.revert_keep_above_skipped(p_plan pgcheckpoint.revert_step[])
returns pgcheckpoint.revert_step[]
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  k_type text[];
  k_id   uuid[];
begin
  if not exists (select 1 from unnest(p_plan) p where p.action = 'skipped') then
    return p_plan;
  end if;
  -- the rows to delete with a skipped row below them
  select coalesce(array_agg(d.root_type), '{}'), coalesce(array_agg(d.root_id), '{}') into k_type, k_id
  from pgcheckpoint.live_descendants(
         array(select p.entity_type from unnest(p_plan) p where p.action = 'deleted'),
         array(select p.entity_id from unnest(p_plan) p where p.action = 'deleted')) d
  join unnest(p_plan) p on p.entity_type = d.entity_type and p.entity_id = d.entity_id and p.action = 'skipped';
  if cardinality(k_id) = 0 then
    return p_plan;
  end if;
  return array(
    select case when p.action = 'deleted' and (p.entity_type, p.entity_id) in (select * from unnest(k_type, k_id))
                  then row(p.entity_type, p.entity_id, 'skipped', 'children skipped', null, null, null,
                           p.parent, p.depth, null)::pgcheckpoint.revert_step
                else p end
    from unnest(p_plan) p);
end;
$$;
comment on function pgcheckpoint.revert_keep_above_skipped(pgcheckpoint.revert_step[]) is
  'Under skip: a row the revert would delete, above a skipped row (at any depth), is skipped too (conflict ''children skipped''), so ON DELETE CASCADE cannot take the skipped row.';

-- A revert that deletes a row takes its live descendants with it (ON DELETE
-- CASCADE: under overwrite, a row the unit inserted goes with the children
-- added since). A row the revert writes (inserted, updated) among them, or
-- below one of them, would be written and lost, or find no parent: refused
-- before any write (23503), as restore_refusals refuses a missing parent.
create or replace function pgcheckpoint.revert_cascade_refusals(p_plan pgcheckpoint.revert_step[], p_label text)
returns void
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  g_type text[];
  g_id   uuid[];
  w      record;
begin
  -- what goes: the rows deleted and every live row below them
  select coalesce(array_agg(p.entity_type), '{}'), coalesce(array_agg(p.entity_id), '{}') into g_type, g_id
  from unnest(p_plan) p where p.action = 'deleted';
  if cardinality(g_id) = 0 then
    return;
  end if;
  select g_type || coalesce(array_agg(d.entity_type), '{}'), g_id || coalesce(array_agg(d.entity_id), '{}') into g_type, g_id
  from pgcheckpoint.live_descendants(g_type, g_id) d;
  select p.entity_type, p.entity_id, p.action, e.parent_type, p.parent into w
  from unnest(p_plan) p
  join pgcheckpoint.entity_types e on e.entity_type = p.entity_type
  where p.action in ('inserted', 'updated')
    and ((p.entity_type, p.entity_id) in (select * from unnest(g_type, g_id))
         or (e.parent_type::text, p.parent) in (select * from unnest(g_type, g_id)))
  order by p.depth, p.entity_type, p.entity_id
  limit 1;
  if found then
    raise exception '%: % % needs % %, which the revert deletes (with what is below it)',
                    p_label, w.entity_type, w.entity_id, w.parent_type, w.parent
      using errcode = 'foreign_key_violation',
            detail = format('%s %s is to be %s, but a row above it is deleted by the revert and its children go with it (ON DELETE CASCADE).',
                            w.entity_type, w.entity_id, w.action),
            hint = 'Nothing was changed. on_conflict => ''skip'' leaves the row with children added since as it is.';
  end if;
end;
$$;
comment on function pgcheckpoint.revert_cascade_refusals(pgcheckpoint.revert_step[], text) is
  'Raises 23503 when a revert would write (insert, update) a row that a row it deletes takes with it by ON DELETE CASCADE, or below one; before any write.';

-- revert_changes's body (output columns named step_*: see pgcheckpoint.rollback).
create or replace function pgcheckpoint.revert(p_request uuid, p_trace text, p_tx xid8, p_on_conflict text,
                                               p_dry_run boolean)
returns table (step_entity_type text, step_entity_id uuid, step_action text, step_conflict text)
language plpgsql set search_path = pg_catalog, pgcheckpoint, pg_temp set jit = off as $$
declare
  v_label  text;
  v_units  pgcheckpoint.unit_entity[];
  v_plan   pgcheckpoint.revert_step[];
  v_steps  pgcheckpoint.step[];
  v_clash  text;
  v_n      int;
  a        record;
begin
  if (p_request is not null)::int + (p_trace is not null)::int + (p_tx is not null)::int <> 1 then
    raise exception 'revert_changes: give exactly one of request_id, trace_id, transaction_id'
      using errcode = 'invalid_parameter_value';
  end if;
  if p_on_conflict is null or p_on_conflict not in ('abort', 'skip', 'overwrite') then
    raise exception 'revert_changes: on_conflict must be abort, skip or overwrite (got %)', coalesce(quote_literal(p_on_conflict), 'null')
      using errcode = 'invalid_parameter_value';
  end if;
  if p_dry_run is null then
    raise exception 'revert_changes: dry_run must not be null' using errcode = 'invalid_parameter_value';
  end if;
  v_label := 'revert of ' || case when p_request is not null then 'request ' || p_request
                                  when p_trace is not null then 'trace ' || p_trace
                                  else 'transaction ' || p_tx end;
  if not exists (select 1 from pgcheckpoint.unit_changes(p_request, p_trace, p_tx)) then
    raise exception '%: no captured change matches', v_label
      using errcode = 'no_data_found',
            hint = 'A unit is the changes captured with checkpoint.request_id or checkpoint.trace_id set, or by one transaction.';
  end if;

  -- Lock the unit's live rows (in type and key order), so that what the plan
  -- reads as "now" stays so until the revert commits: a writer in progress
  -- makes us wait, and its change is then part of "now" (the states below
  -- are read after the lock, by a later statement).
  if not p_dry_run then
    perform pgcheckpoint.lock_rows(array_agg(u.entity_type), array_agg(u.entity_id))
    from (select distinct x.entity_type::text as entity_type, x.entity_id
          from pgcheckpoint.unit_changes(p_request, p_trace, p_tx) x) u;
  end if;

  v_units := array(select u from pgcheckpoint.unit_entities(p_request, p_trace, p_tx) u);
  v_plan := array(select p from pgcheckpoint.revert_plan(v_units, p_on_conflict) p);

  if p_on_conflict = 'abort' and not p_dry_run then
    select string_agg(format('%s %s (%s)', x.entity_type, x.entity_id, x.conflict), '; ' order by x.depth, x.entity_type, x.entity_id),
           count(*)
      into v_clash, v_n
    from (select * from unnest(v_plan) p where p.conflict is not null
          order by p.depth, p.entity_type, p.entity_id limit 20) x;
    if v_clash is not null then
      raise exception '%: % conflicting entit% (%)', v_label,
                      (select count(*) from unnest(v_plan) p where p.conflict is not null),
                      case when v_n = 1 then 'y' else 'ies' end, v_clash
        using errcode = 'object_not_in_prerequisite_state',
              detail = 'Conflicting entities: ' || v_clash,
              hint = 'Nothing was changed. Look with dry_run => true; on_conflict => ''skip'' leaves them as they are, ''overwrite'' takes them back anyway.';
    end if;
  end if;

  -- skip (and the dry run under abort, which shows what skip would do)
  if p_on_conflict <> 'overwrite' then
    v_plan := pgcheckpoint.revert_keep_above_skipped(v_plan);
  end if;

  v_steps := array(select row(p.entity_type, p.entity_id, p.action, p.checkpoint_id, p.state, p.exact, p.hash,
                              p.depth, p.parent)::pgcheckpoint.step
                   from unnest(v_plan) p where p.action in ('inserted', 'updated', 'deleted'));
  perform pgcheckpoint.restore_refusals(v_steps, null, null, true, v_label);
  perform pgcheckpoint.revert_cascade_refusals(v_plan, v_label);
  if not p_dry_run then
    select * into a from pgcheckpoint.restore_apply(v_steps, v_label) a;
    perform pgcheckpoint.restore_check(v_steps, a.since, a.captured, v_label);
  end if;

  return query
    select p.entity_type, p.entity_id, p.action, p.conflict
    from unnest(v_plan) p
    order by case when p.action = 'deleted' then 1 else 0 end,
             case when p.action = 'deleted' then -p.depth else p.depth end,
             p.entity_type, p.entity_id;
end;
$$;
comment on function pgcheckpoint.revert(uuid, text, xid8, text, boolean) is
  'Body of revert_changes (see there); output columns are named step_* because PL/pgSQL forbids output names equal to argument names.';

create or replace function revert_changes(request_id uuid default null, trace_id text default null,
                                          transaction_id xid8 default null, on_conflict text default 'abort',
                                          dry_run boolean default false)
returns table (entity_type text, entity_id uuid, action text, conflict text)
language sql set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
  select r.step_entity_type, r.step_entity_id, r.step_action, r.step_conflict
  from pgcheckpoint.revert($1, $2, $3, $4, $5) r;
$$;
comment on function revert_changes(uuid, text, xid8, text, boolean) is
  'Reverts exactly what one unit of work changed (one request, trace or transaction: exactly one), keeping later changes of others: each entity goes back to its state before the unit, merged column by column where others changed other columns since. Conflicts (a column the unit changed and someone changed again, deleted since, exists again, children added since, an inserted row changed since): on_conflict abort (55000, nothing changes), skip (left as they are), overwrite (back to before anyway). Returns one row per entity: action updated, inserted, deleted, skipped or none, and the conflict. dry_run changes nothing. Errors: 22023 bad arguments, P0002 no change matches or a state the history no longer holds, XX001 corrupted checkpoint, 42501 missing privilege.';

-- "What did this request do?": the unit's changes in capture order, each
-- with the columns it changed (against the entity's previous checkpoint;
-- all of the row's columns for an insert or a delete). The natural preview
-- before revert_changes. Read with the caller's privileges.
create or replace function unit_changes(request_id uuid default null, trace_id text default null,
                                        transaction_id xid8 default null)
returns table (seq bigint, checkpoint_id uuid, entity_type text, entity_id uuid, operation text,
               columns text[], created_by text, created_at timestamptz, reason text)
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
begin
  if (unit_changes.request_id is not null)::int + (unit_changes.trace_id is not null)::int
     + (unit_changes.transaction_id is not null)::int <> 1 then
    raise exception 'unit_changes: give exactly one of request_id, trace_id, transaction_id'
      using errcode = 'invalid_parameter_value';
  end if;
  return query
    select u.seq, u.id, u.entity_type::text, u.entity_id, u.operation,
           case when u.operation = 'update' then
             array(select k from jsonb_object_keys(u.state_data || coalesce(p.state_data, '{}')) k
                   where (u.state_data -> k)::text is distinct from (p.state_data -> k)::text
                      or (u.state_exact -> k) is distinct from (p.state_exact -> k)
                   order by k)
           else array(select k from jsonb_object_keys(u.state_data) k order by k) end,
           u.created_by::text, u.created_at, u.reason::text
    from pgcheckpoint.unit_changes(unit_changes.request_id, unit_changes.trace_id, unit_changes.transaction_id) u
    left join lateral (select y.state_data, y.state_exact from public.checkpoints y
                       where y.entity_id = u.entity_id and y.entity_type = u.entity_type and y.seq < u.seq
                       order by y.seq desc limit 1) p on true
    order by u.seq;
end;
$$;
comment on function unit_changes(uuid, text, xid8) is
  'The changes one unit of work made (exactly one of request_id, trace_id, transaction_id), in capture order: entity, operation and the columns each changed. 22023 unless exactly one key is given; empty when nothing matches.';
--! EndIncluded revert.sql
--! Included ddl.sql
-- The DDL guard: schema changes under tracking never leave a silent hole in
-- the history, a stale capture function, or a broken registry. Event
-- triggers (created by a superuser; they fire for every role's DDL):
--
--   after any DDL that touches a tracked table (ALTER TABLE, a policy on it,
--   a table inheriting from it) or the types its rows are made of (CREATE
--   CAST, ALTER TYPE, an extension): every tracked table concerned is
--   checked, and its generated code made again;
--     - it must still be a plain table outside any partition or inheritance
--       tree (a write through another table of the tree would bypass its
--       capture): 22023;
--     - its capture triggers must be there and enabled: 55000;
--     - its primary key must still be one uuid column, its parent column a
--       uuid column (renames are followed): 22023;
--     - no cast of another role may run when its rows are rendered: 42501;
--   dropping a tracked table, or the capture triggers or functions of one,
--   is refused: 2BP01, with a hint (untrack_table first).
-- A refusal fails the DDL statement, so nothing of it lands.
--
-- DDL that pg-checkpoint itself runs (track_table, untrack_table, the
-- guard regenerating code) sets checkpoint.generating and is let through.

-- Checks one tracked table after DDL, follows renames of its key and parent
-- columns, and generates its code again.
create or replace function pgcheckpoint.recheck(t pgcheckpoint.entity_types) returns void
language plpgsql set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  v_kind   "char";
  v_pk     name;
  v_pk_n   int;
  v_pk_typ oid;
  v_pcol   name;
  v_ptyp   oid;
  v_hint   text := format('To change that, untrack it first: select untrack_table(%L); its history stays.', t.table_name::text);
begin
  select c.relkind into v_kind from pg_class c where c.oid = t.table_name;
  if v_kind <> 'r' or exists (select 1 from pg_inherits i where i.inhparent = t.table_name or i.inhrelid = t.table_name) then
    raise exception '% is tracked by pg-checkpoint (entity type %): it cannot become partitioned, a partition, or part of an inheritance tree',
                    t.table_name, t.entity_type
      using errcode = 'invalid_parameter_value',
            detail = 'Writes through another table of the tree would bypass its capture and leave holes in its history.',
            hint = v_hint;
  end if;
  select count(*), min(a.attname), min(a.atttypid) into v_pk_n, v_pk, v_pk_typ
  from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any (i.indkey)
  where i.indrelid = t.table_name and i.indisprimary;
  if v_pk_n <> 1 or v_pk_typ <> 'uuid'::regtype then
    raise exception '% is tracked by pg-checkpoint (entity type %): its primary key must stay one uuid column',
                    t.table_name, t.entity_type
      using errcode = 'invalid_parameter_value', hint = v_hint;
  end if;
  if t.parent_column is not null then
    select a.attname, a.atttypid into v_pcol, v_ptyp from pg_attribute a
    where a.attrelid = t.table_name and a.attnum = t.parent_attnum and not a.attisdropped;
    if v_ptyp is distinct from 'uuid'::regtype then
      raise exception '% is tracked by pg-checkpoint (entity type %): its parent column % must stay a uuid column',
                      t.table_name, t.entity_type, quote_ident(t.parent_column)
        using errcode = 'invalid_parameter_value', hint = v_hint;
    end if;
  end if;
  perform pgcheckpoint.refuse_untrusted_cast(t.table_name);
  -- (shape_at: the columns may have changed)
  update pgcheckpoint.entity_types r set pk_column = v_pk, parent_column = v_pcol, shape_at = now()
  where r.entity_type = t.entity_type
  returning * into t;
  perform pgcheckpoint.generate(t);
end;
$$;
comment on function pgcheckpoint.recheck(pgcheckpoint.entity_types) is
  'After DDL: checks that a tracked table can still be captured without holes (plain table, uuid key, uuid parent column, no untrusted cast), follows column renames, and regenerates its code.';

-- 55000 when a tracked table's capture triggers are missing or disabled.
create or replace function pgcheckpoint.check_triggers(t pgcheckpoint.entity_types) returns void
language plpgsql stable set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
begin
  if (select count(*) from pg_trigger g
      where g.tgrelid = t.table_name and g.tgenabled in ('O', 'A')
        and g.tgfoid in (format('pgcheckpoint.%I()', 'capture__' || t.entity_type)::regprocedure,
                         'pgcheckpoint.statement_begins()'::regprocedure)) <> 5 then
    raise exception '% is tracked by pg-checkpoint (entity type %): its capture triggers must stay enabled',
                    t.table_name, t.entity_type
      using errcode = 'object_not_in_prerequisite_state',
            detail = 'Writes made while they are disabled would be missing from its history, and rollbacks would be wrong.',
            hint = format('To stop capturing, untrack it: select untrack_table(%L).', t.table_name::text);
  end if;
end;
$$;
comment on function pgcheckpoint.check_triggers(pgcheckpoint.entity_types) is
  'Raises 55000 unless the five capture triggers of a tracked table exist and fire (enabled, origin or always).';

create or replace function pgcheckpoint.ddl_end() returns event_trigger
language plpgsql security definer set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  cmd     record;
  t       pgcheckpoint.entity_types;
  v_all   boolean := false;
  v_casts boolean := false;
  v_rels  oid[] := '{}';
begin
  if coalesce(current_setting('checkpoint.generating', true), '') = 'on'
     or not exists (select 1 from pgcheckpoint.entity_types) then
    return;
  end if;
  for cmd in select * from pg_event_trigger_ddl_commands() loop
    if cmd.command_tag in ('CREATE CAST', 'ALTER TYPE', 'ALTER DOMAIN', 'ALTER FUNCTION') and not cmd.in_extension then
      -- the types a tracked table is made of may render differently now
      v_all := true;
    elsif cmd.classid = 'pg_extension'::regclass or cmd.in_extension then
      -- an extension's objects (casts among them) are its superuser's; they
      -- are checked, but nothing is generated inside its script
      v_casts := true;
    elsif cmd.classid = 'pg_class'::regclass then
      v_rels := v_rels || cmd.objid
                || array(select i.inhparent from pg_inherits i where i.inhrelid = cmd.objid)
                || array(select i.inhrelid from pg_inherits i where i.inhparent = cmd.objid);
    elsif cmd.classid = 'pg_policy'::regclass then
      v_rels := v_rels || (select p.polrelid from pg_policy p where p.oid = cmd.objid);
    elsif cmd.classid = 'pg_trigger'::regclass then
      v_rels := v_rels || (select g.tgrelid from pg_trigger g where g.oid = cmd.objid);
    end if;
  end loop;
  for t in
    select * from pgcheckpoint.entity_types r
    where v_all or v_casts or r.table_name = any (v_rels)
    order by r.entity_type
  loop
    -- (triggers first: generating them again would quietly re-enable them)
    perform pgcheckpoint.check_triggers(t);
    if v_all or t.table_name = any (v_rels) then
      perform pgcheckpoint.recheck(t);
    else
      perform pgcheckpoint.refuse_untrusted_cast(t.table_name);
    end if;
  end loop;
end;
$$;
comment on function pgcheckpoint.ddl_end() is
  'Event trigger (ddl_command_end): after DDL touching a tracked table or the types its rows are made of, checks the table can still be captured without holes and regenerates its code; refuses the DDL otherwise.';
revoke execute on function pgcheckpoint.ddl_end() from public;

create or replace function pgcheckpoint.ddl_drop() returns event_trigger
language plpgsql security definer set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  o record;
  t pgcheckpoint.entity_types;
begin
  if coalesce(current_setting('checkpoint.generating', true), '') = 'on'
     or not exists (select 1 from pgcheckpoint.entity_types) then
    return;
  end if;
  for o in select * from pg_event_trigger_dropped_objects() loop
    select * into t from pgcheckpoint.entity_types r
    where (o.classid = 'pg_class'::regclass and o.objsubid = 0 and r.table_name = o.objid)
       or (o.classid = 'pg_proc'::regclass and o.object_name = 'capture__' || r.entity_type
           and o.schema_name = 'pgcheckpoint');
    if found then
      raise exception 'cannot drop %: it is tracked by pg-checkpoint (entity type %)', o.object_identity, t.entity_type
        using errcode = 'dependent_objects_still_exist',
              detail = 'Dropping it would leave a registry entry that every rollback reaching this type trips over.',
              -- (the table is dropped already, as far as the catalog goes: its
              -- name comes from the event)
              hint = format('Untrack it first: select untrack_table(%L); its history stays.', o.object_identity);
    end if;
    if o.classid = 'pg_trigger'::regclass and o.object_name like 'checkpoint\_%' then
      select * into t from pgcheckpoint.entity_types r
      where o.object_identity like 'checkpoint\_% on ' || r.table_name::text;
      if found then
        raise exception 'cannot drop trigger %: it captures the history of % (entity type %)',
                        o.object_identity, t.table_name, t.entity_type
          using errcode = 'dependent_objects_still_exist',
                hint = 'To stop capturing, untrack the table: select untrack_table(''<table>'').';
      end if;
    end if;
  end loop;
  -- a policy on a tracked table is gone: visibility follows
  if exists (select 1 from pg_event_trigger_dropped_objects() x where x.classid = 'pg_policy'::regclass) then
    perform set_config('checkpoint.generating', 'on', true);
    perform pgcheckpoint.generate_visibility();
    perform set_config('checkpoint.generating', '', true);
  end if;
end;
$$;
comment on function pgcheckpoint.ddl_drop() is
  'Event trigger (sql_drop): refuses dropping a tracked table or its capture triggers or function (2BP01, hint: untrack_table first), and follows dropped policies.';
revoke execute on function pgcheckpoint.ddl_drop() from public;

drop event trigger if exists pgcheckpoint_ddl_end;
create event trigger pgcheckpoint_ddl_end on ddl_command_end execute function pgcheckpoint.ddl_end();
drop event trigger if exists pgcheckpoint_ddl_drop;
create event trigger pgcheckpoint_ddl_drop on sql_drop execute function pgcheckpoint.ddl_drop();

-- The code generated for the tracked tables, made again with this version's
-- generators: the last step of an install or an upgrade (nothing to do on a
-- first install).
create or replace function pgcheckpoint.regenerate_all() returns int
language plpgsql set search_path = pg_catalog, pgcheckpoint, pg_temp as $$
declare
  t pgcheckpoint.entity_types;
  n int := 0;
begin
  for t in select * from pgcheckpoint.entity_types order by entity_type loop
    perform pgcheckpoint.generate(t);
    n := n + 1;
  end loop;
  perform pgcheckpoint.generate_visibility();
  return n;
end;
$$;
comment on function pgcheckpoint.regenerate_all() is
  'Regenerates the capture and visibility functions of every tracked table (after an install or upgrade of pg-checkpoint).';
revoke execute on function pgcheckpoint.regenerate_all() from public;
--! EndIncluded ddl.sql

-- After an upgrade, the tracked tables' generated code comes from this
-- version's generators.
select pgcheckpoint.regenerate_all();
--! EndIncluded core.sql
--! Included domain.sql
-- The demo application's tables: what the agent orchestration app of the
-- README stores (plans, tasks, artifacts, prompts), tracked out of the box
-- at the end of schema.sql. `npm start`, the examples and the tests use
-- them; `pg-checkpoint install` into an existing database does not create
-- them.

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
  -- How long the executor lets this task's step run before it fails it as
  -- hung (null: the run's default).
  timeout_ms integer check (timeout_ms > 0),
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

-- Runs of the plan executor (src/app/executor.ts): what POST /plans/{id}/run
-- queued and GET /runs/{id} reports. Not tracked: a run's record must
-- survive the rollbacks it makes, and it is bookkeeping, not an entity an
-- agent changes.
create table if not exists plan_runs (
  id          uuid primary key default gen_random_uuid(),
  plan_id     uuid not null references plans (id) on delete cascade,
  status      text not null default 'queued'
              check (status in ('queued', 'running', 'succeeded', 'failed')),
  -- The run's options (policy, retries, onFailure, stepTimeoutMs), as given.
  options     jsonb not null default '{}',
  -- Who started it (actor, requestId, traceparent): the executor's own
  -- writes carry it, and its spans continue that trace.
  context     jsonb not null default '{}',
  error       text,
  created_at  timestamptz not null default now(),
  started_at  timestamptz,
  finished_at timestamptz,
  updated_at  timestamptz not null default now()
);
-- One queued or running run per plan: the claim that two API processes or
-- two workers cannot both win (the second insert fails with 23505).
create unique index if not exists plan_runs_one_active_idx on plan_runs (plan_id)
  where status in ('queued', 'running');

comment on table plan_runs is
  'Runs of the plan executor (src/app/executor.ts): queued by POST /plans/{id}/run, run by the run_plan job; the process running one holds its advisory lock.';

-- One row per attempt of a step. task_id has no foreign key on purpose: a
-- rollback may delete a task that a step created, and the record of what
-- ran stays.
create table if not exists plan_run_steps (
  id            uuid primary key default gen_random_uuid(),
  run_id        uuid not null references plan_runs (id) on delete cascade,
  task_id       uuid not null,
  title         text not null,
  position      integer,
  attempt       integer not null check (attempt > 0),
  status        text not null default 'running'
                check (status in ('running', 'done', 'failed', 'interrupted')),
  on_failure    text not null check (on_failure in ('rollback', 'revert')),
  -- The step's unit of work: every write of its handler carries this
  -- request id (revert_changes(request_id => ...) undoes exactly them).
  request_id    uuid not null,
  -- The plan's checkpoint taken before the step (what 'rollback' goes back to).
  checkpoint_id uuid not null,
  timeout_ms    integer not null,
  error         text,
  -- What undoing the failed step did: {"onFailure", "steps"} or, when the
  -- revert met conflicts, {"onFailure", "conflicts"} (the step stays as it was).
  undo          jsonb,
  started_at    timestamptz not null default now(),
  finished_at   timestamptz,
  unique (run_id, task_id, attempt)
);
comment on table plan_run_steps is
  'One row per attempt of a plan run''s step: its unit (request_id), the checkpoint before it, its outcome and what undoing it did.';

-- The same test as a WHEN condition too: during a restore the trigger does
-- not fire at all, which spares a PL/pgSQL call per restored row.
do $$
declare
  t text;
begin
  foreach t in array array['plans', 'tasks', 'artifacts', 'prompts', 'plan_runs'] loop
    execute format(
      'create or replace trigger touch_updated_at before update on %I for each row
         when (coalesce(current_setting(''checkpoint.restoring'', true), '''') <> ''on'')
         execute function touch_updated_at()', t);
  end loop;
end;
$$;
--! EndIncluded domain.sql
--! Included service.sql
-- The HTTP service's own bookkeeping (src/http): API keys and the stored
-- responses of requests sent with an Idempotency-Key. They belong to the
-- service, not to the core (`pg-checkpoint install` does not create them)
-- and not to the application: no row here is a tracked entity. Their own
-- schema keeps them out of the application's public one; the service
-- connects as the owner, nobody else needs them.

create schema if not exists pgcheckpoint_api;
comment on schema pgcheckpoint_api is
  'pg-checkpoint HTTP service: API keys (hashed) and idempotency records. Not tracked, not part of the core.';
revoke all on schema pgcheckpoint_api from public;

-- One row per API key. The key itself is shown once, when it is created,
-- and never stored: only its SHA-256, which is what a request's bearer
-- token is looked up by.
create table if not exists pgcheckpoint_api.keys (
  id         uuid primary key default gen_random_uuid(),
  key_hash   text not null unique check (key_hash ~ '^[0-9a-f]{64}$'),
  -- The key's first characters, so that `keys list` can tell keys apart
  -- without showing them.
  prefix     text not null,
  actor      text not null check (actor <> ''),
  role       text not null check (role in ('reader', 'writer', 'admin')),
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);

-- A POST with an Idempotency-Key claims its row before it runs (a
-- concurrent duplicate finds the row and gets 409) and stores its response
-- after; a retry with the same key replays that response. Per API key, so
-- two clients never see each other's responses.
create table if not exists pgcheckpoint_api.idempotency (
  key_id          uuid not null references pgcheckpoint_api.keys (id) on delete cascade,
  idempotency_key text not null,
  -- SHA-256 of method, path and body: the same key with another request is refused.
  request_hash    text not null,
  status          integer,
  content_type    text,
  -- Response headers a replay repeats (location, etag, link).
  headers         jsonb not null default '{}',
  body            text,
  created_at      timestamptz not null default now(),
  -- Null while the first request runs.
  completed_at    timestamptz,
  primary key (key_id, idempotency_key)
);
-- Serves the retention's delete by age.
create index if not exists idempotency_created_at_idx on pgcheckpoint_api.idempotency (created_at);

-- Retention of the service's rows (the worker's prune_service_rows task).
-- A request log goes once it is older than the horizon and no checkpoint
-- names it any more (pruning removed them): deleting a referenced one would
-- null the checkpoints' request_id and lose the unit a revert by request
-- id works on.
create or replace function pgcheckpoint_api.prune_service_rows(older_than interval)
returns table (request_logs bigint, idempotency bigint)
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  horizon timestamptz;
begin
  if older_than is null or older_than < interval '0' then
    raise exception 'older_than must be a non-negative interval, got %', coalesce(older_than::text, 'null')
      using errcode = '22023';
  end if;
  horizon := now() - older_than;
  delete from public.request_logs r
   where r.created_at < horizon
     and not exists (select from public.checkpoints c where c.request_id = r.id);
  get diagnostics request_logs = row_count;
  delete from pgcheckpoint_api.idempotency i where i.created_at < horizon;
  get diagnostics idempotency = row_count;
  return next;
end;
$$;
comment on function pgcheckpoint_api.prune_service_rows(interval) is
  'Deletes request_logs rows older than now() - older_than that no checkpoint references, and idempotency records older than that; returns how many of each.';

-- Serves the retention's scan of request_logs by age.
create index if not exists request_logs_created_at_idx on public.request_logs (created_at);
--! EndIncluded service.sql

-- The demo application's entities are tracked out of the box.
select track_table('plans', 'plan');
select track_table('tasks', 'task', 'plan', 'plan_id');
select track_table('artifacts', 'artifact', 'task', 'task_id');
select track_table('prompts', 'prompt');
--! EndIncluded schema.sql
