/**
 * The four tables bench:capture compares, and what it needs to know about
 * each: how to create it, how to write to it, and how to read the history it
 * keeps. Only pg-checkpoint's public interface is used (track_table, the
 * `checkpoints` table), so the bench survives a rewrite of the internals.
 *
 *   - bare: an untracked table;
 *   - floor: the cheapest honest capture of the same writes: one statement
 *     AFTER trigger per operation, with a transition table, that writes the
 *     entity id, `to_jsonb(row)` and its SHA-256 hex for every new row
 *     (insert, update) or old row (delete) into a lean `floor_log` with one
 *     btree index, on entity_id. Plain PL/pgSQL: no SECURITY DEFINER, no SET;
 *   - contract floor: the floor plus exactly what the contract and the
 *     security standards pin for any implementation: a history with a uuid
 *     primary key, an identity `seq` (unique), `request_id` referencing
 *     request_logs (on delete set null) and an index on (entity_id, seq); ids
 *     made from the seq (drawn once per row); an UPDATE's rows paired with
 *     their old ones and the identical ones skipped; a SECURITY DEFINER
 *     capture function with search_path, timezone and jit pinned. The gap between it
 *     and pg-checkpoint is what pg-checkpoint's own design costs;
 *   - pg-checkpoint: `track_table(...)`.
 */
import type pg from 'pg';

export const VARIANTS = ['bare', 'floor', 'contract floor', 'pg-checkpoint'] as const;
export type Variant = (typeof VARIANTS)[number];

/** The variants that keep a history. */
export const HISTORY_VARIANTS = ['floor', 'contract floor', 'pg-checkpoint'] as const;
export type HistoryVariant = (typeof HISTORY_VARIANTS)[number];

export const TABLE: Record<Variant, string> = {
  bare: 'bench_bare',
  floor: 'bench_floor',
  'contract floor': 'bench_contract_floor',
  'pg-checkpoint': 'bench_tracked',
};

export const ENTITY_TYPE = 'bench_item';
export const FLOOR_LOG = 'floor_log';
export const CONTRACT_FLOOR_LOG = 'contract_floor_log';

export const BULK_OPS = ['insert', 'update', 'delete'] as const;
export type BulkOp = (typeof BULK_OPS)[number];

const COLUMNS = `
  id         uuid primary key default gen_random_uuid(),
  title      text not null,
  counter    integer not null default 0,
  status     text not null default 'pending'
             check (status in ('pending', 'running', 'done', 'failed')),
  meta       jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()`;

/** The floor's capture function for one operation: `rows` is its transition table. */
function floorFunction(op: BulkOp, digestSchema: string): string {
  const rows = op === 'delete' ? 'old_rows' : 'new_rows';
  return `
create function floor_capture_${op}() returns trigger language plpgsql as $$
begin
  insert into ${FLOOR_LOG} (entity_id, state, state_hash)
  select r.id, r.state, encode(${digestSchema}.digest(r.state::text, 'sha256'), 'hex')
  from (select t.id, to_jsonb(t) as state from ${rows} t offset 0) r;  -- each row rendered once
  return null;
end;
$$;
create trigger floor_capture_${op} after ${op} on ${TABLE.floor}
  referencing ${op === 'delete' ? 'old' : 'new'} table as ${rows}
  for each statement execute function floor_capture_${op}();`;
}

/**
 * The contract floor's capture function for one operation: the floor's, plus
 * a uuid primary key made from the identity seq (nextval once per row, in the
 * subquery that renders the row; `overriding system value`), request_id
 * (null: no session context here), SECURITY DEFINER with a pinned
 * search_path, timezone and jit. An UPDATE's capture also pairs each new row
 * with its old one by key and skips the rows left identical (the contract:
 * "an UPDATE that leaves the row identical makes none"; compared byte for
 * byte, `*<>`), with the cheapest join that keeps every new row: a left
 * join, in memory (`work_mem`, as pg-checkpoint's capture sets it: at the
 * default 4MB a 100,000-row statement spills both sides to disk).
 */
function contractFloorFunction(op: BulkOp, digestSchema: string, seqName: string): string {
  const rows = op === 'delete' ? 'old_rows' : 'new_rows';
  const source =
    op === 'update'
      ? `new_rows t left join old_rows o on o.id = t.id where o.id is null or o.* *<> t.*`
      : `${rows} t`;
  return `
create function contract_floor_capture_${op}() returns trigger language plpgsql
security definer set search_path = pg_catalog, public, pg_temp set timezone = 'UTC' set jit = off${
    op === 'update' ? " set work_mem = '64MB'" : ''
  } as $$
begin
  insert into public.${CONTRACT_FLOOR_LOG} (id, seq, entity_id, state, state_hash, request_id)
  overriding system value
  select ('0000000000008000' || to_hex(r.s | -9223372036854775808))::uuid, r.s, r.id, r.state,
         encode(${digestSchema}.digest(r.state::text, 'sha256'), 'hex'), null
  from (select nextval(${seqName}) as s, t.id, to_jsonb(t) as state from ${source} offset 0) r;  -- each row rendered once
  return null;
end;
$$;
create trigger contract_floor_capture_${op} after ${op} on ${TABLE['contract floor']}
  referencing ${op === 'delete' ? 'old table as old_rows' : op === 'update' ? 'old table as old_rows new table as new_rows' : 'new table as new_rows'}
  for each statement execute function contract_floor_capture_${op}();`;
}

/**
 * The four tables, the floor's and the contract floor's logs and triggers,
 * and track_table for pg-checkpoint's. pgcrypto's digest() is called
 * schema-qualified, wherever the schema put the extension.
 */
export async function createVariants(c: pg.Client): Promise<void> {
  await c.query('create extension if not exists pgcrypto');
  const { rows } = await c.query<{ schema: string }>(
    `select quote_ident(n.nspname) as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
     where e.extname = 'pgcrypto'`,
  );
  const digestSchema = rows[0]?.schema ?? 'public';
  await c.query(`
    create table ${TABLE.bare} (${COLUMNS});
    create table ${TABLE.floor} (${COLUMNS});
    create table ${TABLE['contract floor']} (${COLUMNS});
    create table ${TABLE['pg-checkpoint']} (${COLUMNS});
    create table ${FLOOR_LOG} (entity_id uuid not null, state jsonb not null, state_hash text not null);
    create index ${FLOOR_LOG}_entity_id_idx on ${FLOOR_LOG} (entity_id);
    ${BULK_OPS.map((op) => floorFunction(op, digestSchema)).join('\n')}
    create table ${CONTRACT_FLOOR_LOG} (
      id         uuid primary key,
      seq        bigint generated always as identity unique,
      entity_id  uuid not null,
      state      jsonb not null,
      state_hash text not null,
      request_id uuid references request_logs (id) on delete set null
    );
    create index ${CONTRACT_FLOOR_LOG}_entity_id_seq_idx on ${CONTRACT_FLOOR_LOG} (entity_id, seq);`);
  const seq = await c.query<{ name: string }>(`select quote_literal(pg_get_serial_sequence($1, 'seq')) as name`, [
    `public.${CONTRACT_FLOOR_LOG}`,
  ]);
  const seqName = seq.rows[0]?.name;
  if (!seqName) throw new Error(`${CONTRACT_FLOOR_LOG}: no identity sequence`);
  await c.query(`
    ${BULK_OPS.map((op) => contractFloorFunction(op, digestSchema, seqName)).join('\n')}
    select track_table('${TABLE['pg-checkpoint']}', '${ENTITY_TYPE}');`);
}

/**
 * Autovacuum off on every table of the bench database (the bench tables,
 * the history and whatever tables the schema has), so that it cannot start in
 * the middle of a measurement: the bench vacuums explicitly in between.
 */
export async function disableAutovacuum(c: pg.Client): Promise<void> {
  await c.query(`
    do $$
    declare
      t regclass;
    begin
      for t in
        select c.oid::regclass from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema')
          and n.nspname not like 'pg\\_toast%'
      loop
        execute format('alter table %s set (autovacuum_enabled = false)', t);
      end loop;
    end;
    $$`);
}

/**
 * `count` rows of the bench's shape. With `idFromNumber`, row g gets the id
 * md5(g)::uuid, so that pgbench (whose variables are numbers) can name a
 * random existing row; otherwise the column default (gen_random_uuid()).
 */
export function insertSql(table: string, count: number, idFromNumber = false): string {
  return `insert into ${table} (${idFromNumber ? 'id, ' : ''}title, counter, status, meta)
          select ${idFromNumber ? 'md5(g::text)::uuid, ' : ''}'item ' || g || ' ' || md5(g::text), g % 1000,
                 (array['pending', 'running', 'done', 'failed'])[1 + g % 4],
                 jsonb_build_object('source', 'bench', 'n', g, 'score', round((g % 97) / 7.0, 2),
                                    'tags', jsonb_build_array('alpha', 'beta'))
          from generate_series(1, ${count}) g`;
}

export function bulkSql(op: BulkOp, variant: Variant, rows: number): string {
  const table = TABLE[variant];
  switch (op) {
    case 'insert':
      return insertSql(table, rows);
    case 'update':
      return `update ${table} set counter = counter + 1, updated_at = now()`;
    case 'delete':
      return `delete from ${table}`;
  }
}

/** The single-row statement pgbench runs (`:n`: a random row number). */
export function pgbenchScript(variant: Variant, rows: number): string {
  return [
    `\\set n random(1, ${rows})`,
    `update ${TABLE[variant]} set counter = counter + 1, updated_at = now() where id = md5(:n::text)::uuid;`,
    '',
  ].join('\n');
}

/** Where the histories stand: rows and bytes (table + indexes + toast). */
export interface HistoryMark {
  checkpointsSeq: number;
  contractSeq: number;
  floorRows: number;
  checkpointsBytes: number;
  contractBytes: number;
  floorBytes: number;
}

export async function historyMark(c: pg.Client): Promise<HistoryMark> {
  const { rows } = await c.query<{
    seq: string;
    contract_seq: string;
    floor_rows: string;
    cp_bytes: string;
    contract_bytes: string;
    floor_bytes: string;
  }>(`
    select (select coalesce(max(seq), 0) from checkpoints) as seq,
           (select coalesce(max(seq), 0) from ${CONTRACT_FLOOR_LOG}) as contract_seq,
           (select count(*) from ${FLOOR_LOG}) as floor_rows,
           pg_total_relation_size('checkpoints') as cp_bytes,
           pg_total_relation_size('${CONTRACT_FLOOR_LOG}') as contract_bytes,
           pg_total_relation_size('${FLOOR_LOG}') as floor_bytes`);
  const r = rows[0];
  if (!r) throw new Error('historyMark: no row');
  return {
    checkpointsSeq: Number(r.seq),
    contractSeq: Number(r.contract_seq),
    floorRows: Number(r.floor_rows),
    checkpointsBytes: Number(r.cp_bytes),
    contractBytes: Number(r.contract_bytes),
    floorBytes: Number(r.floor_bytes),
  };
}

/** What each history recorded between two marks. */
export interface HistoryGrowth {
  /** Per variant with a history: rows recorded and bytes grown. */
  floor: { rows: number; bytes: number };
  /** wellFormed: every new row's id is made from its seq, request_id null, a 64-hex hash. */
  'contract floor': { rows: number; bytes: number; entities: number; wellFormed: boolean };
  'pg-checkpoint': { rows: number; bytes: number; entities: number; allOfOp: boolean };
}

export async function historyGrowth(c: pg.Client, before: HistoryMark, op: BulkOp): Promise<HistoryGrowth> {
  const after = await historyMark(c);
  const { rows } = await c.query<{ n: string; entities: string; all_of_op: boolean | null }>(
    `select count(*) as n, count(distinct entity_id) as entities,
            bool_and(entity_type = $2 and operation = $3) as all_of_op
     from checkpoints where seq > $1`,
    [before.checkpointsSeq, ENTITY_TYPE, op],
  );
  const { rows: cf } = await c.query<{ n: string; entities: string; well_formed: boolean | null }>(
    `select count(*) as n, count(distinct entity_id) as entities,
            bool_and(id = ('0000000000008000' || to_hex(seq | -9223372036854775808))::uuid
                     and request_id is null and state_hash ~ '^[0-9a-f]{64}$') as well_formed
     from ${CONTRACT_FLOOR_LOG} where seq > $1`,
    [before.contractSeq],
  );
  const r = rows[0];
  const f = cf[0];
  return {
    floor: { rows: after.floorRows - before.floorRows, bytes: after.floorBytes - before.floorBytes },
    'contract floor': {
      rows: Number(f?.n ?? Number.NaN),
      bytes: after.contractBytes - before.contractBytes,
      entities: Number(f?.entities ?? Number.NaN),
      wellFormed: f?.well_formed ?? true,
    },
    'pg-checkpoint': {
      rows: Number(r?.n ?? Number.NaN),
      bytes: after.checkpointsBytes - before.checkpointsBytes,
      entities: Number(r?.entities ?? Number.NaN),
      allOfOp: r?.all_of_op ?? true,
    },
  };
}

/**
 * Throws unless the writes to `variant` that changed `changed` rows left
 * exactly one history row per changed row in its own history, and none in
 * the others (contract floor: ids made from the seq, request_id null;
 * pg-checkpoint: one checkpoint per change, of that operation and type; with
 * `distinct`, each of a different entity, as in a bulk statement).
 */
export function checkGrowth(what: string, variant: Variant, changed: number, g: HistoryGrowth, distinct: boolean): void {
  const expect = (v: Variant): number => (v === variant ? changed : 0);
  const cf = g['contract floor'];
  const cp = g['pg-checkpoint'];
  if (g.floor.rows !== expect('floor')) {
    throw new Error(`${what} on ${variant}: ${FLOOR_LOG} grew by ${g.floor.rows} rows, expected ${expect('floor')}`);
  }
  if (cf.rows !== expect('contract floor') || (variant === 'contract floor' && distinct && cf.entities !== changed)) {
    throw new Error(
      `${what} on ${variant}: ${CONTRACT_FLOOR_LOG} grew by ${cf.rows} rows for ${cf.entities} entities, expected ${expect('contract floor')}`,
    );
  }
  if (!cf.wellFormed) throw new Error(`${what} on ${variant}: ${CONTRACT_FLOOR_LOG} rows with an id not made from their seq, a request_id or a malformed hash`);
  if (cp.rows !== expect('pg-checkpoint') || (variant === 'pg-checkpoint' && distinct && cp.entities !== changed)) {
    throw new Error(`${what} on ${variant}: ${cp.rows} checkpoints for ${cp.entities} entities, expected ${expect('pg-checkpoint')}`);
  }
  if (!cp.allOfOp) throw new Error(`${what} on ${variant}: checkpoints of another entity type or operation`);
}

/**
 * What a retention policy leaves: every history loses the rows on its
 * oldest 60% of pages (by position, the same share for each variant; not
 * prune_checkpoints' per-entity rule, which the floors do not have), and a
 * vacuum frees the space, which the writes after it fill again.
 * pg-checkpoint's rows are deleted as the role pgcheckpoint_pruner (the
 * append-only guard lets only it delete).
 */
export async function pruneHistories(c: pg.Client): Promise<void> {
  for (const table of [FLOOR_LOG, CONTRACT_FLOOR_LOG, 'checkpoints']) {
    const { rows } = await c.query<{ cut: string }>(
      `select format('(%s,0)', pg_relation_size($1::regclass) / current_setting('block_size')::int * 6 / 10) as cut`,
      [table],
    );
    const cut = rows[0]?.cut;
    if (!cut) throw new Error(`pruneHistories: no size for ${table}`);
    await c.query('begin');
    try {
      if (table === 'checkpoints') await c.query('set local role pgcheckpoint_pruner');
      await c.query(`delete from ${table} where ctid < $1::tid`, [cut]);
      await c.query('commit');
    } catch (err) {
      await c.query('rollback');
      throw err;
    }
  }
  await c.query('vacuum');
}

/**
 * Cleans up what the previous statement left and flushes it to disk: a
 * database-wide vacuum (whatever tables the schema has), fresh statistics for
 * the bench tables, and a checkpoint. (Analyzing the histories takes about a
 * second each time once they hold a million rows; they are analyzed once per
 * round instead, see analyzeAll.)
 */
export async function settle(c: pg.Client): Promise<void> {
  await c.query('vacuum');
  await c.query(`analyze ${VARIANTS.map((v) => TABLE[v]).join(', ')}`);
  await c.query('checkpoint');
}

/** Statistics for every table of the database, the histories included. */
export async function analyzeAll(c: pg.Client): Promise<void> {
  await c.query('analyze');
}
