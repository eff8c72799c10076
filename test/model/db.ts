/**
 * The real side of the model-based test: one connection to a migrated
 * database, shared by every program; each program maps its slots to fresh
 * uuids so programs never see each other's rows.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  ALL_SLOTS,
  typeOf,
  type EntityType,
  type Operation,
  type Row,
  type Slot,
  type State,
  type Value,
} from './model.ts';

export interface Real {
  client: pg.ClientBase;
  ids: ReadonlyMap<Slot, string>;
  slotOf: ReadonlyMap<string, Slot>;
  /** what ran so far in this program, with resolved arguments (for failure reports) */
  log: string[];
}

export function newReal(client: pg.ClientBase): Real {
  const ids = new Map<Slot, string>();
  const slotOf = new Map<string, Slot>();
  for (const s of ALL_SLOTS) {
    const id = randomUUID();
    ids.set(s, id);
    slotOf.set(id, s);
  }
  return { client, ids, slotOf, log: [] };
}

/**
 * What the model test adds to the migrated schema, as applications do (see
 * model.ts): a unique key on tasks (plan_id, position), and a roll-up
 * trigger on artifacts that writes their tasks. The trigger follows the
 * rule for user triggers (docs/sql-reference.md): it does nothing while
 * checkpoint.restoring is on, since a rollback checks that every row it
 * writes ends as meant.
 */
export const MODEL_SCHEMA = `
  alter table tasks add constraint tasks_plan_position_key unique (plan_id, position);

  create function model_artifact_rollup() returns trigger
  language plpgsql as $$
  declare
    v text := lower(tg_op) || ' ' || case when tg_op = 'DELETE' then old.name else new.name end;
  begin
    if coalesce(current_setting('checkpoint.restoring', true), '') = 'on' then
      return null;
    end if;
    if tg_op <> 'DELETE' then
      update tasks set error = v where id = new.task_id;
    end if;
    if tg_op = 'DELETE' or old.task_id is distinct from new.task_id then
      update tasks set error = v where id = old.task_id;
    end if;
    return null;
  end;
  $$;

  create trigger model_artifact_rollup after insert or update or delete on artifacts
    for each row execute function model_artifact_rollup();`;

export async function prepareSchema(client: pg.ClientBase): Promise<void> {
  await client.query(MODEL_SCHEMA);
}

export function idOf(real: Real, slot: Slot): string {
  const id = real.ids.get(slot);
  if (id === undefined) throw new Error(`no id for ${slot}`);
  return id;
}

export interface DbError {
  code: string;
  message: string;
}

function asDbError(err: unknown): DbError | null {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') {
    const message = 'message' in err && typeof err.message === 'string' ? err.message : String(err);
    return { code: err.code, message };
  }
  return null;
}

export type TxResult<T> = { now: bigint; ok: true; value: T } | { now: bigint; ok: false; error: DbError };

/** now() of the statement's transaction in µs since the epoch, as text (exact). */
export const NOW_US = `(extract(epoch from now()) * 1000000)::bigint::text`;

/**
 * One command = one statement = one transaction (autocommit), returning the
 * transaction's now() in a column `now` and its result rows as json in a
 * column `rows`. A failed statement has no now(): it changes nothing, so any
 * time between the previous command's and the next one's means the same
 * state; `failedNow` stands for it.
 */
export async function statement(
  real: Real,
  sql: string,
  params: readonly unknown[],
  failedNow: bigint,
): Promise<TxResult<Array<Record<string, unknown>>>> {
  try {
    const r = await real.client.query<{ now: string; rows: Array<Record<string, unknown>> | null }>(sql, [...params]);
    const row = r.rows[0];
    if (row === undefined) throw new Error(`statement returned no row: ${sql}`);
    return { now: BigInt(row.now), ok: true, value: row.rows ?? [] };
  } catch (err) {
    const e = asDbError(err);
    if (e === null) throw err;
    return { now: failedNow, ok: false, error: e };
  }
}

/** Several statements in one transaction (begin … commit); its now() as for `statement`. */
export async function transaction(
  real: Real,
  statements: ReadonlyArray<{ text: string; params: unknown[] }>,
  failedNow: bigint,
  oneMessage = false,
): Promise<TxResult<Array<Record<string, unknown>>>> {
  const c = real.client;
  await c.query('begin');
  try {
    const r = await c.query<{ now: string }>(`select ${NOW_US} as now`);
    const now = BigInt(r.rows[0]?.now ?? '0');
    if (oneMessage) await c.query(asOneQueryString(c, statements));
    else for (const s of statements) await c.query(s.text, s.params);
    await c.query('commit');
    return { now, ok: true, value: [] };
  } catch (err) {
    await c.query('rollback');
    const e = asDbError(err);
    if (e === null) throw err;
    return { now: failedNow, ok: false, error: e };
  }
}

/**
 * The statements as one multi-statement query string (the simple protocol:
 * they share statement_timestamp()), parameters written as literals.
 */
function asOneQueryString(c: pg.ClientBase, statements: ReadonlyArray<{ text: string; params: unknown[] }>): string {
  const literal = (v: unknown): string =>
    v === null || v === undefined ? 'null' : typeof v === 'number' ? String(v) : c.escapeLiteral(String(v));
  return statements.map((s) => s.text.replace(/\$(\d+)/g, (_, n: string) => literal(s.params[Number(n) - 1]))).join(';\n');
}

export async function maxSeq(client: pg.ClientBase): Promise<bigint> {
  const r = await client.query<{ s: string }>(`select coalesce(max(seq), 0)::text as s from checkpoints`);
  return BigInt(r.rows[0]?.s ?? '0');
}

export async function checkpointCount(client: pg.ClientBase): Promise<bigint> {
  const r = await client.query<{ n: string }>(`select count(*)::text as n from checkpoints`);
  return BigInt(r.rows[0]?.n ?? '0');
}

interface PlanJson {
  id: string;
  title: string;
  status: string;
  created: string;
  updated: string;
}
interface TaskJson extends PlanJson {
  plan_id: string;
  position: number | null;
  error: string | null;
}
interface ArtifactJson {
  id: string;
  task_id: string;
  name: string;
  content: string | null;
  created: string;
  updated: string;
}
interface CheckpointJson {
  id: string;
  seq: string;
  type: string;
  entity_id: string;
  op: string;
  reason: string | null;
  parent_id: string | null;
  prev_parent_id: string | null;
}
interface ObservationJson {
  plans: PlanJson[];
  tasks: TaskJson[];
  artifacts: ArtifactJson[];
  checkpoints: CheckpointJson[];
  bad: number;
}

export interface ObservedCheckpoint {
  id: string;
  seq: bigint;
  type: string;
  /** the slot, or the raw uuid when it is not one of this program's entities */
  slot: Slot | string;
  op: string;
  reason: string | null;
  parent: Slot | string | null;
  prevParent: Slot | string | null;
}

export interface Observation {
  state: State;
  /** rows that could not be mapped onto the model (unknown parent ids) */
  strays: string[];
  /** checkpoints with seq > the given one */
  checkpoints: ObservedCheckpoint[];
  /** checkpoints written after `afterSeq` whose state does not hash to state_hash */
  bad: number;
}

const OBSERVE = `
  select json_build_object(
    'plans', coalesce((select json_agg(json_build_object(
        'id', p.id, 'title', p.title, 'status', p.status,
        'created', (extract(epoch from p.created_at) * 1000000)::bigint::text,
        'updated', (extract(epoch from p.updated_at) * 1000000)::bigint::text))
      from plans p where p.id = any ($1::uuid[])), '[]'),
    'tasks', coalesce((select json_agg(json_build_object(
        'id', t.id, 'plan_id', t.plan_id, 'title', t.title, 'position', t.position, 'status', t.status,
        'error', t.error,
        'created', (extract(epoch from t.created_at) * 1000000)::bigint::text,
        'updated', (extract(epoch from t.updated_at) * 1000000)::bigint::text))
      from tasks t where t.id = any ($1::uuid[])), '[]'),
    'artifacts', coalesce((select json_agg(json_build_object(
        'id', a.id, 'task_id', a.task_id, 'name', a.name, 'content', a.content,
        'created', (extract(epoch from a.created_at) * 1000000)::bigint::text,
        'updated', (extract(epoch from a.updated_at) * 1000000)::bigint::text))
      from artifacts a where a.id = any ($1::uuid[])), '[]'),
    'checkpoints', coalesce((select json_agg(json_build_object(
        'id', c.id, 'seq', c.seq::text, 'type', c.entity_type, 'entity_id', c.entity_id, 'op', c.operation,
        'reason', c.reason, 'parent_id', c.parent_id, 'prev_parent_id', c.prev_parent_id) order by c.seq)
      from checkpoints c where c.seq > $2::bigint), '[]'),
    -- the hash check of verify_checkpoints(), on the new rows only (the
    -- history is append-only; the whole of it is verified by the test too)
    'bad', (select count(*) from checkpoints c where c.seq > $2::bigint
            and encode(digest(c.state_data::text, 'sha256'), 'hex') is distinct from c.state_hash)
  ) as o`;

/** The database's view of this program's entities, and the checkpoints written after `afterSeq`. */
export async function observe(real: Real, afterSeq: bigint): Promise<Observation> {
  const slots = [...real.ids.keys()];
  const ids = slots.map((s) => idOf(real, s));
  const r = await real.client.query<{ o: ObservationJson }>(OBSERVE, [ids, afterSeq.toString()]);
  const o = r.rows[0]?.o;
  if (o === undefined) throw new Error('observe returned nothing');
  const state = new Map<Slot, Row>();
  const strays: string[] = [];
  const slot = (id: string): Slot | undefined => real.slotOf.get(id);
  const put = (id: string, parentId: string | null, data: Record<string, Value>, created: string, updated: string): void => {
    const k = slot(id);
    const parent = parentId === null ? null : slot(parentId);
    if (k === undefined || parent === undefined) {
      strays.push(`${id} (parent ${parentId ?? '-'})`);
      return;
    }
    state.set(k, { parent, data, createdAt: BigInt(created), updatedAt: BigInt(updated) });
  };
  for (const p of o.plans) put(p.id, null, { title: p.title, status: p.status }, p.created, p.updated);
  for (const t of o.tasks)
    put(t.id, t.plan_id, { title: t.title, position: t.position, status: t.status, error: t.error }, t.created, t.updated);
  for (const a of o.artifacts) put(a.id, a.task_id, { name: a.name, content: a.content }, a.created, a.updated);
  const mapId = (id: string | null): Slot | string | null => (id === null ? null : (slot(id) ?? id));
  const checkpoints = o.checkpoints.map(
    (c): ObservedCheckpoint => ({
      id: c.id,
      seq: BigInt(c.seq),
      type: c.type,
      slot: slot(c.entity_id) ?? c.entity_id,
      op: c.op,
      reason: c.reason,
      parent: mapId(c.parent_id),
      prevParent: mapId(c.prev_parent_id),
    }),
  );
  return { state, strays, checkpoints, bad: Number(o.bad) };
}

export function isOperation(op: string): op is Operation {
  return op === 'insert' || op === 'update' || op === 'delete' || op === 'manual';
}

export interface ExactnessRow {
  slot: Slot;
  /** to_jsonb of the live row, as text (null: absent) */
  live: string | null;
  /** state_data of the entity's latest checkpoint at or before the target point */
  target: string | null;
  targetOp: string | null;
  targetHash: string | null;
  /** live = target as jsonb */
  same: boolean | null;
  /** state_hash of the entity's newest checkpoint written after `afterSeq` (the rollback's capture) */
  restoreHash: string | null;
}

const EXACTNESS = `
  select e.slot, l.live::text as live, tg.state_data::text as target, tg.operation as target_op,
         tg.state_hash as target_hash, l.live = tg.state_data as same, rs.state_hash as restore_hash
  from unnest($1::text[], $2::uuid[], $3::text[]) e (t, i, slot)
  cross join lateral (select case e.t
      when 'plan' then (select to_jsonb(x) from plans x where x.id = e.i)
      when 'task' then (select to_jsonb(x) from tasks x where x.id = e.i)
      when 'artifact' then (select to_jsonb(x) from artifacts x where x.id = e.i) end as live) l
  left join lateral (select c.state_data, c.operation, c.state_hash from checkpoints c
                     where c.entity_type = e.t and c.entity_id = e.i and c.seq <= $4::bigint
                     order by c.seq desc limit 1) tg on true
  left join lateral (select c.state_hash from checkpoints c
                     where c.entity_type = e.t and c.entity_id = e.i and c.seq > $5::bigint
                     order by c.seq desc limit 1) rs on true`;

/** Per slot: the live row against its latest checkpoint at or before `pointSeq`. */
export async function exactness(real: Real, slots: readonly Slot[], pointSeq: bigint, afterSeq: bigint): Promise<ExactnessRow[]> {
  const types: EntityType[] = slots.map((s) => typeOf(s));
  const ids = slots.map((s) => idOf(real, s));
  const r = await real.client.query<{
    slot: Slot;
    live: string | null;
    target: string | null;
    target_op: string | null;
    target_hash: string | null;
    same: boolean | null;
    restore_hash: string | null;
  }>(EXACTNESS, [types, ids, [...slots], pointSeq.toString(), afterSeq.toString()]);
  return r.rows.map((x) => ({
    slot: x.slot,
    live: x.live,
    target: x.target,
    targetOp: x.target_op,
    targetHash: x.target_hash,
    same: x.same,
    restoreHash: x.restore_hash,
  }));
}

/** µs since the epoch → ISO-8601 with microseconds (exact, unlike Date). */
export function microsToIso(us: bigint): string {
  const ms = us / 1000n;
  const frac = us % 1_000_000n;
  const base = new Date(Number(ms)).toISOString();
  return `${base.slice(0, 19)}.${frac.toString().padStart(6, '0')}Z`;
}
