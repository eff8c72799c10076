/**
 * Commands of the model-based rollback test. Each one is one transaction:
 * `predict` says, from the model alone, what it must do (state after it, the
 * checkpoints it writes, the rows a rollback returns, or the SQLSTATE it must
 * fail with); `run` executes it on Postgres and checks the database against
 * the prediction: rows (timestamps included), checkpoints written (entity,
 * operation, parent_id, prev_parent_id), their hashes, and after a
 * rollback, that every restored row is exactly its checkpoint.
 *
 * Arguments are explicit slots (P0.., T0.., A0..) and structural targets
 * ("the checkpoint of P0 written by command #3", "the time of command #2"),
 * resolved against the model when the command runs, so a printed program
 * reads as what it does.
 */
import fc from 'fast-check';
import {
  checkpointKey,
  currentState,
  deleteRow,
  diffStates,
  formatRow,
  formatState,
  indexAtTime,
  insertRow,
  isSlot,
  keyHolder,
  planRollback,
  rollup,
  rowsEqual,
  endOf,
  seqAt,
  stateAt,
  statesSince,
  type Point,
  taskKey,
  typeOf,
  updateRow,
  withDefaults,
  type Action,
  type ArtifactSlot,
  type CheckpointRecord,
  type ExpectedCheckpoint,
  type Model,
  type PlanSlot,
  type PlanStatus,
  type RollbackOutcome,
  type Rollup,
  type Slot,
  type State,
  type TaskSlot,
  type TaskStatus,
  type Value,
} from './model.ts';
import {
  checkpointCount,
  exactness,
  idOf,
  NOW_US,
  statement,
  transaction,
  isOperation,
  microsToIso,
  observe,
  type Real,
  type TxResult,
} from './db.ts';

// ---------------------------------------------------------------------------
// Coverage counters (printed at the end of the test).

export const coverage = new Map<string, number>();
export function count(key: string, n = 1): void {
  coverage.set(key, (coverage.get(key) ?? 0) + n);
}
export function formatCoverage(): string {
  const keys = [...coverage.keys()].sort();
  const width = Math.max(...keys.map((k) => k.length));
  return keys.map((k) => `  ${k.padEnd(width)}  ${coverage.get(k) ?? 0}`).join('\n');
}

// ---------------------------------------------------------------------------
// Predictions and the shared checks.

export interface Prediction {
  /** the state after the command (the current one when it fails or is a dry run) */
  state: State;
  /** checkpoints it writes (none when it fails) */
  checkpoints: ExpectedCheckpoint[];
  /** the SQLSTATE it must fail with */
  error: string | null;
  /** rows a rollback returns */
  rows: Map<Slot, Action> | null;
  /** new checkpoints' reason must start with this */
  reasonPrefix: string | null;
  /** a rollback that changed something */
  rollbackApplied: boolean;
  /** a multi-statement transaction: the state and checkpoints of each statement, in order */
  statements: Array<{ state: State; checkpoints: ExpectedCheckpoint[] }> | null;
  /**
   * checkpoints it may write besides (each at most once): a rollback's rows
   * parked at position null on the way; with atLeastOne, one of them must be
   * (a cycle of keys cannot be undone otherwise)
   */
  extra: { checkpoints: ExpectedCheckpoint[]; atLeastOne: boolean } | null;
}

type Rows = Array<Record<string, unknown>>;

const TABLE: Record<'plan' | 'task' | 'artifact', string> = { plan: 'plans', task: 'tasks', artifact: 'artifacts' };

function timeLabel(m: Readonly<Model>): (t: bigint) => string {
  return (t) => {
    const k = m.history.findIndex((h, i) => i > 0 && h.now === t);
    return k > 0 ? `t#${k}` : microsToIso(t);
  };
}

function fail(m: Readonly<Model>, r: Real, what: string, details: string[] = []): never {
  throw new Error(
    [
      what,
      ...details.map((d) => `  ${d}`),
      'program as run (#k = the k-th command; t#k = its now()):',
      ...r.log.map((l) => `  ${l}`),
      `model state before the failing command: ${formatState(currentState(m), timeLabel(m))}`,
    ].join('\n'),
  );
}

function fmtRows(rows: ReadonlyMap<string, string>): string {
  return (
    [...rows]
      .map(([k, a]) => `${k} ${a}`)
      .sort()
      .join(', ') || '(none)'
  );
}

function fmtPatch(p: Readonly<Record<string, Value>>): string {
  return `{${Object.entries(p)
    .map(([k, v]) => `${k}:${JSON.stringify(v)}`)
    .join(',')}}`;
}

function ok(state: State, checkpoints: ExpectedCheckpoint[]): Prediction {
  return { state, checkpoints, error: null, rows: null, reasonPrefix: null, rollbackApplied: false, statements: null, extra: null };
}

/** A write that fails with `code`: its transaction changes nothing. */
function failed(m: Readonly<Model>, code: string): Prediction {
  return { ...ok(currentState(m), []), error: code };
}

/** Expected against written checkpoint keys: what is missing, what is surplus, how many optional ones were written. */
function matchCheckpoints(
  expected: readonly string[],
  actual: readonly string[],
  optional: readonly string[],
): { missing: string[]; surplus: string[]; optionalWritten: number } {
  const left = [...actual];
  const missing: string[] = [];
  for (const k of expected) {
    const i = left.indexOf(k);
    if (i < 0) missing.push(k);
    else left.splice(i, 1);
  }
  const opt = [...optional];
  const surplus: string[] = [];
  let optionalWritten = 0;
  for (const k of left) {
    const i = opt.indexOf(k);
    if (i < 0) surplus.push(k);
    else {
      opt.splice(i, 1);
      optionalWritten++;
    }
  }
  return { missing, surplus, optionalWritten };
}

type Written = Omit<CheckpointRecord, 'cmd' | 'byRollback'>;

/** The expected checkpoints of each statement (one group, except for a transaction). */
function perStatement(p: Prediction): ExpectedCheckpoint[][] {
  if (p.error !== null) return [[]];
  return p.statements === null ? [p.checkpoints] : p.statements.map((st) => st.checkpoints);
}

/** Appends a command's snapshot (and the checkpoints it wrote, with their statement) to the model. */
function record(m: Model, now: bigint, p: Prediction, label: string, written: Written[]): void {
  const cmd = m.history.length;
  let maxSeq = m.history[cmd - 1]?.maxSeq ?? 0n;
  const states = p.error !== null ? [currentState(m)] : p.statements === null ? [p.state] : p.statements.map((st) => st.state);
  const statements = states.map((state, j) => {
    for (const c of written) if (c.stmt === j && c.seq > maxSeq) maxSeq = c.seq;
    return { state, maxSeq };
  });
  for (const c of written) m.checkpoints.push({ ...c, cmd, byRollback: p.reasonPrefix === 'rollback of ' });
  const state = p.error === null ? p.state : currentState(m);
  m.history.push({ state, statements, now, maxSeq, rollbackApplied: p.rollbackApplied, label });
}

export abstract class ModelCommand implements fc.AsyncCommand<Model, Real> {
  /** Whether the command makes sense in this state (programs are generated so that it always does). */
  abstract check(m: Readonly<Model>): boolean;
  abstract predict(m: Readonly<Model>, now: bigint): Prediction;
  protected abstract execute(m: Readonly<Model>, r: Real): Promise<TxResult<Rows>>;
  abstract toString(): string;

  /** Extra detail for the program log (resolved target, expectation). */
  protected describe(_m: Readonly<Model>, _p: Prediction): string {
    return '';
  }
  /** Coverage counters, once the prediction is known. */
  tally(_m: Readonly<Model>, _p: Prediction): void {}
  /** Checks after the database was compared with the model and the snapshot recorded. */
  protected async verifyAfter(_m: Model, _r: Real, _p: Prediction, _rows: Rows, _prevSeq: bigint): Promise<void> {}

  [fc.toStringMethod](): string {
    return this.toString();
  }

  /** Runs the command in the simulation used to generate programs (now = k s). */
  simulate(m: Model, seq: { next: bigint }): void {
    const now = BigInt(m.history.length) * 1_000_000n;
    const p = this.predict(m, now);
    const written = perStatement(p).flatMap((cps, stmt) =>
      cps.map((c): Written => ({ id: `sim-${m.history.length}-${stmt}-${c.slot}`, seq: seq.next++, slot: c.slot, op: c.op, stmt })),
    );
    record(m, now, p, this.toString(), written);
  }

  async run(m: Model, r: Real): Promise<void> {
    const cmdIndex = m.history.length;
    const prevSeq = m.history[cmdIndex - 1]?.maxSeq ?? 0n;
    // The prediction depends on now() only through created_at / updated_at;
    // describe the command with a provisional one, predict again with the real one.
    const provisional = this.predict(m, 0n);
    r.log.push(`#${cmdIndex} ${this.toString()}${this.describe(m, provisional)}`);
    const dry = provisional.rows !== null && provisional.checkpoints.length === 0 && provisional.error === null;
    const before = dry ? await checkpointCount(r.client) : 0n;

    const res = await this.execute(m, r);
    const p = this.predict(m, res.now);
    count('commands');
    this.tally(m, p);

    if (p.error !== null) {
      if (res.ok) {
        const got = res.value.map((x) => `${String(x.entity_type)} ${r.slotOf.get(String(x.entity_id)) ?? String(x.entity_id)} ${String(x.action)}`);
        fail(m, r, `#${cmdIndex}: succeeded, the model expects ${p.error}`, [`db returned: ${got.join(', ') || '(no rows)'}`]);
      }
      if (res.error.code !== p.error) fail(m, r, `#${cmdIndex}: failed with ${res.error.code}, the model expects ${p.error}`, [res.error.message]);
    } else if (!res.ok) {
      fail(m, r, `#${cmdIndex}: failed with ${res.error.code}, the model expects success`, [res.error.message]);
    }
    const rows = res.ok ? res.value : [];

    if (p.rows !== null && p.error === null) {
      const actual = new Map<string, string>();
      for (const x of rows) {
        const id = String(x.entity_id);
        const k = r.slotOf.get(id) ?? id;
        if (String(x.entity_type) !== (isSlot(k) ? typeOf(k) : '?') || actual.has(k)) {
          fail(m, r, `#${cmdIndex}: bad returned row ${String(x.entity_type)} ${k} ${String(x.action)}`);
        }
        actual.set(k, String(x.action));
      }
      if (fmtRows(actual) !== fmtRows(p.rows)) {
        fail(m, r, `#${cmdIndex}: rollback returned other rows than the model`, [`model: ${fmtRows(p.rows)}`, `db:    ${fmtRows(actual)}`]);
      }
    }
    if (dry) {
      const after = await checkpointCount(r.client);
      if (after !== before) fail(m, r, `#${cmdIndex}: dry run changed count(*) of checkpoints from ${before} to ${after}`);
    }

    // The database against the model: rows, checkpoints written, hashes.
    const obs = await observe(r, prevSeq);
    const times = timeLabel(m);
    const expState = p.error === null ? p.state : currentState(m);
    if (obs.strays.length > 0) fail(m, r, `#${cmdIndex}: rows of this program with unknown parents`, obs.strays);
    const diff = diffStates(expState, obs.state);
    if (diff.length > 0) {
      fail(
        m,
        r,
        `#${cmdIndex}: database state differs from the model`,
        diff.map((k) => `${k}: model ${formatRow(expState.get(k), times)}  db ${formatRow(obs.state.get(k), times)}`),
      );
    }
    // The checkpoints written, statement by statement (in seq order, each
    // statement's come after the previous one's).
    const groups = perStatement(p);
    const written: Written[] = [];
    let at = 0;
    const observedKey = (c: (typeof obs.checkpoints)[number]): string => `${c.slot}:${c.op}:parent=${c.parent ?? '-'}:prev=${c.prevParent ?? '-'}`;
    for (let stmt = 0; stmt < groups.length; stmt++) {
      const group = groups[stmt] ?? [];
      const last = stmt === groups.length - 1;
      const chunk = last ? obs.checkpoints.slice(at) : obs.checkpoints.slice(at, at + group.length);
      at += chunk.length;
      const expectedKeys = group.map(checkpointKey).sort();
      const actualKeys = chunk.map(observedKey).sort();
      const extra = last && p.error === null ? p.extra : null;
      const optionalKeys = (extra?.checkpoints ?? []).map(checkpointKey).sort();
      const match = matchCheckpoints(expectedKeys, actualKeys, optionalKeys);
      if (match.missing.length > 0 || match.surplus.length > 0 || (extra?.atLeastOne === true && match.optionalWritten === 0)) {
        fail(m, r, `#${cmdIndex}: checkpoints written${groups.length > 1 ? ` by statement ${stmt + 1}` : ''} differ from the model`, [
          `model: ${expectedKeys.join(', ') || '(none)'}`,
          ...(extra !== null
            ? [`       and ${extra.atLeastOne ? 'at least one' : 'any'} of (rows parked on the way): ${optionalKeys.join(', ')}`]
            : []),
          `db:    ${actualKeys.join(', ') || '(none)'}`,
        ]);
      }
      if (match.optionalWritten > 0) count('rollback.rows parked at position null on the way (extra update checkpoint)', match.optionalWritten);
      for (const c of chunk) {
        const slot = c.slot;
        const op = c.op;
        if (!isSlot(slot) || !isOperation(op)) fail(m, r, `#${cmdIndex}: unexpected checkpoint ${slot} ${op}`);
        written.push({ id: c.id, seq: c.seq, slot, op, stmt });
      }
    }
    const prefix = p.reasonPrefix;
    if (prefix !== null) {
      const bad = obs.checkpoints.filter((c) => !(c.reason ?? '').startsWith(prefix));
      if (bad.length > 0) {
        fail(m, r, `#${cmdIndex}: checkpoints whose reason does not name the operation (${prefix}…)`, bad.map((c) => `${c.slot} ${c.op}: ${c.reason ?? 'null'}`));
      }
    }
    if (obs.bad !== 0) fail(m, r, `#${cmdIndex}: ${obs.bad} checkpoint(s) written whose state_data does not hash to state_hash`);

    record(m, res.now, p, r.log[r.log.length - 1] ?? '', written);
    await this.verifyAfter(m, r, p, rows, prevSeq);
  }
}

/** A failed statement changes nothing: it stands at 1 µs after the previous command. */
function failedNow(m: Readonly<Model>): bigint {
  return (m.history[m.history.length - 1]?.now ?? 0n) + 1n;
}

/** One data-modifying statement as a command. */
function write(m: Readonly<Model>, r: Real, sql: string, params: readonly unknown[]): Promise<TxResult<Rows>> {
  return statement(r, `with w as (${sql}) select ${NOW_US} as now, null::json as rows`, params, failedNow(m));
}

export interface Sql {
  text: string;
  params: unknown[];
}

/** A write (or a manual checkpoint): one SQL statement, on its own or in a Transaction. */
export abstract class WriteCommand extends ModelCommand {
  abstract sql(r: Real): Sql;
  protected execute(m: Readonly<Model>, r: Real): Promise<TxResult<Rows>> {
    const q = this.sql(r);
    return write(m, r, q.text, q.params);
  }
}

function had(m: Readonly<Model>, slot: Slot): boolean {
  return m.history.some((h) => h.state.has(slot));
}

/** Counters of what the roll-up trigger did for one artifact write (`what`: insert, update, move, delete). */
function tallyRollup(ru: Rollup, what: string): void {
  if (ru.changed.length > 0) count(`trigger.task changed by an artifact ${what}`, ru.changed.length);
  if (ru.same.length > 0) count(`trigger.task left identical by an artifact ${what} (no checkpoint)`, ru.same.length);
  if (ru.gone.length > 0) count(`trigger.task deleted in the same statement (artifact ${what})`, ru.gone.length);
}

/** Counters of a direct write of a task's key: a unique violation, or a key that a task deleted before held. */
function tallyKey(m: Readonly<Model>, p: Prediction, slot: Slot, what: string): void {
  if (p.error === '23505') {
    count(`write.${what}.task fails 23505 (key taken)`);
    return;
  }
  const key = taskKey(slot, p.state.get(slot));
  if (key === null) return;
  const cur = currentState(m);
  const before = m.history.some((h) => [...h.state].some(([k, row]) => k !== slot && !cur.has(k) && taskKey(k, row) === key));
  if (before) count(`write.${what}.task takes the key of a task deleted before`);
}

/** The roll-up trigger's value for an artifact write: '<op> <name>'. */
function rollupValue(op: 'insert' | 'update' | 'delete', name: Value | undefined): string {
  return `${op} ${String(name ?? '')}`;
}

// ---------------------------------------------------------------------------
// Writes.

export class InsertPlan extends WriteCommand {
  constructor(
    readonly slot: PlanSlot,
    readonly title: string,
    readonly status: PlanStatus | null,
  ) {
    super();
  }
  check(m: Readonly<Model>): boolean {
    return !currentState(m).has(this.slot);
  }
  predict(m: Readonly<Model>, now: bigint): Prediction {
    const data = withDefaults('plan', { title: this.title, status: this.status ?? undefined });
    return ok(insertRow(currentState(m), this.slot, null, data, now), [{ slot: this.slot, op: 'insert', parent: null, prevParent: null }]);
  }
  sql(r: Real): Sql {
    return this.status === null
      ? { text: `insert into plans (id, title) values ($1, $2)`, params: [idOf(r, this.slot), this.title] }
      : { text: `insert into plans (id, title, status) values ($1, $2, $3)`, params: [idOf(r, this.slot), this.title, this.status] };
  }
  override tally(m: Readonly<Model>): void {
    count(`write.insert.plan${had(m, this.slot) ? ' (id deleted before)' : ''}`);
  }
  toString(): string {
    return `insert ${this.slot} ${fmtPatch(this.status === null ? { title: this.title } : { title: this.title, status: this.status })}`;
  }
}

export class InsertTask extends WriteCommand {
  constructor(
    readonly slot: TaskSlot,
    readonly plan: PlanSlot,
    readonly title: string,
    readonly position: number | null,
    readonly status: TaskStatus | null,
  ) {
    super();
  }
  check(m: Readonly<Model>): boolean {
    const s = currentState(m);
    return !s.has(this.slot) && s.has(this.plan);
  }
  predict(m: Readonly<Model>, now: bigint): Prediction {
    const data = withDefaults('task', { title: this.title, position: this.position, status: this.status ?? undefined });
    const next = insertRow(currentState(m), this.slot, this.plan, data, now);
    if (keyHolder(next, this.slot) !== null) return failed(m, '23505');
    return ok(next, [{ slot: this.slot, op: 'insert', parent: this.plan, prevParent: null }]);
  }
  sql(r: Real): Sql {
    return {
      text: `insert into tasks (id, plan_id, title, position, status) values ($1, $2, $3, $4, coalesce($5, 'pending'))`,
      params: [idOf(r, this.slot), idOf(r, this.plan), this.title, this.position, this.status],
    };
  }
  override tally(m: Readonly<Model>, p: Prediction): void {
    count(`write.insert.task${had(m, this.slot) ? ' (id deleted before)' : ''}`);
    tallyKey(m, p, this.slot, 'insert');
  }
  toString(): string {
    const p: Record<string, Value> = { title: this.title, position: this.position };
    if (this.status !== null) p.status = this.status;
    return `insert ${this.slot} under ${this.plan} ${fmtPatch(p)}`;
  }
}

export class InsertArtifact extends WriteCommand {
  constructor(
    readonly slot: ArtifactSlot,
    readonly task: TaskSlot,
    readonly name: string,
    readonly content: string | null,
  ) {
    super();
  }
  check(m: Readonly<Model>): boolean {
    const s = currentState(m);
    return !s.has(this.slot) && s.has(this.task);
  }
  private rollup(m: Readonly<Model>, now: bigint): Rollup {
    const data = withDefaults('artifact', { name: this.name, content: this.content });
    return rollup(insertRow(currentState(m), this.slot, this.task, data, now), [this.task], rollupValue('insert', this.name), now);
  }
  predict(m: Readonly<Model>, now: bigint): Prediction {
    const ru = this.rollup(m, now);
    return ok(ru.state, [{ slot: this.slot, op: 'insert', parent: this.task, prevParent: null }, ...ru.checkpoints]);
  }
  sql(r: Real): Sql {
    return {
      text: `insert into artifacts (id, task_id, name, content) values ($1, $2, $3, $4)`,
      params: [idOf(r, this.slot), idOf(r, this.task), this.name, this.content],
    };
  }
  override tally(m: Readonly<Model>): void {
    count(`write.insert.artifact${had(m, this.slot) ? ' (id deleted before)' : ''}`);
    tallyRollup(this.rollup(m, 0n), 'insert');
  }
  toString(): string {
    return `insert ${this.slot} under ${this.task} ${fmtPatch({ name: this.name, content: this.content })}`;
  }
}

const PATCHABLE: Record<'plan' | 'task' | 'artifact', readonly string[]> = {
  plan: ['title', 'status'],
  task: ['title', 'position', 'status'],
  artifact: ['name', 'content'],
};

/** UPDATE of some columns; with none, `set title = title`, which still moves updated_at. */
export class Update extends WriteCommand {
  readonly patch: Readonly<Record<string, Value>>;
  constructor(
    readonly slot: Slot,
    patch: Readonly<Record<string, Value>>,
  ) {
    super();
    const p: Record<string, Value> = {};
    for (const k of PATCHABLE[typeOf(slot)]) {
      const v = patch[k];
      if (v !== undefined) p[k] = v;
    }
    this.patch = p;
  }
  check(m: Readonly<Model>): boolean {
    return currentState(m).has(this.slot);
  }
  /** The row's own update, then (artifacts) the roll-up trigger's. */
  private effect(m: Readonly<Model>, now: bigint): { state: State; checkpoints: ExpectedCheckpoint[]; rollup: Rollup | null } {
    const cur = currentState(m);
    const row = cur.get(this.slot);
    const parent = row?.parent ?? null;
    let next = updateRow(cur, this.slot, this.patch, parent, now);
    const checkpoints: ExpectedCheckpoint[] = [];
    // An UPDATE that leaves the row identical (same values, updated_at
    // already this transaction's now()) writes no checkpoint.
    if (rowsEqual(next.get(this.slot), row)) next = cur;
    else checkpoints.push({ slot: this.slot, op: 'update', parent, prevParent: null });
    if (typeOf(this.slot) !== 'artifact') return { state: next, checkpoints, rollup: null };
    // The trigger fires for every row updated, changed or not.
    const ru = rollup(next, [parent], rollupValue('update', next.get(this.slot)?.data.name), now);
    return { state: ru.state, checkpoints: [...checkpoints, ...ru.checkpoints], rollup: ru };
  }
  predict(m: Readonly<Model>, now: bigint): Prediction {
    const e = this.effect(m, now);
    if (keyHolder(e.state, this.slot) !== null) return failed(m, '23505');
    return ok(e.state, e.checkpoints);
  }
  sql(r: Real): Sql {
    const type = typeOf(this.slot);
    const cols = Object.keys(this.patch);
    const set = cols.length > 0 ? cols.map((k, i) => `"${k}" = $${i + 2}`).join(', ') : type === 'artifact' ? 'name = name' : 'title = title';
    const values = cols.map((k) => this.patch[k] ?? null);
    return { text: `update ${TABLE[type]} set ${set} where id = $1`, params: [idOf(r, this.slot), ...values] };
  }
  override tally(m: Readonly<Model>, p: Prediction): void {
    count(`write.update.${typeOf(this.slot)}${Object.keys(this.patch).length === 0 ? ' (only updated_at changes)' : ''}`);
    if (typeOf(this.slot) === 'task' && 'position' in this.patch) tallyKey(m, p, this.slot, 'update');
    const ru = this.effect(m, 0n).rollup;
    if (ru !== null) tallyRollup(ru, 'update');
  }
  toString(): string {
    return `update ${this.slot} ${fmtPatch(this.patch)}`;
  }
}

/** Re-parenting: a task to another plan, an artifact to another task. */
export class Move extends WriteCommand {
  constructor(
    readonly slot: TaskSlot | ArtifactSlot,
    readonly to: PlanSlot | TaskSlot,
  ) {
    super();
  }
  check(m: Readonly<Model>): boolean {
    const s = currentState(m);
    const row = s.get(this.slot);
    return row !== undefined && s.has(this.to) && row.parent !== this.to;
  }
  /** The row's own update, then (artifacts) the roll-up trigger's on both tasks. */
  private effect(m: Readonly<Model>, now: bigint): { state: State; checkpoints: ExpectedCheckpoint[]; rollup: Rollup | null } {
    const cur = currentState(m);
    const from = cur.get(this.slot)?.parent ?? null;
    const next = updateRow(cur, this.slot, {}, this.to, now);
    const checkpoints: ExpectedCheckpoint[] = [{ slot: this.slot, op: 'update', parent: this.to, prevParent: from }];
    if (typeOf(this.slot) !== 'artifact') return { state: next, checkpoints, rollup: null };
    const ru = rollup(next, [this.to, from], rollupValue('update', next.get(this.slot)?.data.name), now);
    return { state: ru.state, checkpoints: [...checkpoints, ...ru.checkpoints], rollup: ru };
  }
  predict(m: Readonly<Model>, now: bigint): Prediction {
    const e = this.effect(m, now);
    if (keyHolder(e.state, this.slot) !== null) return failed(m, '23505');
    return ok(e.state, e.checkpoints);
  }
  sql(r: Real): Sql {
    const text = typeOf(this.slot) === 'task' ? `update tasks set plan_id = $2 where id = $1` : `update artifacts set task_id = $2 where id = $1`;
    return { text, params: [idOf(r, this.slot), idOf(r, this.to)] };
  }
  override tally(m: Readonly<Model>, p: Prediction): void {
    count(`write.move.${typeOf(this.slot)}`);
    if (typeOf(this.slot) === 'task') tallyKey(m, p, this.slot, 'move');
    const ru = this.effect(m, 0n).rollup;
    if (ru !== null) tallyRollup(ru, 'move');
  }
  toString(): string {
    return `move ${this.slot} → ${this.to}`;
  }
}

export class Delete extends WriteCommand {
  constructor(readonly slot: Slot) {
    super();
  }
  check(m: Readonly<Model>): boolean {
    return currentState(m).has(this.slot);
  }
  /**
   * The row and everything below it (ON DELETE CASCADE), then the roll-up
   * trigger for every artifact deleted: a directly deleted artifact's task
   * is updated; a cascaded artifact's task is gone with it.
   */
  private effect(m: Readonly<Model>, now: bigint): { state: State; checkpoints: ExpectedCheckpoint[]; rollup: Rollup } {
    const cur = currentState(m);
    const { state, removed } = deleteRow(cur, this.slot);
    const checkpoints = removed.map((k): ExpectedCheckpoint => ({ slot: k, op: 'delete', parent: cur.get(k)?.parent ?? null, prevParent: null }));
    const artifacts = removed.filter((k) => typeOf(k) === 'artifact');
    const ru = rollup(
      state,
      artifacts.map((k) => cur.get(k)?.parent ?? null),
      rollupValue('delete', cur.get(this.slot)?.data.name),
      now,
    );
    return { state: ru.state, checkpoints: [...checkpoints, ...ru.checkpoints], rollup: ru };
  }
  predict(m: Readonly<Model>, now: bigint): Prediction {
    const e = this.effect(m, now);
    return ok(e.state, e.checkpoints);
  }
  sql(r: Real): Sql {
    return { text: `delete from ${TABLE[typeOf(this.slot)]} where id = $1`, params: [idOf(r, this.slot)] };
  }
  override tally(m: Readonly<Model>, p: Prediction): void {
    count(`write.delete.${typeOf(this.slot)}${p.checkpoints.some((c) => c.op === 'delete' && c.slot !== this.slot) ? ' (cascading)' : ''}`);
    tallyRollup(this.effect(m, 0n).rollup, typeOf(this.slot) === 'artifact' ? 'delete' : 'delete (cascade)');
  }
  toString(): string {
    return `delete ${this.slot}`;
  }
}

export class CreateCheckpoint extends WriteCommand {
  constructor(readonly slot: Slot) {
    super();
  }
  check(m: Readonly<Model>): boolean {
    return currentState(m).has(this.slot);
  }
  predict(m: Readonly<Model>): Prediction {
    const cur = currentState(m);
    return ok(cur, [{ slot: this.slot, op: 'manual', parent: cur.get(this.slot)?.parent ?? null, prevParent: null }]);
  }
  sql(r: Real): Sql {
    return { text: `select create_checkpoint($1::text, $2::uuid, 'model test')`, params: [typeOf(this.slot), idOf(r, this.slot)] };
  }
  protected override execute(m: Readonly<Model>, r: Real): Promise<TxResult<Rows>> {
    return statement(
      r,
      `select ${NOW_US} as now, json_build_array(json_build_object('id', create_checkpoint($1::text, $2::uuid, 'model test'))) as rows`,
      [typeOf(this.slot), idOf(r, this.slot)],
      failedNow(m),
    );
  }
  override tally(): void {
    count(`checkpoint.${typeOf(this.slot)}`);
  }
  protected override async verifyAfter(m: Model, r: Real, _p: Prediction, rows: Rows): Promise<void> {
    const returned = rows[0]?.id;
    const written = m.checkpoints.filter((c) => c.cmd === m.history.length - 1);
    if (written.length !== 1 || written[0]?.id !== returned) {
      fail(m, r, `create_checkpoint returned ${String(returned)}, the checkpoint written is ${written.map((x) => x.id).join(', ')}`);
    }
  }
  toString(): string {
    return `checkpoint ${this.slot}`;
  }
}

/** A model whose current state is `state` (the middle of a transaction). */
function midTransaction(m: Readonly<Model>, state: State, now: bigint): Model {
  return {
    history: [...m.history, { state, statements: [{ state, maxSeq: 0n }], now, maxSeq: 0n, rollbackApplied: false, label: '' }],
    checkpoints: m.checkpoints,
  };
}

/**
 * Several writes in one transaction: one point in time (to_time means whole
 * transactions), but each statement is a point of its own for a rollback to
 * one of its checkpoints. Sent one statement at a time, or (oneMessage) as
 * one multi-statement query string, where they share statement_timestamp().
 */
export class Transaction extends ModelCommand {
  constructor(
    readonly parts: readonly WriteCommand[],
    readonly oneMessage = false,
  ) {
    super();
  }
  check(m: Readonly<Model>): boolean {
    let mm: Readonly<Model> = m;
    for (const part of this.parts) {
      if (!part.check(mm)) return false;
      mm = midTransaction(mm, part.predict(mm, 0n).state, 0n);
    }
    return true;
  }
  predict(m: Readonly<Model>, now: bigint): Prediction {
    let mm: Readonly<Model> = m;
    const statements: Array<{ state: State; checkpoints: ExpectedCheckpoint[] }> = [];
    for (const part of this.parts) {
      const p = part.predict(mm, now);
      // A statement that fails (a unique violation) fails the transaction: nothing of it stays.
      if (p.error !== null) return failed(m, p.error);
      statements.push({ state: p.state, checkpoints: p.checkpoints });
      mm = midTransaction(mm, p.state, now);
    }
    return { ...ok(currentState(mm), statements.flatMap((st) => st.checkpoints)), statements };
  }
  protected execute(m: Readonly<Model>, r: Real): Promise<TxResult<Rows>> {
    return transaction(
      r,
      this.parts.map((p) => p.sql(r)),
      failedNow(m),
      this.oneMessage,
    );
  }
  override tally(m: Readonly<Model>, p: Prediction): void {
    count(`transaction of ${this.parts.length} writes${this.oneMessage ? ' (one query string)' : ''}`);
    let mm: Readonly<Model> = m;
    for (const part of this.parts) {
      const pp = part.predict(mm, 0n);
      part.tally(mm, pp);
      if (pp.error !== null) break;
      mm = midTransaction(mm, pp.state, 0n);
    }
    if (p.error !== null) count(`transaction failing ${p.error} (nothing of it stays)`);
    if (new Set(p.checkpoints.map((c) => c.slot)).size < p.checkpoints.length) count('transaction writing one entity twice');
  }
  toString(): string {
    return `transaction${this.oneMessage ? ' (one query string)' : ''} { ${this.parts.map((p) => p.toString()).join('; ')} }`;
  }
}

/** A task's unique key: its plan and its (non-null) position. */
export interface TaskKey {
  plan: PlanSlot;
  position: number;
}

/**
 * Two tasks exchange their keys (plan_id, position) in one transaction,
 * around the unique key, as an application does: a's position to null;
 * between plans, a moves to b's plan and b to a's; b takes a's position,
 * a takes b's.
 */
function swapParts(a: TaskSlot, b: TaskSlot, ka: TaskKey, kb: TaskKey): WriteCommand[] {
  const parts: WriteCommand[] = [new Update(a, { position: null })];
  if (ka.plan !== kb.plan) parts.push(new Move(a, kb.plan), new Move(b, ka.plan));
  if (ka.position !== kb.position || ka.plan === kb.plan) parts.push(new Update(b, { position: ka.position }));
  parts.push(new Update(a, { position: kb.position }));
  return parts;
}

export class Swap extends Transaction {
  constructor(
    readonly a: TaskSlot,
    readonly b: TaskSlot,
    readonly ka: TaskKey,
    readonly kb: TaskKey,
    oneMessage = false,
  ) {
    super(swapParts(a, b, ka, kb), oneMessage);
  }
  override tally(m: Readonly<Model>, p: Prediction): void {
    super.tally(m, p);
    const what = this.ka.plan === this.kb.plan ? 'positions in one plan' : 'keys between plans';
    count(`write.swap of two tasks' ${what}${p.error !== null ? ` (fails ${p.error})` : ''}`);
  }
  override toString(): string {
    return `swap keys of ${this.a} and ${this.b}: ${super.toString()}`;
  }
}

/**
 * A new task takes another's place in one transaction, as an application
 * retrying a task does: the old one gives up its position (null, status
 * skipped), the new one is inserted at it, and the old one's artifacts
 * move over to the new one.
 */
export class Replace extends Transaction {
  constructor(
    readonly old: TaskSlot,
    readonly by: TaskSlot,
    readonly key: TaskKey,
    readonly artifacts: readonly ArtifactSlot[],
    readonly title: string,
    oneMessage = false,
  ) {
    super(
      [
        new Update(old, { position: null, status: 'skipped' }),
        new InsertTask(by, key.plan, title, key.position, null),
        ...artifacts.map((a) => new Move(a, by)),
      ],
      oneMessage,
    );
  }
  override tally(m: Readonly<Model>, p: Prediction): void {
    super.tally(m, p);
    count(`write.replace of a task by a new one at its position${this.artifacts.length > 0 ? ', artifacts moving over' : ''}`);
  }
  override toString(): string {
    return `replace ${this.old} by ${this.by}: ${super.toString()}`;
  }
}

// ---------------------------------------------------------------------------
// Rollback.

/** A target, named by the program's structure (resolved against the model when run). */
export type Target =
  /** the root's (nth) checkpoint written by command #cmd */
  | { kind: 'checkpoint'; cmd: number; nth: number }
  /** the now() of command #cmd, half-way to the next command's, or 1 µs before the program */
  | { kind: 'time'; cmd: number; mode: 'exact' | 'between' | 'before' }
  /** no target: the root's latest manual checkpoint */
  | { kind: 'default' }
  /** a checkpoint of another entity (22023) */
  | { kind: 'foreign'; slot: Slot; cmd: number };

interface Resolved {
  toCheckpoint: string | null;
  toTime: string | null;
  /** the target point (null when an error comes first) */
  point: Point | null;
  error: string | null;
  desc: string;
  byRollback: boolean;
}

export class Rollback extends ModelCommand {
  constructor(
    readonly root: Slot,
    readonly target: Target,
    readonly cascade: boolean,
    readonly dryRun: boolean,
  ) {
    super();
  }

  check(m: Readonly<Model>): boolean {
    const tg = this.target;
    switch (tg.kind) {
      case 'checkpoint':
        return m.checkpoints.filter((c) => c.slot === this.root && c.cmd === tg.cmd).length > tg.nth;
      case 'foreign':
        return tg.slot !== this.root && m.checkpoints.some((c) => c.slot === tg.slot && c.cmd === tg.cmd);
      case 'time':
        return tg.cmd >= 1 && tg.cmd < m.history.length;
      case 'default':
        return true;
    }
  }

  private resolve(m: Readonly<Model>): Resolved {
    const own = m.checkpoints.filter((c) => c.slot === this.root);
    const base = { toCheckpoint: null, toTime: null, point: null, error: null, byRollback: false };
    const stmtDesc = (c: CheckpointRecord): string =>
      (m.history[c.cmd]?.statements.length ?? 1) > 1 ? ` (statement ${c.stmt + 1} of #${c.cmd}: state after it)` : '';
    const tg = this.target;
    let t: Resolved;
    switch (tg.kind) {
      case 'checkpoint': {
        const c = own.filter((x) => x.cmd === tg.cmd)[tg.nth];
        if (c === undefined) throw new Error(`${this.toString()}: no such checkpoint`);
        t = { ...base, toCheckpoint: c.id, point: { cmd: c.cmd, stmt: c.stmt }, byRollback: c.byRollback, desc: `its ${c.op} checkpoint${stmtDesc(c)}` };
        break;
      }
      case 'foreign': {
        const c = m.checkpoints.find((x) => x.slot === tg.slot && x.cmd === tg.cmd);
        if (c === undefined) throw new Error(`${this.toString()}: no such checkpoint`);
        return { ...base, toCheckpoint: c.id, error: '22023', desc: `${c.op} checkpoint of ${c.slot}` };
      }
      case 'time': {
        const nowOf = (i: number): bigint => m.history[i]?.now ?? 0n;
        const last = m.history.length - 1;
        let at: bigint;
        let desc: string;
        if (tg.mode === 'before') {
          at = nowOf(1) - 1n;
          desc = 't#1 - 1µs';
        } else if (tg.mode === 'exact') {
          at = nowOf(tg.cmd);
          desc = `t#${tg.cmd}`;
        } else if (tg.cmd < last) {
          at = (nowOf(tg.cmd) + nowOf(tg.cmd + 1)) / 2n;
          desc = `(t#${tg.cmd} + t#${tg.cmd + 1}) / 2`;
        } else {
          at = nowOf(tg.cmd) + 1n;
          desc = `t#${tg.cmd} + 1µs`;
        }
        const index = indexAtTime(m, at);
        t = { ...base, toTime: microsToIso(at), point: endOf(m, index), desc: `${desc} → state after #${index}` };
        break;
      }
      case 'default': {
        const manual = own.filter((c) => c.op === 'manual');
        const c = manual[manual.length - 1];
        if (c === undefined) return { ...base, error: 'P0002', desc: 'no manual checkpoint' };
        t = { ...base, point: { cmd: c.cmd, stmt: c.stmt }, desc: `latest manual, by #${c.cmd}${stmtDesc(c)}` };
        break;
      }
    }
    if (own.length === 0) return { ...t, point: null, error: 'P0002', desc: `${t.desc}; ${this.root} has no history` };
    return t;
  }

  private outcome(m: Readonly<Model>): { t: Resolved; o: RollbackOutcome | null } {
    const t = this.resolve(m);
    if (t.point === null || t.error !== null) return { t, o: null };
    const o = planRollback(statesSince(m, t.point), this.root, this.cascade);
    return { t, o };
  }

  predict(m: Readonly<Model>): Prediction {
    const cur = currentState(m);
    const { t, o } = this.outcome(m);
    const none: Prediction = { ...ok(cur, []), error: t.error };
    if (o === null) return none;
    // A rollback that needs an absent parent fails with 23503, dry run or not;
    // so does one that, without cascade, would delete a root with children.
    if (o.fkViolation !== null || o.childOfDeletedRoot !== null) return { ...none, error: '23503' };
    // A task it writes taking a key held outside the scope: Postgres refuses
    // the write (23505), which a dry run does not make.
    if (this.dryRun) return { ...none, rows: o.steps };
    if (o.keyHeldOutside !== null) return { ...none, error: '23505' };
    return {
      ...ok(o.final, o.checkpoints),
      rows: o.steps,
      reasonPrefix: 'rollback of ',
      rollbackApplied: o.steps.size > 0,
      extra: o.parkable.length > 0
        ? { checkpoints: o.parkable, atLeastOne: o.keyCycle.length > 0 || o.keyOfSurvivorsParent.length > 0 }
        : null,
    };
  }

  protected override describe(m: Readonly<Model>, p: Prediction): string {
    const { t, o } = this.outcome(m);
    const scope = o === null ? '' : `; scope ${o.scope.join(' ')}`;
    const expect =
      p.error !== null
        ? `expects ${p.error}${
            p.error === '23503' && o?.fkViolation != null
              ? ` (${o.fkViolation}'s parent would be absent)`
              : p.error === '23503' && o?.childOfDeletedRoot != null
                ? ` (${o.childOfDeletedRoot} is below the root to delete)`
                : p.error === '23505' && o?.keyHeldOutside != null
                  ? ` (${o.keyHeldOutside.slot} would take the key ${o.keyHeldOutside.holder} holds, outside the scope)`
                  : ''
          }`
        : `expects ${fmtRows(p.rows ?? new Map())}${o !== null && o.keyCycle.length > 0 ? `; key cycle ${o.keyCycle.join(' ')}` : ''}`;
    return `  [${t.desc}${scope}; ${expect}]`;
  }

  protected execute(m: Readonly<Model>, r: Real): Promise<TxResult<Rows>> {
    const t = this.resolve(m);
    return statement(
      r,
      `select ${NOW_US} as now,
              (select json_agg(json_build_object('entity_type', x.entity_type, 'entity_id', x.entity_id, 'action', x.action))
               from rollback_entity($1::text, $2::uuid, $3::uuid, $4::timestamptz, $5::boolean, $6::boolean) x) as rows`,
      [typeOf(this.root), idOf(r, this.root), t.toCheckpoint, t.toTime, this.cascade, this.dryRun],
      failedNow(m),
    );
  }

  override tally(m: Readonly<Model>, p: Prediction): void {
    const { t, o } = this.outcome(m);
    const cur = currentState(m);
    count(`rollback.root.${typeOf(this.root)}`);
    count(`rollback.target.${this.target.kind}${this.target.kind === 'time' ? `.${this.target.mode}` : ''}`);
    count(this.cascade ? 'rollback.cascade' : 'rollback.no-cascade');
    if (this.dryRun) count('rollback.dry-run');
    count(`rollback.outcome.${p.error ?? 'ok'}`);
    if (t.point === null) return;
    if (t.byRollback) count('rollback.target written by a rollback');
    if (t.point.stmt < endOf(m, t.point.cmd).stmt) count('rollback.target inside a multi-statement transaction');
    if (m.history.slice(t.point.cmd + 1).some((h) => h.rollbackApplied)) count('rollback.across an earlier applied rollback');
    if (!stateAt(m, t.point).has(this.root)) count('rollback.root absent at the target');
    if (!cur.has(this.root)) count('rollback.root absent now');
    if (o === null) return;
    if (o.fkViolation !== null && this.dryRun) count('rollback.dry run of one that would fail 23503');
    if (o.childOfDeletedRoot !== null) count('rollback.no-cascade delete of a root with children (23503)');
    if (o.keyHeldOutside !== null && o.fkViolation === null && o.childOfDeletedRoot === null) {
      count(this.dryRun ? 'rollback.dry run of one whose task would take a key held outside the scope' : 'rollback.task would take a key held outside the scope (23505)');
    }
    if (o.scope.length > 1) count('rollback.scope of 2+ entities');
    if (p.error !== null) return;
    if (o.steps.size > 0) count(`rollback.changes something${this.dryRun ? ' (dry run)' : ''}`);
    if (o.keyCycle.length > 0) count(`rollback.undoes a cycle of task keys (swap, rotation)${this.dryRun ? ' (dry run)' : ''}`);
    else if (o.keyWaits.length > 0) count(`rollback.task waits for another to free its key (chain)${this.dryRun ? ' (dry run)' : ''}`);
    if (o.keyOfSurvivorsParent.length > 0) {
      count(`rollback.task takes the key of a task it deletes once an artifact below moved back${this.dryRun ? ' (dry run)' : ''}`);
    }
    for (const [k, a] of o.steps) {
      count(`rows.${a}.${typeOf(k)}`);
      if (a === 'updated' && cur.get(k)?.parent !== o.final.get(k)?.parent) count(`rows.moved back.${typeOf(k)}`);
    }
  }

  /**
   * Exactly: every scope row that exists equals its checkpoint at the target
   * point, to_jsonb for to_jsonb, and the rollback's capture of a row it
   * wrote carries that checkpoint's state_hash.
   */
  protected override async verifyAfter(m: Model, r: Real, p: Prediction, _rows: Rows, prevSeq: bigint): Promise<void> {
    if (this.dryRun || p.error !== null) return;
    // The model now includes this command: resolve against the history before it.
    const before: Model = { history: m.history.slice(0, -1), checkpoints: m.checkpoints.filter((c) => c.cmd < m.history.length - 1) };
    const { t, o } = this.outcome(before);
    if (o === null || t.point === null) return;
    const pointSeq = seqAt(before, t.point);
    const present = o.scope.filter((k) => o.final.has(k));
    const problems: string[] = [];
    for (const x of await exactness(r, present, pointSeq, prevSeq)) {
      if (x.same !== true || x.targetOp === 'delete') {
        problems.push(`${x.slot}: live ${x.live ?? 'absent'} vs target ${x.targetOp ?? 'none'} ${x.target ?? ''}`);
      }
      const action = o.steps.get(x.slot);
      if ((action === 'inserted' || action === 'updated') && x.restoreHash !== x.targetHash) {
        problems.push(`${x.slot}: the rollback's capture has hash ${x.restoreHash ?? 'none'}, the target checkpoint ${x.targetHash ?? 'none'}`);
      }
    }
    if (problems.length > 0) fail(before, r, `#${m.history.length - 1}: rollback is not exact`, problems);
  }

  toString(): string {
    const tg = this.target;
    const target =
      tg.kind === 'checkpoint'
        ? `its ${tg.nth > 0 ? `checkpoint #${tg.nth + 1}` : 'checkpoint'} by #${tg.cmd}`
        : tg.kind === 'foreign'
          ? `${tg.slot}'s checkpoint by #${tg.cmd}`
          : tg.kind === 'time'
            ? tg.mode === 'before'
              ? 'time before #1'
              : tg.mode === 'exact'
                ? `time of #${tg.cmd}`
                : `time after #${tg.cmd}`
            : 'latest manual';
    return `rollback ${this.root} to ${target}${this.cascade ? '' : ' no-cascade'}${this.dryRun ? ' dry-run' : ''}`;
  }
}
