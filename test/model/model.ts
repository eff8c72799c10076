/**
 * The in-memory model of pg-checkpoint's rollback (CONTRACT.md §3: Rollback,
 * Atomic and undoable, Exactly), for plans → tasks → artifacts.
 *
 * Entities are named by slots (P0.. plans, T0.. tasks, A0.. artifacts); each
 * program maps its slots to fresh uuids. The model keeps, after every
 * command (= one transaction), a snapshot of the whole state. A rollback's
 * result is computed from snapshots only:
 *
 *   target state  = the snapshot after the command the target names
 *   scope         = the root, plus (cascade) every entity reachable from it
 *                   through the union of the parent edges of all snapshots
 *                   from the target up to now
 *   final state   = scope entities as in the target state, others as now,
 *                   then ON DELETE CASCADE for non-scope rows whose parent is
 *                   gone; a scope row whose parent is absent in the final
 *                   state is a foreign-key violation (23503, nothing changes),
 *                   and so is (without cascade) a root to delete that has
 *                   children now: they would go with it, unreported
 *
 * created_at / updated_at are modelled by value: the now() (µs since the
 * epoch) of the transaction that inserted / last updated the row, and
 * whatever a rollback wrote back.
 *
 * The test schema adds two things real applications have (test/model/db.ts,
 * MODEL_SCHEMA):
 *
 *   a roll-up trigger  every INSERT / UPDATE / DELETE of an artifact (not
 *                      while a rollback writes: checkpoint.restoring) sets
 *                      tasks.error of its task (of NEW, and of OLD when the
 *                      artifact moved or is deleted) to '<op> <name>', in
 *                      the same statement: the task's update is captured at
 *                      the artifact's point (see `rollup`);
 *   a unique key       tasks (plan_id, position), NULLs never conflicting: a
 *                      direct write that takes a held key fails (23505) and
 *                      its transaction changes nothing; a rollback orders its
 *                      writes (and parks a row of a cycle at position null on
 *                      the way), so it fails only when a restored task takes
 *                      a key held by a live task outside its scope (23505
 *                      when applied; a dry run cannot see it).
 */

export type EntityType = 'plan' | 'task' | 'artifact';
export type Operation = 'insert' | 'update' | 'delete' | 'manual';
export type Action = 'inserted' | 'updated' | 'deleted';

export const PLAN_SLOTS = ['P0', 'P1', 'P2'] as const;
export const TASK_SLOTS = ['T0', 'T1', 'T2', 'T3', 'T4'] as const;
export const ARTIFACT_SLOTS = ['A0', 'A1', 'A2', 'A3', 'A4', 'A5'] as const;
export type PlanSlot = (typeof PLAN_SLOTS)[number];
export type TaskSlot = (typeof TASK_SLOTS)[number];
export type ArtifactSlot = (typeof ARTIFACT_SLOTS)[number];
export type Slot = PlanSlot | TaskSlot | ArtifactSlot;
export const ALL_SLOTS: readonly Slot[] = [...PLAN_SLOTS, ...TASK_SLOTS, ...ARTIFACT_SLOTS];

export const PLAN_STATUSES = ['draft', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const TASK_STATUSES = ['pending', 'running', 'done', 'failed', 'skipped'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export type TaskStatus = (typeof TASK_STATUSES)[number];

export function isSlot(x: string): x is Slot {
  return (ALL_SLOTS as readonly string[]).includes(x);
}

export function typeOf(slot: Slot): EntityType {
  switch (slot[0]) {
    case 'P':
      return 'plan';
    case 'T':
      return 'task';
    default:
      return 'artifact';
  }
}

export function parentTypeOf(type: EntityType): EntityType | null {
  return type === 'artifact' ? 'task' : type === 'task' ? 'plan' : null;
}

export type Value = string | number | null;

/** One row, as the model sees it (the id is the slot it is stored under). */
export interface Row {
  /** plan_id / task_id as a slot; null for plans. */
  readonly parent: Slot | null;
  /** plans: title, status; tasks: title, position, status, error; artifacts: name, content. */
  readonly data: Readonly<Record<string, Value>>;
  readonly createdAt: bigint;
  readonly updatedAt: bigint;
}

export type State = ReadonlyMap<Slot, Row>;

export const EMPTY: State = new Map();

export function rowsEqual(a: Row | undefined, b: Row | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.parent !== b.parent || a.createdAt !== b.createdAt || a.updatedAt !== b.updatedAt) return false;
  const keys = new Set([...Object.keys(a.data), ...Object.keys(b.data)]);
  for (const k of keys) if (a.data[k] !== b.data[k]) return false;
  return true;
}

/** Fields a new row of each type has, with the table defaults applied. */
export function withDefaults(type: EntityType, data: Readonly<Record<string, Value | undefined>>): Record<string, Value> {
  switch (type) {
    case 'plan':
      return { title: data.title ?? '', status: data.status ?? 'draft' };
    case 'task':
      return { title: data.title ?? '', position: data.position ?? null, status: data.status ?? 'pending', error: null };
    case 'artifact':
      return { name: data.name ?? '', content: data.content ?? null };
  }
}

export function insertRow(s: State, slot: Slot, parent: Slot | null, data: Record<string, Value>, now: bigint): State {
  const next = new Map(s);
  next.set(slot, { parent, data, createdAt: now, updatedAt: now });
  return next;
}

/** Any UPDATE stamps updated_at = now() (touch_updated_at), so it always changes the row. */
export function updateRow(s: State, slot: Slot, patch: Readonly<Record<string, Value>>, parent: Slot | null, now: bigint): State {
  const cur = s.get(slot);
  if (cur === undefined) return s;
  const next = new Map(s);
  next.set(slot, { parent, data: { ...cur.data, ...patch }, createdAt: cur.createdAt, updatedAt: now });
  return next;
}

export function descendants(s: State, slot: Slot): Slot[] {
  const out: Slot[] = [];
  const queue: Slot[] = [slot];
  for (let i = 0; i < queue.length; i++) {
    const p = queue[i];
    for (const [k, row] of s) {
      if (row.parent === p) {
        out.push(k);
        queue.push(k);
      }
    }
  }
  return out;
}

/** DELETE of one row: ON DELETE CASCADE removes everything below it. */
export function deleteRow(s: State, slot: Slot): { state: State; removed: Slot[] } {
  if (!s.has(slot)) return { state: s, removed: [] };
  const removed = [slot, ...descendants(s, slot)];
  const next = new Map(s);
  for (const k of removed) next.delete(k);
  return { state: next, removed };
}

/** The unique key (plan_id, position) of a task row; null when it takes none (position null). */
export function taskKey(slot: Slot, row: Row | undefined): string | null {
  if (typeOf(slot) !== 'task' || row === undefined || row.parent === null) return null;
  const pos = row.data.position;
  return pos === null || pos === undefined ? null : `${row.parent}/${String(pos)}`;
}

/** Another task of `s` that holds the key `slot` has in `s` (a unique violation), if any. */
export function keyHolder(s: State, slot: Slot): Slot | null {
  const k = taskKey(slot, s.get(slot));
  if (k === null) return null;
  for (const [other, row] of s) if (other !== slot && taskKey(other, row) === k) return other;
  return null;
}

/** What the roll-up trigger did to the tasks of one artifact write. */
export interface Rollup {
  state: State;
  checkpoints: ExpectedCheckpoint[];
  /** tasks it changed (each makes an update checkpoint) */
  changed: Slot[];
  /** tasks it updated that were left identical (same value, updated_at already this now()): no checkpoint */
  same: Slot[];
  /** tasks it did not find (deleted in the same statement, by the cascade that deleted the artifact) */
  gone: Slot[];
}

/**
 * The roll-up trigger of the test schema after one artifact row was written
 * by a direct statement (INSERT, UPDATE, DELETE): `UPDATE tasks SET error =
 * '<op> <name>'` for the task of the new row and, when different, of the old
 * one; touch_updated_at stamps updated_at = now(). A task left identical is
 * not captured.
 */
export function rollup(s: State, tasks: ReadonlyArray<Slot | null>, value: string, now: bigint): Rollup {
  let state = s;
  const out: Rollup = { state, checkpoints: [], changed: [], same: [], gone: [] };
  for (const t of new Set(tasks)) {
    if (t === null) continue;
    const cur = state.get(t);
    if (cur === undefined) {
      out.gone.push(t);
      continue;
    }
    const next = updateRow(state, t, { error: value }, cur.parent, now);
    if (rowsEqual(next.get(t), cur)) {
      out.same.push(t);
      continue;
    }
    state = next;
    out.changed.push(t);
    out.checkpoints.push({ slot: t, op: 'update', parent: cur.parent, prevParent: null });
  }
  out.state = state;
  return out;
}

/** A checkpoint a command is expected to write (compared as a multiset). */
export interface ExpectedCheckpoint {
  slot: Slot;
  op: Operation;
  /** parent_id of the captured state */
  parent: Slot | null;
  /** prev_parent_id: the parent an update moved the row away from */
  prevParent: Slot | null;
}

export function checkpointKey(c: ExpectedCheckpoint): string {
  return `${c.slot}:${c.op}:parent=${c.parent ?? '-'}:prev=${c.prevParent ?? '-'}`;
}

export interface RollbackOutcome {
  scope: Slot[];
  /** per scope entity that changes */
  steps: Map<Slot, Action>;
  /** non-scope rows removed by ON DELETE CASCADE */
  cascadeDeleted: Slot[];
  /** the final state if the rollback applies */
  final: State;
  /** first scope row whose parent is absent in the final state (the rollback must fail 23503) */
  fkViolation: Slot | null;
  /** without cascade: a child of the root now, when the root would be deleted (the rollback must fail 23503) */
  childOfDeletedRoot: Slot | null;
  /**
   * A task the rollback writes whose (plan_id, position) a live task outside
   * the scope holds (the rollback must fail 23505 when applied; a dry run
   * cannot see it).
   */
  keyHeldOutside: { slot: Slot; holder: Slot } | null;
  /** tasks it writes whose key is held now by another task it updates (they must wait for it) */
  keyWaits: Slot[];
  /**
   * tasks it writes whose key is held now by a task it deletes that has an
   * artifact that survives (moves back elsewhere): that delete must come
   * after the artifact's move, the write of the key before it
   */
  keyOfSurvivorsParent: Slot[];
  /** tasks it updates that stand in a cycle of such waits (a swap, a rotation): one must be parked */
  keyCycle: Slot[];
  /**
   * Rows it may park on the way (updated tasks that hold a key now and whose
   * waits end in a cycle; a task deleted last that holds a key a written
   * task needs): a parked row is first updated to position null, which is
   * captured as an update of its own (parent unchanged).
   */
  parkable: ExpectedCheckpoint[];
  checkpoints: ExpectedCheckpoint[];
}

/**
 * The unique key in a rollback: written scope tasks against live tasks
 * outside the scope (a conflict), and the order its writes need among
 * themselves. The scope's own final rows are its target state, which held
 * the key; so are the rows outside it (the current state): the only possible
 * conflict is a written scope task taking a key an outside task holds.
 * Among the written tasks, one waits for the task that holds its target key
 * now when that one is updated too (a deleted holder is gone first); each
 * key has one holder, so the waits form chains and cycles.
 */
function keyAnalysis(
  current: State,
  final: State,
  scopeSet: ReadonlySet<Slot>,
  steps: ReadonlyMap<Slot, Action>,
): Pick<RollbackOutcome, 'keyHeldOutside' | 'keyWaits' | 'keyOfSurvivorsParent' | 'keyCycle' | 'parkable'> {
  const written = [...steps].filter(([k, a]) => a !== 'deleted' && typeOf(k) === 'task').map(([k]) => k);
  let keyHeldOutside: RollbackOutcome['keyHeldOutside'] = null;
  for (const k of written) {
    const key = taskKey(k, final.get(k));
    if (key === null) continue;
    for (const [h, row] of final) {
      if (!scopeSet.has(h) && taskKey(h, row) === key) {
        keyHeldOutside = { slot: k, holder: h };
        break;
      }
    }
    if (keyHeldOutside !== null) break;
  }
  const holderNow = new Map<string, Slot>();
  for (const [k, row] of current) {
    const key = taskKey(k, row);
    if (key !== null) holderNow.set(key, k);
  }
  const waitsFor = new Map<Slot, Slot>();
  const keyOfSurvivorsParent: Slot[] = [];
  for (const k of written) {
    const key = taskKey(k, final.get(k));
    const h = key === null ? undefined : holderNow.get(key);
    if (h !== undefined && h !== k && steps.get(h) === 'updated') waitsFor.set(k, h);
    if (h !== undefined && steps.get(h) === 'deleted' && [...current].some(([c, row]) => row.parent === h && final.has(c))) {
      keyOfSurvivorsParent.push(k);
    }
  }
  const inCycle = new Set<Slot>();
  const reachesCycle = new Set<Slot>();
  for (const start of waitsFor.keys()) {
    const path: Slot[] = [];
    let at: Slot | undefined = start;
    while (at !== undefined && !path.includes(at)) {
      path.push(at);
      at = waitsFor.get(at);
    }
    if (at === undefined) continue;
    for (let i = path.indexOf(at); i < path.length; i++) {
      const x = path[i];
      if (x !== undefined) inCycle.add(x);
    }
    for (const x of path) reachesCycle.add(x);
  }
  const parkable: ExpectedCheckpoint[] = [];
  for (const k of reachesCycle) {
    const cur = current.get(k);
    if (steps.get(k) === 'updated' && cur !== undefined && taskKey(k, cur) !== null) {
      parkable.push({ slot: k, op: 'update', parent: cur.parent, prevParent: null });
    }
  }
  // A task deleted last (it waits for an artifact to move away) that holds a
  // key a written task needs is parked first: an update of its own before
  // its delete.
  for (const k of keyOfSurvivorsParent) {
    const key = taskKey(k, final.get(k));
    const h = key === null ? undefined : holderNow.get(key);
    const cur = h === undefined ? undefined : current.get(h);
    if (h !== undefined && cur !== undefined && !parkable.some((p) => p.slot === h)) {
      parkable.push({ slot: h, op: 'update', parent: cur.parent, prevParent: null });
    }
  }
  return { keyHeldOutside, keyWaits: [...waitsFor.keys()], keyOfSurvivorsParent, keyCycle: [...inCycle], parkable };
}

/**
 * The effect of rolling `root` back to `snapshots[0]` (the target point),
 * `snapshots.at(-1)` being the current state.
 */
export function planRollback(snapshots: readonly State[], root: Slot, cascade: boolean): RollbackOutcome {
  const target = snapshots[0];
  const current = snapshots[snapshots.length - 1];
  if (target === undefined || current === undefined) throw new Error('planRollback: no snapshots');

  // Scope: union of parent edges over every snapshot since the target.
  const scopeSet = new Set<Slot>([root]);
  const scope: Slot[] = [root];
  if (cascade) {
    const children = new Map<Slot, Set<Slot>>();
    for (const s of snapshots) {
      for (const [k, row] of s) {
        if (row.parent === null) continue;
        let set = children.get(row.parent);
        if (set === undefined) children.set(row.parent, (set = new Set()));
        set.add(k);
      }
    }
    for (let i = 0; i < scope.length; i++) {
      const p = scope[i];
      if (p === undefined) continue;
      for (const c of children.get(p) ?? []) {
        if (!scopeSet.has(c)) {
          scopeSet.add(c);
          scope.push(c);
        }
      }
    }
  }

  const final = new Map(current);
  const steps = new Map<Slot, Action>();
  const checkpoints: ExpectedCheckpoint[] = [];
  for (const k of scope) {
    const cur = current.get(k);
    const tgt = target.get(k);
    if (tgt === undefined) final.delete(k);
    else final.set(k, tgt);
    if (cur === undefined && tgt !== undefined) {
      steps.set(k, 'inserted');
      checkpoints.push({ slot: k, op: 'insert', parent: tgt.parent, prevParent: null });
    } else if (cur !== undefined && tgt === undefined) {
      steps.set(k, 'deleted');
      checkpoints.push({ slot: k, op: 'delete', parent: cur.parent, prevParent: null });
    } else if (cur !== undefined && tgt !== undefined && !rowsEqual(cur, tgt)) {
      steps.set(k, 'updated');
      checkpoints.push({
        slot: k,
        op: 'update',
        parent: tgt.parent,
        prevParent: cur.parent !== tgt.parent ? cur.parent : null,
      });
    }
  }

  // ON DELETE CASCADE: rows outside the scope below a row that is gone.
  const cascadeDeleted: Slot[] = [];
  for (let changed = true; changed; ) {
    changed = false;
    for (const [k, row] of final) {
      if (!scopeSet.has(k) && row.parent !== null && !final.has(row.parent)) {
        final.delete(k);
        cascadeDeleted.push(k);
        checkpoints.push({ slot: k, op: 'delete', parent: row.parent, prevParent: null });
        changed = true;
      }
    }
  }

  let fkViolation: Slot | null = null;
  for (const k of scope) {
    const row = final.get(k);
    if (row !== undefined && row.parent !== null && !final.has(row.parent)) {
      fkViolation = k;
      break;
    }
  }
  let childOfDeletedRoot: Slot | null = null;
  if (!cascade && steps.get(root) === 'deleted') {
    for (const [k, row] of current) {
      if (row.parent === root) {
        childOfDeletedRoot = k;
        break;
      }
    }
  }
  return {
    scope,
    steps,
    cascadeDeleted,
    final,
    fkViolation,
    childOfDeletedRoot,
    ...keyAnalysis(current, final, scopeSet, steps),
    checkpoints,
  };
}

/** A checkpoint of this program, as written by the database. */
export interface CheckpointRecord {
  id: string;
  seq: bigint;
  slot: Slot;
  op: Operation;
  /** index in Model.history of the command that wrote it */
  cmd: number;
  /** index of the statement of that command that wrote it */
  stmt: number;
  /** written by a rollback */
  byRollback: boolean;
}

/** The state after one statement of a command, and max(seq) once it ran. */
export interface StatementPoint {
  state: State;
  maxSeq: bigint;
}

export interface Snapshot {
  /** the state after the command (= the last statement's) */
  state: State;
  /** after each of its statements (one, except for a multi-statement transaction) */
  statements: StatementPoint[];
  /** now() of the command's transaction, µs since the epoch (0 for the start) */
  now: bigint;
  /** max(seq) of checkpoints once the command committed */
  maxSeq: bigint;
  /** a rollback that changed something */
  rollbackApplied: boolean;
  label: string;
}

export interface Model {
  /** history[0]: the program's start; history[k]: after the k-th executed command */
  history: Snapshot[];
  checkpoints: CheckpointRecord[];
}

/**
 * A point a rollback can target: the end of statement `stmt` of command
 * `cmd`. A checkpoint means the end of the statement that wrote it (so an ON
 * DELETE CASCADE, captured after the row that caused it, belongs to it); a
 * time means whole transactions (the end of the command's last statement).
 */
export interface Point {
  cmd: number;
  stmt: number;
}

export function currentState(m: Readonly<Model>): State {
  const last = m.history[m.history.length - 1];
  if (last === undefined) throw new Error('model without history');
  return last.state;
}

export function newModel(startSeq: bigint): Model {
  return {
    history: [{ state: EMPTY, statements: [{ state: EMPTY, maxSeq: startSeq }], now: 0n, maxSeq: startSeq, rollbackApplied: false, label: 'start' }],
    checkpoints: [],
  };
}

function statementAt(m: Readonly<Model>, p: Point): StatementPoint {
  const s = m.history[p.cmd]?.statements[p.stmt];
  if (s === undefined) throw new Error(`no point #${p.cmd}.${p.stmt}`);
  return s;
}

export function stateAt(m: Readonly<Model>, p: Point): State {
  return statementAt(m, p).state;
}

/** max(seq) at the point: the target of every entity is its latest checkpoint at or before it. */
export function seqAt(m: Readonly<Model>, p: Point): bigint {
  return statementAt(m, p).maxSeq;
}

/** The end of a command (its last statement). */
export function endOf(m: Readonly<Model>, cmd: number): Point {
  return { cmd, stmt: (m.history[cmd]?.statements.length ?? 1) - 1 };
}

/** Every state from the point up to now, statement by statement. */
export function statesSince(m: Readonly<Model>, p: Point): State[] {
  const out: State[] = [];
  for (let k = p.cmd; k < m.history.length; k++) {
    const h = m.history[k];
    if (h === undefined) continue;
    for (let j = k === p.cmd ? p.stmt : 0; j < h.statements.length; j++) {
      const st = h.statements[j];
      if (st !== undefined) out.push(st.state);
    }
  }
  return out;
}

/** The history index whose state a time means: the last command that began at or before it. */
export function indexAtTime(m: Readonly<Model>, t: bigint): number {
  let idx = 0;
  for (let k = 1; k < m.history.length; k++) {
    const h = m.history[k];
    if (h !== undefined && h.now <= t) idx = k;
  }
  return idx;
}

export function formatRow(row: Row | undefined, times: (t: bigint) => string): string {
  if (row === undefined) return 'absent';
  const data = Object.entries(row.data)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
  return `{${row.parent !== null ? `parent=${row.parent} ` : ''}${data} created=${times(row.createdAt)} updated=${times(row.updatedAt)}}`;
}

export function formatState(s: State, times: (t: bigint) => string): string {
  const keys = [...s.keys()].sort((a, b) => ALL_SLOTS.indexOf(a) - ALL_SLOTS.indexOf(b));
  return keys.map((k) => `${k}${formatRow(s.get(k), times)}`).join(', ') || '(empty)';
}

/** Slots whose rows differ between two states. */
export function diffStates(a: State, b: State): Slot[] {
  return ALL_SLOTS.filter((k) => !rowsEqual(a.get(k), b.get(k)));
}
