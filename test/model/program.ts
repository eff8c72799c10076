/**
 * Random programs, valid by construction: a list of raw choices (numbers) is
 * turned into explicit commands by running them, one after the other, in the
 * model itself (with now() = k seconds). Every insert finds an absent slot and
 * a present parent, every move a new parent, every rollback a target that
 * exists; shrinking removes or simplifies raw choices and the program is
 * rebuilt, so a shrunk program is still valid.
 *
 * The unique key on tasks (plan_id, position) is kept at stake: positions
 * come from a small range, swaps and replacements of tasks move keys
 * around, and rollbacks often return to just before a key changed (see
 * undoKey).
 */
import fc from 'fast-check';
import {
  CreateCheckpoint,
  Delete,
  InsertArtifact,
  InsertPlan,
  InsertTask,
  Move,
  Replace,
  Rollback,
  Swap,
  Transaction,
  Update,
  WriteCommand,
  type ModelCommand,
  type Target,
  type TaskKey,
} from './commands.ts';
import {
  ARTIFACT_SLOTS,
  PLAN_SLOTS,
  PLAN_STATUSES,
  TASK_SLOTS,
  TASK_STATUSES,
  currentState,
  newModel,
  taskKey,
  typeOf,
  type ArtifactSlot,
  type Model,
  type PlanSlot,
  type Slot,
  type State,
  type TaskSlot,
  type Value,
} from './model.ts';

type Kind =
  | 'insertPlan'
  | 'insertTask'
  | 'insertArtifact'
  | 'update'
  | 'moveTask'
  | 'moveArtifact'
  | 'swap'
  /** a new task takes a task's position, its artifacts move over */
  | 'replace'
  | 'delete'
  | 'checkpoint'
  | 'rollback'
  /** a rollback to just before a change of a task's key, of the task or of its plan */
  | 'undoKey';
type TargetKind = 'checkpoint' | 'exact' | 'between' | 'before' | 'default' | 'foreign';

interface Raw {
  kind: Kind;
  /** which slot / entity */
  a: number;
  /** which parent / type / target */
  b: number;
  /** which checkpoint / time */
  c: number;
  target: TargetKind;
  cascade: boolean;
  dryRun: boolean;
  /** 2 or 3: this write and the next ones form one transaction */
  batch: number;
  /** that transaction's statements are sent as one query string */
  oneMessage: boolean;
  /** a write of a task's key: 0 takes it even when held (23505); else a free one is preferred */
  collide: number;
  title: string;
  name: string;
  planStatus: string | null;
  taskStatus: string | null;
  position: number | null;
  content: string | null;
  patch: Record<string, Value>;
}

const kind = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Kind>('insertPlan') },
  { weight: 9, arbitrary: fc.constant<Kind>('insertTask') },
  { weight: 10, arbitrary: fc.constant<Kind>('insertArtifact') },
  { weight: 7, arbitrary: fc.constant<Kind>('update') },
  { weight: 10, arbitrary: fc.constant<Kind>('moveTask') },
  { weight: 10, arbitrary: fc.constant<Kind>('moveArtifact') },
  { weight: 18, arbitrary: fc.constant<Kind>('swap') },
  { weight: 6, arbitrary: fc.constant<Kind>('replace') },
  { weight: 7, arbitrary: fc.constant<Kind>('delete') },
  { weight: 6, arbitrary: fc.constant<Kind>('checkpoint') },
  { weight: 24, arbitrary: fc.constant<Kind>('rollback') },
  { weight: 26, arbitrary: fc.constant<Kind>('undoKey') },
);

const targetKind = fc.oneof(
  { weight: 10, arbitrary: fc.constant<TargetKind>('checkpoint') },
  { weight: 3, arbitrary: fc.constant<TargetKind>('exact') },
  { weight: 3, arbitrary: fc.constant<TargetKind>('between') },
  { weight: 1, arbitrary: fc.constant<TargetKind>('before') },
  { weight: 3, arbitrary: fc.constant<TargetKind>('default') },
  { weight: 1, arbitrary: fc.constant<TargetKind>('foreign') },
);

const title = fc.constantFrom('alpha', 'beta', 'gamma');
/** Positions from a small range (the unique key (plan_id, position) is then often at stake). */
const MAX_POSITION = 2;
const position = fc.option(fc.integer({ min: 0, max: MAX_POSITION }), { nil: null, freq: 4 });
const patch = fc.record(
  {
    title,
    status: fc.constantFrom<string>(...PLAN_STATUSES, ...TASK_STATUSES),
    position,
    name: fc.constantFrom('out.txt', 'log'),
    content: fc.option(fc.constantFrom('x', 'y'), { nil: null }),
  },
  { requiredKeys: [] },
);

const raw: fc.Arbitrary<Raw> = fc.record({
  kind,
  a: fc.nat(999),
  b: fc.nat(999),
  c: fc.nat(999),
  target: targetKind,
  cascade: fc.nat(3).map((n) => n !== 0), // 3 in 4
  dryRun: fc.nat(5).map((n) => n === 0), // 1 in 6
  batch: fc.nat(7).map((n) => (n === 0 ? 2 : n === 1 ? 3 : 1)), // a transaction of 2 or 3 writes 1 in 4
  oneMessage: fc.boolean(),
  collide: fc.nat(3), // 1 in 4
  title,
  name: fc.constantFrom('out.txt', 'log', 'diff'),
  planStatus: fc.option(fc.constantFrom<string>(...PLAN_STATUSES), { nil: null }),
  taskStatus: fc.option(fc.constantFrom<string>(...TASK_STATUSES), { nil: null }),
  position,
  content: fc.option(fc.constantFrom('x', 'y', 'z'), { nil: null }),
  patch,
});

function pick<T>(xs: readonly T[], n: number): T | undefined {
  return xs.length === 0 ? undefined : xs[n % xs.length];
}

/** A slot among `slots`, choosing the entity type first (so plans are not outnumbered by artifacts). */
function pickByType(slots: readonly Slot[], typeChoice: number, n: number): Slot | undefined {
  const types = (['plan', 'task', 'artifact'] as const).filter((t) => slots.some((s) => typeOf(s) === t));
  const type = pick(types, typeChoice);
  return pick(
    slots.filter((s) => typeOf(s) === type),
    n,
  );
}

/** A valid status for the slot's type, from a patch that may carry either kind. */
function patchFor(slot: Slot, p: Readonly<Record<string, Value>>): Record<string, Value> {
  const out: Record<string, Value> = { ...p };
  const st = p.status;
  if (typeof st === 'string') {
    const ok = typeOf(slot) === 'plan' ? (PLAN_STATUSES as readonly string[]).includes(st) : (TASK_STATUSES as readonly string[]).includes(st);
    if (!ok) delete out.status;
  }
  return out;
}

function isPlanSlot(s: Slot): s is PlanSlot {
  return (PLAN_SLOTS as readonly Slot[]).includes(s);
}

function isPlanStatus(s: string | null): s is (typeof PLAN_STATUSES)[number] {
  return s !== null && (PLAN_STATUSES as readonly string[]).includes(s);
}
function isTaskStatus(s: string | null): s is (typeof TASK_STATUSES)[number] {
  return s !== null && (TASK_STATUSES as readonly string[]).includes(s);
}

/** Whether a task other than `slot` holds (plan, position) in `s`. */
function held(s: State, plan: Slot, pos: number, slot: Slot): boolean {
  return [...s].some(([k, row]) => k !== slot && taskKey(k, row) === `${plan}/${pos}`);
}

/**
 * The position a write of a task's key uses: the chosen one, but (3 in 4,
 * unless `collide` is 0) when another task of the plan holds it, the first
 * free one from there (when there is one): collisions happen, yet most
 * writes succeed.
 */
function positionFor(s: State, plan: Slot, slot: Slot, want: Value | undefined, collide: number): Value | undefined {
  if (typeof want !== 'number' || collide === 0 || !held(s, plan, want, slot)) return want;
  for (let i = 1; i <= MAX_POSITION + 1; i++) {
    const pos = (want + i) % (MAX_POSITION + 2);
    if (!held(s, plan, pos, slot)) return pos;
  }
  return want;
}

/** A change of a task's key (plan_id, position) by a command; `moved`: the task had a key before and after. */
interface KeyEvent {
  cmd: number;
  task: TaskSlot;
  moved: boolean;
}

/** The commands that changed a task's key, with the task. */
function keyEvents(m: Readonly<Model>): KeyEvent[] {
  const out: KeyEvent[] = [];
  for (let k = 1; k < m.history.length; k++) {
    const before = m.history[k - 1]?.state;
    const after = m.history[k]?.state;
    if (before === undefined || after === undefined) continue;
    for (const t of TASK_SLOTS) {
      const kb = taskKey(t, before.get(t));
      const ka = taskKey(t, after.get(t));
      if (kb !== ka) out.push({ cmd: k, task: t, moved: kb !== null && ka !== null });
    }
  }
  return out;
}

/** Events of commands that moved two keys or more (a swap, an exchange between plans, a rollback that undid one). */
function swapEvents(events: readonly KeyEvent[]): KeyEvent[] {
  return events.filter((y) => y.moved && events.some((z) => z.cmd === y.cmd && z.moved && z.task !== y.task));
}

/**
 * A rollback that undoes a change of a task's key, to the time of the
 * command before it (or to the root's latest checkpoint before it), in one
 * of three ways:
 *   swap   (mostly, when there was one) of the plan a task was in, after a
 *          command that moved two keys or more: the keys are then taken by
 *          each other inside the scope (a cycle to undo);
 *   taken  of the task, or the plan it went to, after a change of its key
 *          that another task has taken since (outside the scope: 23505);
 *   any    of the task or a plan it was in, after any change of its key.
 */
function undoKey(m: Readonly<Model>, x: Raw): Rollback | null {
  const events = keyEvents(m);
  const swaps = swapEvents(events);
  const cur = currentState(m);
  const taken = events.filter((y) => {
    const k = taskKey(y.task, m.history[y.cmd - 1]?.state.get(y.task));
    return k !== null && [...cur].some(([t, row]) => t !== y.task && taskKey(t, row) === k);
  });
  const latest = swaps[swaps.length - 1]?.cmd;
  const mode = x.c % 4 !== 0 && latest !== undefined ? 'swap' : taken.length > 0 && x.c % 8 !== 0 ? 'taken' : 'any';
  const e = pick(mode === 'swap' ? swaps.filter((y) => x.c % 4 === 3 || y.cmd === latest) : mode === 'taken' ? taken : events, x.c >> 3);
  if (e === undefined) return null;
  const before = m.history[e.cmd - 1]?.state.get(e.task)?.parent ?? null;
  const after = m.history[e.cmd]?.state.get(e.task)?.parent ?? null;
  const roots = (mode === 'swap' ? [before, after] : mode === 'taken' ? [e.task, after] : [e.task, before, after]).filter(
    (r, i, all): r is Slot => r !== null && all.indexOf(r) === i,
  );
  const root = pick(roots, x.b) ?? e.task;
  const own = m.checkpoints.filter((c) => c.slot === root && c.cmd < e.cmd);
  const c = own[own.length - 1];
  // A plan's own checkpoints are mostly old (its insert): mostly a time for it.
  if (c !== undefined && (x.a % (typeOf(root) === 'plan' ? 5 : 2) === 0 || e.cmd < 2)) {
    return new Rollback(root, { kind: 'checkpoint', cmd: c.cmd, nth: own.filter((y) => y.cmd === c.cmd).indexOf(c) }, x.cascade, x.dryRun);
  }
  return e.cmd < 2 ? null : new Rollback(root, { kind: 'time', mode: 'exact', cmd: e.cmd - 1 }, x.cascade, x.dryRun);
}

function rollbackTarget(m: Readonly<Model>, root: Slot, x: Raw): Target | null {
  const n = m.history.length - 1;
  const own = m.checkpoints.filter((c) => c.slot === root);
  switch (x.target) {
    case 'checkpoint': {
      // One time in three, a checkpoint a rollback wrote (when there is one).
      const byRollback = own.filter((c) => c.byRollback);
      const c = pick(x.b % 3 === 0 && byRollback.length > 0 ? byRollback : own, x.c);
      if (c === undefined) return null;
      return { kind: 'checkpoint', cmd: c.cmd, nth: own.filter((y) => y.cmd === c.cmd).indexOf(c) };
    }
    case 'exact':
    case 'between':
    case 'before':
      return n === 0 ? null : { kind: 'time', mode: x.target, cmd: 1 + (x.c % n) };
    case 'default':
      // Mostly when there is a manual checkpoint; now and then without (P0002).
      if (own.some((c) => c.op === 'manual') || x.c % 4 === 0) return { kind: 'default' };
      return rollbackTarget(m, root, { ...x, target: 'checkpoint' });
    case 'foreign': {
      const c = pick(
        m.checkpoints.filter((y) => y.slot !== root),
        x.c,
      );
      return c === undefined ? null : { kind: 'foreign', slot: c.slot, cmd: c.cmd };
    }
  }
}

/** The explicit command a raw choice means in state `m`, or null when it means nothing there. */
function resolve(m: Readonly<Model>, x: Raw): ModelCommand | null {
  const s = currentState(m);
  const present = [...s.keys()];
  const absent = <T extends Slot>(slots: readonly T[]): T[] => slots.filter((k) => !s.has(k));
  const presentOf = <T extends Slot>(slots: readonly T[]): T[] => slots.filter((k) => s.has(k));
  switch (x.kind) {
    case 'insertPlan': {
      const slot = pick(absent(PLAN_SLOTS), x.a);
      return slot === undefined ? null : new InsertPlan(slot, x.title, isPlanStatus(x.planStatus) ? x.planStatus : null);
    }
    case 'insertTask': {
      const slot = pick(absent(TASK_SLOTS), x.a);
      const plan = pick(presentOf(PLAN_SLOTS), x.b);
      if (slot === undefined || plan === undefined) return null;
      const pos = positionFor(s, plan, slot, x.position, x.collide);
      return new InsertTask(slot, plan, x.title, typeof pos === 'number' ? pos : null, isTaskStatus(x.taskStatus) ? x.taskStatus : null);
    }
    case 'insertArtifact': {
      const slot = pick(absent(ARTIFACT_SLOTS), x.a);
      const task = pick(presentOf(TASK_SLOTS), x.b);
      if (slot === undefined || task === undefined) return null;
      return new InsertArtifact(slot, task, x.name, x.content);
    }
    case 'update': {
      const slot = pickByType(present, x.b, x.a);
      if (slot === undefined) return null;
      const p = patchFor(slot, x.patch);
      const plan = s.get(slot)?.parent;
      if (typeOf(slot) === 'task' && plan != null && 'position' in p) {
        const pos = positionFor(s, plan, slot, p.position, x.collide);
        if (pos !== undefined) p.position = pos;
      }
      return new Update(slot, p);
    }
    case 'moveTask': {
      const slot = pick(presentOf(TASK_SLOTS), x.a);
      const row = slot === undefined ? undefined : s.get(slot);
      if (slot === undefined || row === undefined) return null;
      const others = presentOf(PLAN_SLOTS).filter((p): p is PlanSlot => p !== row.parent);
      // The task keeps its position: mostly into a plan where it is free.
      const pos = row.data.position;
      const free = typeof pos === 'number' ? others.filter((p) => !held(s, p, pos, slot)) : others;
      const to = pick(x.collide === 0 || free.length === 0 ? others : free, x.b);
      return to === undefined ? null : new Move(slot, to);
    }
    case 'swap': {
      // Two tasks with a position: in one plan mostly, else between two.
      const keyed = presentOf(TASK_SLOTS).flatMap((t): Array<[TaskSlot, TaskKey]> => {
        const row = s.get(t);
        const pos = row?.data.position;
        const plan = row?.parent;
        return typeof pos === 'number' && plan !== undefined && plan !== null && isPlanSlot(plan) ? [[t, { plan, position: pos }]] : [];
      });
      const pairs = keyed.flatMap(([a, ka]) => keyed.filter(([b]) => b !== a).map(([b, kb]) => ({ a, b, ka, kb })));
      const same = pairs.filter((pr) => pr.ka.plan === pr.kb.plan);
      const pair = pick(x.b % 3 !== 0 && same.length > 0 ? same : pairs, x.a);
      if (pair !== undefined) return new Swap(pair.a, pair.b, pair.ka, pair.kb, x.oneMessage);
      // No two tasks to swap yet: a task with a free position in a plan that
      // has one (or any plan), for a later swap.
      const slot = pick(absent(TASK_SLOTS), x.a);
      const plans = presentOf(PLAN_SLOTS);
      const withKey = plans.filter((p) => keyed.some(([, k]) => k.plan === p));
      const plan = pick(withKey.length > 0 ? withKey : plans, x.b);
      if (slot === undefined || plan === undefined) return null;
      const pos = positionFor(s, plan, slot, x.c % (MAX_POSITION + 1), 1);
      return new InsertTask(slot, plan, x.title, typeof pos === 'number' ? pos : null, null);
    }
    case 'replace': {
      // A task with a position (mostly one with artifacts), by an absent slot.
      const keyed = presentOf(TASK_SLOTS).filter((t) => taskKey(t, s.get(t)) !== null);
      const withArtifacts = keyed.filter((t) => present.some((a) => s.get(a)?.parent === t));
      const old = pick(x.b % 4 !== 0 && withArtifacts.length > 0 ? withArtifacts : keyed, x.a);
      const by = pick(absent(TASK_SLOTS), x.c);
      const row = old === undefined ? undefined : s.get(old);
      const pos = row?.data.position;
      const plan = row?.parent;
      if (old === undefined || by === undefined || typeof pos !== 'number' || plan == null || !isPlanSlot(plan)) return null;
      const artifacts = presentOf(ARTIFACT_SLOTS).filter((a) => s.get(a)?.parent === old);
      return new Replace(old, by, { plan, position: pos }, artifacts, x.title, x.oneMessage);
    }
    case 'moveArtifact': {
      const slot = pick(presentOf(ARTIFACT_SLOTS), x.a);
      if (slot === undefined) return null;
      const to = pick(
        presentOf(TASK_SLOTS).filter((t): t is TaskSlot => t !== s.get(slot)?.parent),
        x.b,
      );
      return to === undefined ? null : new Move(slot as ArtifactSlot, to);
    }
    case 'delete': {
      const slot = pickByType(present, x.b, x.a);
      return slot === undefined ? null : new Delete(slot);
    }
    case 'checkpoint': {
      const slot = pickByType(present, x.b, x.a);
      return slot === undefined ? null : new CreateCheckpoint(slot);
    }
    case 'undoKey':
      return undoKey(m, x);
    case 'rollback': {
      // Right after a command that moved two keys or more, two in three undo it.
      const last = m.history.length - 1;
      if (x.a % 3 !== 0 && swapEvents(keyEvents(m)).some((y) => y.cmd === last)) {
        const undo = undoKey(m, { ...x, c: (x.c & ~3) | 1 });
        if (undo !== null) return undo;
      }
      // Mostly entities with a history; now and then one without (P0002).
      const withHistory = [...new Set(m.checkpoints.map((c) => c.slot))];
      const root = x.a % 25 === 0 ? pickByType([...PLAN_SLOTS, ...TASK_SLOTS, ...ARTIFACT_SLOTS], x.b, x.c) : pickByType(withHistory, x.b, x.a);
      if (root === undefined) return null;
      const target = rollbackTarget(m, root, x);
      return target === null ? null : new Rollback(root, target, x.cascade, x.dryRun);
    }
  }
}

/** When a choice means nothing in a state (an insert with no parent yet, ...), the first of these that does. */
const FALLBACK: readonly Kind[] = ['insertTask', 'insertArtifact', 'insertPlan', 'update', 'checkpoint', 'rollback'];

/** Kinds that are a command of their own, never a statement of a transaction. */
const ALONE: readonly Kind[] = ['rollback', 'undoKey', 'swap', 'replace'];

/** The command a raw choice means, or the first fallback that means something (starting at a place it chooses). */
function resolveOrFallback(m: Readonly<Model>, x: Raw, writesOnly: boolean): ModelCommand | null {
  const kinds = [x.kind, ...FALLBACK.slice(x.c % FALLBACK.length), ...FALLBACK].filter((k) => !writesOnly || !ALONE.includes(k));
  for (const kind of kinds) {
    const cmd = resolve(m, { ...x, kind });
    if (cmd !== null && cmd.check(m)) return cmd;
  }
  return null;
}

/** Builds the explicit program: each raw choice is resolved in the state the previous ones left. */
export function build(raws: readonly Raw[], maxCommands: number): ModelCommand[] {
  const m = newModel(0n);
  const seq = { next: 1n };
  const out: ModelCommand[] = [];
  for (let i = 0; i < raws.length && out.length < maxCommands; i++) {
    const x = raws[i];
    if (x === undefined) break;
    let cmd: ModelCommand | null;
    if (x.batch > 1 && !ALONE.includes(x.kind)) {
      // A transaction: this write and the next raw choices, each resolved in
      // the state the previous writes of the transaction leave.
      const parts: WriteCommand[] = [];
      const mm = newModel(0n);
      mm.history = [...m.history];
      mm.checkpoints = [...m.checkpoints];
      for (let j = i; j < Math.min(raws.length, i + x.batch); j++) {
        const y = raws[j];
        const part = y === undefined ? null : resolveOrFallback(mm, y, true);
        if (part instanceof WriteCommand) {
          parts.push(part);
          part.simulate(mm, { next: 0n });
        }
      }
      i += x.batch - 1;
      cmd = parts.length > 1 ? new Transaction(parts, x.oneMessage) : (parts[0] ?? null);
      if (cmd !== null && !cmd.check(m)) cmd = null;
    } else {
      cmd = resolveOrFallback(m, x, false);
    }
    if (cmd === null) continue;
    cmd.simulate(m, seq);
    out.push(cmd);
  }
  return out;
}

/** Programs of up to `maxCommands` commands over 3 plans, 5 tasks and 6 artifacts. */
export function programs(maxCommands: number): fc.Arbitrary<ModelCommand[]> {
  // Lengths uniform in [1, maxCommands] (no bias toward tiny programs); shrinking
  // still goes down to one command.
  return fc.noBias(fc.array(raw, { minLength: 1, maxLength: maxCommands, size: 'max' })).map((raws) => build(raws, maxCommands));
}
