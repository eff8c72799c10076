/**
 * The in-memory model of revert_changes (CONTRACT.md §4) for the
 * model-based test of concurrent units (test/revert.model.test.ts).
 *
 * Two or three agents write the same plan tree, each under its own
 * request id and trace id; every captured change is an event of the units
 * it belongs to: an agent's (`a0`..`a2`, by request or trace id) and the
 * agent's transaction (`t<k>`: the writes of command #k), or a revert's
 * (`r<k>`: written without a request id, reverted by its transaction id).
 * Each task's plan and each artifact's task where it is inserted are chosen
 * once per program; agents move rows elsewhere too.
 *
 * A revert of a unit U is predicted from the events alone, per entity U
 * changed: before = the state before U's first event of it, after = the
 * state after U's last event of it, current = the live row; then the rules
 * of §4 (column merge, conflicts, policies, parents needed: 23503) and the
 * test schema's unique key on tasks (23505).
 */
import {
  ALL_SLOTS,
  deleteRow,
  descendants,
  formatRow,
  keyHolder,
  rowsEqual,
  typeOf,
  type EntityType,
  type Row,
  type Slot,
  type State,
  type Value,
} from './model.ts';

/** An agent (`a0`..), a transaction of one (`t1`..) or a revert (`r1`..). */
export type Unit = string;

export interface Event {
  units: readonly Unit[];
  /** the state it left (undefined: deleted) */
  state: Row | undefined;
}

export interface World {
  /** each slot's parent where it is inserted (fixed for the program) */
  readonly tree: ReadonlyMap<Slot, Slot | null>;
  live: State;
  /** every captured change of each slot, oldest first */
  events: Map<Slot, Event[]>;
}

export function newWorld(tree: ReadonlyMap<Slot, Slot | null>): World {
  return { tree, live: new Map(), events: new Map() };
}

/** Records the change from `w.live` to `next` as events of `units` (rows left identical are not captured). */
export function commit(w: World, next: State, units: readonly Unit[]): Array<{ slot: Slot; op: 'insert' | 'update' | 'delete' }> {
  const out: Array<{ slot: Slot; op: 'insert' | 'update' | 'delete' }> = [];
  for (const slot of ALL_SLOTS) {
    const a = w.live.get(slot);
    const b = next.get(slot);
    if (rowsEqual(a, b)) continue;
    const list = w.events.get(slot) ?? [];
    list.push({ units, state: b });
    w.events.set(slot, list);
    out.push({ slot, op: a === undefined ? 'insert' : b === undefined ? 'delete' : 'update' });
  }
  w.live = next;
  return out;
}

export const PARENT_COLUMN: Record<EntityType, string | null> = { plan: null, task: 'plan_id', artifact: 'task_id' };

/** A row's columns as the revert compares them (updated_at aside: bookkeeping). */
function columns(slot: Slot, row: Row): Map<string, Value | bigint> {
  const out = new Map<string, Value | bigint>(Object.entries(row.data));
  out.set('created_at', row.createdAt);
  const pc = PARENT_COLUMN[typeOf(slot)];
  if (pc !== null) out.set(pc, row.parent);
  return out;
}

/** The columns (updated_at aside) whose values differ between two rows of a slot, sorted. */
export function differing(slot: Slot, a: Row, b: Row): string[] {
  const ca = columns(slot, a);
  const cb = columns(slot, b);
  return [...new Set([...ca.keys(), ...cb.keys()])].filter((k) => ca.get(k) !== cb.get(k)).sort();
}

export type Policy = 'abort' | 'skip' | 'overwrite';
export type RevertAction = 'updated' | 'inserted' | 'deleted' | 'skipped' | 'none';

export interface EntityOutcome {
  slot: Slot;
  action: RevertAction;
  conflict: string | null;
  /** the state it is written to (inserted, updated) */
  write: Row | undefined;
  /** why (for the failure report) */
  why: string;
}

export type RevertPrediction =
  | { kind: 'error'; code: string; why: string; rows: EntityOutcome[] }
  | { kind: 'ok'; rows: EntityOutcome[]; state: State };

/** Per entity the unit changed: before, after, current and its first operation. */
interface UnitEntity {
  slot: Slot;
  insertedByUnit: boolean;
  before: Row | undefined;
  after: Row | undefined;
  current: Row | undefined;
}

function unitEntities(w: Readonly<World>, unit: Unit): UnitEntity[] {
  const out: UnitEntity[] = [];
  for (const slot of ALL_SLOTS) {
    const evs = w.events.get(slot) ?? [];
    const first = evs.findIndex((e) => e.units.includes(unit));
    if (first < 0) continue;
    const last = evs.length - 1 - [...evs].reverse().findIndex((e) => e.units.includes(unit));
    const before = first > 0 ? evs[first - 1]?.state : undefined;
    out.push({ slot, insertedByUnit: before === undefined, before, after: evs[last]?.state, current: w.live.get(slot) });
  }
  return out;
}

/**
 * Whether a row the unit inserted has, below it at any depth, a live row
 * the unit did not insert (rows the unit inserted are looked through).
 */
function childrenAddedSince(w: Readonly<World>, slot: Slot, insertedLive: ReadonlySet<Slot>): boolean {
  for (const [k, row] of w.live) {
    if (row.parent !== slot) continue;
    if (!insertedLive.has(k) || childrenAddedSince(w, k, insertedLive)) return true;
  }
  return false;
}

function outcome(
  w: Readonly<World>,
  e: UnitEntity,
  insertedLive: ReadonlySet<Slot>,
  policy: Policy,
): EntityOutcome {
  const { slot, before, after, current } = e;
  const sameButUpdatedAt = (a: Row, b: Row): boolean => differing(slot, a, b).length === 0 && a.parent === b.parent;
  const untouched = after === undefined ? current === undefined : current !== undefined && sameButUpdatedAt(current, after);
  let conflict: string | null = null;
  let why: string;
  if (e.insertedByUnit) {
    if (after === undefined) why = 'inserted and deleted by the unit';
    else if (current === undefined) why = 'inserted by the unit, deleted since';
    else if (!untouched) {
      conflict = `changed since: ${differing(slot, current, after).join(', ')}`;
      why = 'inserted by the unit, changed since';
    } else if (childrenAddedSince(w, slot, insertedLive)) {
      conflict = 'children added since';
      why = 'inserted by the unit, rows added below it since';
    } else why = 'inserted by the unit, untouched since';
  } else if (after === undefined) {
    if (current !== undefined) conflict = 'exists again';
    why = current !== undefined ? 'deleted by the unit, exists again' : 'deleted by the unit, still absent';
  } else if (current === undefined) {
    conflict = 'deleted since';
    why = 'changed by the unit, deleted since';
  } else {
    const clash = untouched || before === undefined ? [] : differing(slot, before, after).filter((k) => differing(slot, current, after).includes(k));
    if (clash.length > 0) conflict = clash.join(', ');
    why = untouched ? 'changed by the unit, untouched since' : clash.length > 0 ? 'a column the unit changed was changed since' : 'merged';
  }
  const done = (action: RevertAction, write?: Row): EntityOutcome => ({ slot, action, conflict, write, why });
  if (conflict !== null && policy !== 'overwrite') return done('skipped');
  // A row the unit both inserted and deleted: nothing to undo (§4: needs
  // nothing), whoever inserted it again since.
  if (e.insertedByUnit && after === undefined) return done('none');
  if (before === undefined) return current === undefined ? done('none') : done('deleted');
  if (current === undefined) return done('inserted', before);
  if (conflict !== null || untouched) return rowsEqual(current, before) ? done('none') : done('updated', before);
  // Merged: the columns the unit changed go back, the others keep their current values.
  const changed = after === undefined ? [] : differing(slot, before, after);
  if (changed.length === 0) return done('none');
  const data: Record<string, Value> = { ...current.data };
  for (const k of changed) if (k in before.data) data[k] = before.data[k] ?? null;
  const pc = PARENT_COLUMN[typeOf(slot)];
  const merged: Row = {
    parent: pc !== null && changed.includes(pc) ? before.parent : current.parent,
    data,
    createdAt: changed.includes('created_at') ? before.createdAt : current.createdAt,
    updatedAt: current.updatedAt,
  };
  return done('updated', merged);
}

/** What `revert_changes` of `unit` does under `policy` (a dry run, or for real). */
export function predictRevert(w: Readonly<World>, unit: Unit, policy: Policy, dry: boolean): RevertPrediction {
  const entities = unitEntities(w, unit);
  if (entities.length === 0) return { kind: 'error', code: 'P0002', why: 'no captured change of the unit', rows: [] };
  const insertedLive = new Set(entities.filter((e) => e.insertedByUnit && e.current !== undefined).map((e) => e.slot));
  let rows = entities.map((e) => outcome(w, e, insertedLive, policy));
  const conflicts = rows.filter((r) => r.conflict !== null);
  if (policy === 'abort' && !dry && conflicts.length > 0) {
    return { kind: 'error', code: '55000', why: `conflicts: ${conflicts.map((r) => `${r.slot} (${r.conflict})`).join('; ')}`, rows };
  }
  // Under skip (and in a dry run under abort), a row to delete with a
  // skipped row below it is skipped too: its delete would take the skipped
  // row with it (ON DELETE CASCADE). The contract names no conflict for it;
  // revert_changes says 'children skipped'.
  if (policy !== 'overwrite') {
    const skipped = new Set(rows.filter((r) => r.action === 'skipped').map((r) => r.slot));
    rows = rows.map((r) =>
      r.action === 'deleted' && descendants(w.live, r.slot).some((d) => skipped.has(d))
        ? { ...r, action: 'skipped', conflict: 'children skipped', write: undefined, why: `${r.why}, a skipped row below it` }
        : r,
    );
  }
  // Parents needed (restore_refusals): a row written needs its parent,
  // inserted by the revert, or live and not deleted by it.
  const inserted = new Set(rows.filter((r) => r.action === 'inserted').map((r) => r.slot));
  const deleted = new Set(rows.filter((r) => r.action === 'deleted').map((r) => r.slot));
  for (const r of rows) {
    const parent = r.write?.parent ?? null;
    if (parent === null || inserted.has(parent)) continue;
    if (!w.live.has(parent) || deleted.has(parent)) {
      return { kind: 'error', code: '23503', why: `${r.slot} (${r.action}) needs ${parent}, which would not exist`, rows };
    }
  }
  // A row written among or below the live descendants of a row deleted
  // (which go with it: ON DELETE CASCADE) is refused too.
  for (const d of deleted) {
    const lost = descendants(w.live, d);
    const r = rows.find((x) => x.write !== undefined && (lost.includes(x.slot) || (x.write.parent !== null && lost.includes(x.write.parent))));
    if (r !== undefined) return { kind: 'error', code: '23503', why: `${r.slot} (${r.action}) is below ${d}, which the revert deletes`, rows };
  }
  // Deletes first (their rows' descendants go with them), then the writes.
  let s: State = w.live;
  for (const r of rows) if (r.action === 'deleted') s = deleteRow(s, r.slot).state;
  const next = new Map(s);
  for (const r of rows) if (r.write !== undefined) next.set(r.slot, r.write);
  // A skipped entity is left as it is (§4): the rule above sees to it that
  // no cascade takes one.
  const lost = rows.filter((r) => r.action === 'skipped' && w.live.has(r.slot) && !s.has(r.slot));
  if (lost.length > 0) throw new Error(`model: skipped ${lost.map((r) => r.slot).join(', ')} would go with a deleted parent`);
  // The unique key tasks (plan_id, position) of the test schema: a state
  // where two tasks hold one key cannot be written (23505, only when
  // applied: a dry run does not write).
  const clash = [...next.keys()].find((k) => keyHolder(next, k) !== null);
  if (clash !== undefined && !dry) return { kind: 'error', code: '23505', why: `${clash} and ${keyHolder(next, clash)} would hold one key`, rows };
  return { kind: 'ok', rows, state: next };
}

export function formatOutcome(r: EntityOutcome, times: (t: bigint) => string): string {
  const w = r.write === undefined ? '' : ` -> ${formatRow(r.write, times)}`;
  return `${r.slot} ${r.action}${r.conflict === null ? '' : ` [${r.conflict}]`} (${r.why})${w}`;
}
