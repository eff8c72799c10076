/**
 * Programs of the model-based revert test (test/revert.model.test.ts): two
 * or three agents, each under its own request id, interleave transactions
 * (mostly of one write, now and then of two or three) of inserts, updates
 * of several columns (moving a row to another parent too) and deletes
 * (cascading) on one plan tree;
 * reverts of one agent's unit (by request id or trace id), of one of its
 * transactions or of an earlier revert (by transaction id) under abort,
 * skip or overwrite, each first as a dry run.
 *
 * Programs are generated as raw choices and resolved against the model
 * (test/model/units.ts), so that fast-check shrinks the choices and a
 * printed program reads as what it does.
 */
import fc from 'fast-check';
import {
  ARTIFACT_SLOTS,
  PLAN_SLOTS,
  TASK_SLOTS,
  deleteRow,
  insertRow,
  keyHolder,
  typeOf,
  updateRow,
  withDefaults,
  type EntityType,
  type Slot,
  type State,
  type Value,
} from './model.ts';
import { commit, newWorld, predictRevert, type Policy, type Unit, type World } from './units.ts';

/** The columns an agent writes, and the values it picks from (few: agents often write the same value). */
export const COLUMNS: Record<EntityType, Record<string, readonly Value[]>> = {
  plan: { title: ['alpha', 'beta', 'gamma'], status: ['draft', 'running', 'failed'] },
  task: { title: ['t1', 't2', 't3'], position: [null, 1, 2], status: ['pending', 'running', 'done'], error: [null, 'e1', 'e2'] },
  artifact: { name: ['n1', 'n2', 'n3'], content: [null, 'c1', 'c2'] },
};

export const TABLE: Record<EntityType, string> = { plan: 'plans', task: 'tasks', artifact: 'artifacts' };

export type Write =
  | { kind: 'insert'; agent: number; slot: Slot; data: Record<string, Value> }
  | { kind: 'update'; agent: number; slot: Slot; patch: Record<string, Value>; moveTo?: Slot }
  | { kind: 'delete'; agent: number; slot: Slot };

export interface Revert {
  kind: 'revert';
  /**
   * an agent's unit (`a<i>`), the transaction of an earlier write (`t<k>`:
   * of command #k) or of an earlier real revert (`r<k>`)
   */
  unit: Unit;
  /** an agent's unit by its trace id rather than its request id */
  byTrace: boolean;
  policy: Policy;
  /** a dry run only (a dry run always goes first) */
  dryOnly: boolean;
}

/** One transaction of an agent: one write mostly, now and then two or three. */
export interface Transaction {
  kind: 'transaction';
  agent: number;
  writes: Write[];
}

export type Command = Transaction | Revert;

export interface Program {
  agents: number;
  tree: ReadonlyMap<Slot, Slot | null>;
  commands: Command[];
}

export function agentUnit(agent: number): Unit {
  return `a${agent}`;
}

/** The units a write of command #k (1-based) belongs to: its agent's and its transaction's. */
export function writeUnits(agent: number, k: number): Unit[] {
  return [agentUnit(agent), `t${k}`];
}

function fmtValues(v: Readonly<Record<string, Value>>): string {
  return Object.entries(v)
    .map(([k, x]) => `${k}=${JSON.stringify(x)}`)
    .join(' ');
}

export function formatCommand(c: Command | Write): string {
  switch (c.kind) {
    case 'insert':
      return `a${c.agent}: insert ${c.slot} {${fmtValues(c.data)}}`;
    case 'update':
      return `a${c.agent}: update ${c.slot} set {${fmtValues(c.patch)}}${c.moveTo === undefined ? '' : ` moving it to ${c.moveTo}`}`;
    case 'delete':
      return `a${c.agent}: delete ${c.slot}`;
    case 'transaction':
      return c.writes.length === 1 ? formatCommand(c.writes[0] as Write) : `a${c.agent}: begin; ${c.writes.map((x) => formatCommand(x).slice(4)).join('; ')}; commit`;
    case 'revert':
      return `revert ${c.unit}${c.byTrace && c.unit.startsWith('a') ? ' (by trace id)' : ''} on_conflict ${c.policy}${c.dryOnly ? ' (dry run only)' : ''}`;
  }
}

export function formatProgram(p: Program): string {
  const tree = [...p.tree]
    .filter(([, parent]) => parent !== null)
    .map(([k, parent]) => `${k}<${String(parent)}`)
    .join(' ');
  return [`${p.agents} agents; tree ${tree}`, ...p.commands.map((c, i) => `  #${i + 1} ${formatCommand(c)}`)].join('\n');
}

/** The state a write leaves (`now`: its transaction's now()). */
export function applyWrite(w: Readonly<World>, c: Write, now: bigint): State {
  const parent = w.tree.get(c.slot) ?? null;
  switch (c.kind) {
    case 'insert':
      return insertRow(w.live, c.slot, parent, withDefaults(typeOf(c.slot), c.data), now);
    case 'update':
      return updateRow(w.live, c.slot, c.patch, c.moveTo ?? w.live.get(c.slot)?.parent ?? parent, now);
    case 'delete':
      return deleteRow(w.live, c.slot).state;
  }
}

/**
 * A transaction of an agent in the model: its writes in order (one now());
 * null when one of them takes a task key (plan_id, position) another task
 * holds (23505: the transaction changes nothing). Returns the checkpoints
 * it writes.
 */
export function runInModel(w: World, t: Transaction, now: bigint, units: readonly Unit[]): Array<{ slot: Slot; op: string }> | null {
  const states: State[] = [];
  let live = w.live;
  for (const x of t.writes) {
    const next = applyWrite({ ...w, live }, x, now);
    if (x.kind !== 'delete' && keyHolder(next, x.slot) !== null) return null;
    states.push(next);
    live = next;
  }
  return states.flatMap((s) => commit(w, s, units));
}

// ---------------------------------------------------------------------------
// Generation

interface Raw {
  kind: 'insert' | 'update' | 'delete' | 'revert' | 'swap';
  agent: number;
  /** which type: 0-1 plan, 2-5 task, 6-9 artifact (else any) */
  type: number;
  pick: number;
  /** update: which columns (bit i: the i-th column) */
  mask: number;
  values: number[];
  /** update: moves the row when 0 or 1 */
  move: number;
  /** a transaction: this write and the next (writes) */
  batch: number;
  target: number;
  policy: Policy;
  dryOnly: boolean;
  byTrace: boolean;
}

const raw: fc.Arbitrary<Raw> = fc.record({
  kind: fc.oneof(
    { weight: 8, arbitrary: fc.constant('insert' as const) },
    { weight: 9, arbitrary: fc.constant('update' as const) },
    { weight: 3, arbitrary: fc.constant('delete' as const) },
    { weight: 2, arbitrary: fc.constant('revert' as const) },
    { weight: 2, arbitrary: fc.constant('swap' as const) },
  ),
  agent: fc.nat(2),
  type: fc.nat(11),
  pick: fc.nat(31),
  mask: fc.nat(15),
  values: fc.array(fc.nat(2), { minLength: 4, maxLength: 4 }),
  move: fc.nat(4),
  batch: fc.oneof({ weight: 5, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 3 }) }),
  target: fc.nat(7),
  policy: fc.constantFrom<Policy>('abort', 'skip', 'overwrite'),
  dryOnly: fc.boolean(),
  byTrace: fc.boolean(),
});

function byType(slots: readonly Slot[], type: number): Slot[] {
  const want: EntityType | null = type < 2 ? 'plan' : type < 6 ? 'task' : type < 10 ? 'artifact' : null;
  const of = slots.filter((s) => typeOf(s) === want);
  return want === null || of.length === 0 ? [...slots] : of;
}

function pick<T>(xs: readonly T[], n: number): T | undefined {
  return xs.length === 0 ? undefined : xs[n % xs.length];
}

function valuesFor(slot: Slot, x: Raw, cols: readonly string[]): Record<string, Value> {
  const domain = COLUMNS[typeOf(slot)];
  const out: Record<string, Value> = {};
  cols.forEach((k, i) => {
    out[k] = domain[k]?.[(x.values[i] ?? 0) % 3] ?? null;
  });
  return out;
}

function resolve(w: Readonly<World>, x: Raw, agents: number, reverts: readonly Unit[], writes: readonly Unit[]): Write | Revert | null {
  const live = [...w.live.keys()];
  const agent = x.agent % agents;
  // Nothing to update or delete yet: an insert; nothing written yet: mostly
  // no revert either.
  if ((x.kind === 'update' || x.kind === 'delete') && live.length === 0) return resolve(w, { ...x, kind: 'insert' }, agents, reverts, writes);
  if (x.kind === 'revert' && w.events.size === 0 && x.target !== 0) return resolve(w, { ...x, kind: 'insert' }, agents, reverts, writes);
  switch (x.kind) {
    case 'swap':
      // (no two tasks to swap: an update)
      return resolve(w, { ...x, kind: 'update' }, agents, reverts, writes);
    case 'insert': {
      const free = [...PLAN_SLOTS, ...TASK_SLOTS, ...ARTIFACT_SLOTS].filter((s) => {
        const parent = w.tree.get(s) ?? null;
        return !w.live.has(s) && (parent === null || w.live.has(parent));
      });
      const slot = pick(byType(free, x.type), x.pick);
      if (slot === undefined) return null;
      // a task's error is left to updates (it has no value on insert)
      const cols = Object.keys(COLUMNS[typeOf(slot)]).filter((k) => k !== 'error');
      const data = valuesFor(slot, x, cols);
      // A task takes, two times in three, a position free in its plan (keyed
      // tasks to swap; the others mostly collide: 23505).
      const plan = w.tree.get(slot) ?? null;
      const held = [...w.live].filter(([k, row]) => typeOf(k) === 'task' && row.parent === plan).map(([, row]) => row.data.position);
      const freePosition = (COLUMNS.task.position ?? []).find((v) => v !== null && !held.includes(v));
      if (typeOf(slot) === 'task' && freePosition !== undefined && (x.values[1] ?? 0) % 3 !== 0) data.position = freePosition;
      return { kind: 'insert', agent, slot, data };
    }
    case 'update': {
      // Mostly a row another agent changed (merges and conflicts need rows
      // that several agents change).
      const others = live.filter((k) => (w.events.get(k) ?? []).some((e) => !e.units.includes(agentUnit(agent))));
      const slot = pick(x.target % 4 !== 0 && others.length > 0 ? others : byType(live, x.type), x.pick);
      if (slot === undefined) return null;
      const all = Object.keys(COLUMNS[typeOf(slot)]);
      const cols = all.filter((_, i) => (x.mask >> i) & 1);
      // No column chosen: the first one set to its own value (only
      // updated_at changes).
      const first = all[0] ?? 'title';
      const patch = cols.length > 0 ? valuesFor(slot, x, cols) : { [first]: w.live.get(slot)?.data[first] ?? null };
      // Two times in five a task or an artifact moves to another live parent.
      const parent = w.live.get(slot)?.parent ?? null;
      const to = parent === null || x.move > 1 ? [] : live.filter((k) => k !== parent && typeOf(k) === typeOf(parent));
      const moveTo = pick(to, x.pick >> 2);
      return moveTo === undefined ? { kind: 'update', agent, slot, patch } : { kind: 'update', agent, slot, patch, moveTo };
    }
    case 'delete': {
      const slot = pick(byType(live, x.type), x.pick);
      return slot === undefined ? null : { kind: 'delete', agent, slot };
    }
    case 'revert': {
      // Mostly an agent that changed something (now and then one that did
      // not: P0002); one time in four an earlier revert, one in four a
      // transaction of an agent.
      const busy = Array.from({ length: agents }, (_, i) => agentUnit(i)).filter((u) =>
        [...w.events.values()].some((evs) => evs.some((e) => e.units.includes(u))),
      );
      const t = x.target % 4;
      const unit =
        t === 3 && reverts.length > 0
          ? (pick(reverts, x.pick) ?? agentUnit(agent))
          : t === 2 && writes.length > 0
            ? (pick(writes, x.pick) ?? agentUnit(agent))
            : x.target !== 0 && busy.length > 0
              ? (pick(busy, x.agent) ?? agentUnit(agent))
              : agentUnit(agent);
      return { kind: 'revert', unit, byTrace: x.byTrace, policy: x.policy, dryOnly: x.dryOnly };
    }
  }
}

/**
 * Two tasks of one plan exchange their positions (the unique key): one
 * transaction of three updates, the first task parked at null on the way.
 */
function swap(w: Readonly<World>, x: Raw, agents: number): Transaction | null {
  const keyed = [...w.live].filter(([k, row]) => typeOf(k) === 'task' && typeof row.data.position === 'number');
  const pairs = keyed.flatMap(([a, ra]) => keyed.filter(([b, rb]) => b !== a && rb.parent === ra.parent).map(([b, rb]) => ({ a, b, pa: ra.data.position ?? null, pb: rb.data.position ?? null })));
  const p = pick(pairs, x.pick);
  if (p === undefined) return null;
  const agent = x.agent % agents;
  const update = (slot: Slot, position: Value): Write => ({ kind: 'update', agent, slot, patch: { position } });
  return { kind: 'transaction', agent, writes: [update(p.a, null), update(p.b, p.pa), update(p.a, p.pb)] };
}

/**
 * Runs a command in the model with a made-up now() (the k-th command at k
 * s), to resolve the next raw choices in the state it leaves.
 */
export function simulate(w: World, c: Command, index: number, reverts: Unit[], writes: Unit[]): void {
  if (c.kind === 'transaction') {
    if ((runInModel(w, c, BigInt(index) * 1_000_000n, writeUnits(c.agent, index))?.length ?? 0) > 0) writes.push(`t${index}`);
    return;
  }
  const p = predictRevert(w, c.unit, c.policy, c.dryOnly);
  if (p.kind === 'ok' && !c.dryOnly) {
    const unit = `r${index}`;
    if (commit(w, p.state, [unit]).length > 0) reverts.push(unit);
  }
}

function build(agents: number, parents: { tasks: number[]; artifacts: number[] }, raws: readonly Raw[], last: Raw): Program {
  const tree = new Map<Slot, Slot | null>();
  for (const p of PLAN_SLOTS) tree.set(p, null);
  TASK_SLOTS.forEach((t, i) => tree.set(t, PLAN_SLOTS[(parents.tasks[i] ?? 0) % PLAN_SLOTS.length] ?? 'P0'));
  ARTIFACT_SLOTS.forEach((a, i) => tree.set(a, TASK_SLOTS[(parents.artifacts[i] ?? 0) % TASK_SLOTS.length] ?? 'T0'));
  const w = newWorld(tree);
  const reverts: Unit[] = [];
  const writes: Unit[] = [];
  const commands: Command[] = [];
  // The last command is always a real revert.
  const all = [...raws, { ...last, kind: 'revert' as const, dryOnly: false }];
  for (let i = 0; i < all.length; i++) {
    const x = all[i] as Raw;
    let c: Command | null;
    const swapped = x.kind === 'swap' ? swap(w, x, agents) : null;
    if (swapped !== null) {
      c = swapped;
    } else if (x.kind === 'revert') {
      const r = resolve(w, x, agents, reverts, writes);
      c = r?.kind === 'revert' ? r : null;
    } else {
      // This write and, in a transaction, the next raw writes (by the same
      // agent), each resolved in the state the previous ones leave.
      const scratch: World = { tree: w.tree, live: w.live, events: new Map([...w.events].map(([k, v]) => [k, [...v]])) };
      const parts: Write[] = [];
      for (let j = i; j < Math.min(all.length - 1, i + x.batch); j++) {
        const y = all[j] as Raw;
        const part = y.kind === 'revert' ? null : resolve(scratch, { ...y, agent: x.agent }, agents, reverts, writes);
        if (part === null || part.kind === 'revert') continue;
        parts.push(part);
        commit(scratch, applyWrite(scratch, part, 0n), []);
      }
      i += Math.max(0, Math.min(all.length - 1, i + x.batch) - i - 1);
      c = parts.length === 0 ? null : { kind: 'transaction', agent: x.agent % agents, writes: parts };
    }
    if (c === null) continue;
    commands.push(c);
    simulate(w, c, commands.length, reverts, writes);
  }
  const program = { agents, tree, commands };
  // fast-check prints a counterexample with this
  return Object.assign(program, { [fc.toStringMethod]: () => formatProgram(program) });
}

/** Programs of up to `maxCommands` raw choices (and a final revert) over 3 plans, 5 tasks, 6 artifacts. */
export function programs(maxCommands: number): fc.Arbitrary<Program> {
  return fc
    .record({
      agents: fc.integer({ min: 2, max: 3 }),
      tasks: fc.array(fc.nat(2), { minLength: TASK_SLOTS.length, maxLength: TASK_SLOTS.length }),
      artifacts: fc.array(fc.nat(4), { minLength: ARTIFACT_SLOTS.length, maxLength: ARTIFACT_SLOTS.length }),
      raws: fc.noBias(fc.array(raw, { minLength: 1, maxLength: maxCommands, size: 'max' })),
      last: raw,
    })
    .map((r) => build(r.agents, { tasks: r.tasks, artifacts: r.artifacts }, r.raws, r.last));
}
