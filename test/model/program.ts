/**
 * Random programs, valid by construction: a list of raw choices (numbers) is
 * turned into explicit commands by running them, one after the other, in the
 * model itself (with now() = k seconds). Every insert finds an absent slot and
 * a present parent, every move a new parent, every rollback a target that
 * exists; shrinking removes or simplifies raw choices and the program is
 * rebuilt, so a shrunk program is still valid.
 */
import fc from 'fast-check';
import {
  CreateCheckpoint,
  Delete,
  InsertArtifact,
  InsertPlan,
  InsertTask,
  Move,
  Rollback,
  Transaction,
  Update,
  WriteCommand,
  type ModelCommand,
  type Target,
} from './commands.ts';
import {
  ARTIFACT_SLOTS,
  PLAN_SLOTS,
  PLAN_STATUSES,
  TASK_SLOTS,
  TASK_STATUSES,
  currentState,
  newModel,
  typeOf,
  type ArtifactSlot,
  type Model,
  type PlanSlot,
  type Slot,
  type TaskSlot,
  type Value,
} from './model.ts';

type Kind = 'insertPlan' | 'insertTask' | 'insertArtifact' | 'update' | 'moveTask' | 'moveArtifact' | 'delete' | 'checkpoint' | 'rollback';
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
  { weight: 7, arbitrary: fc.constant<Kind>('delete') },
  { weight: 6, arbitrary: fc.constant<Kind>('checkpoint') },
  { weight: 24, arbitrary: fc.constant<Kind>('rollback') },
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
const patch = fc.record(
  {
    title,
    status: fc.constantFrom<string>(...PLAN_STATUSES, ...TASK_STATUSES),
    position: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
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
  title,
  name: fc.constantFrom('out.txt', 'log', 'diff'),
  planStatus: fc.option(fc.constantFrom<string>(...PLAN_STATUSES), { nil: null }),
  taskStatus: fc.option(fc.constantFrom<string>(...TASK_STATUSES), { nil: null }),
  position: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
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

function isPlanStatus(s: string | null): s is (typeof PLAN_STATUSES)[number] {
  return s !== null && (PLAN_STATUSES as readonly string[]).includes(s);
}
function isTaskStatus(s: string | null): s is (typeof TASK_STATUSES)[number] {
  return s !== null && (TASK_STATUSES as readonly string[]).includes(s);
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
      return new InsertTask(slot, plan, x.title, x.position, isTaskStatus(x.taskStatus) ? x.taskStatus : null);
    }
    case 'insertArtifact': {
      const slot = pick(absent(ARTIFACT_SLOTS), x.a);
      const task = pick(presentOf(TASK_SLOTS), x.b);
      if (slot === undefined || task === undefined) return null;
      return new InsertArtifact(slot, task, x.name, x.content);
    }
    case 'update': {
      const slot = pickByType(present, x.b, x.a);
      return slot === undefined ? null : new Update(slot, patchFor(slot, x.patch));
    }
    case 'moveTask': {
      const slot = pick(presentOf(TASK_SLOTS), x.a);
      if (slot === undefined) return null;
      const to = pick(
        presentOf(PLAN_SLOTS).filter((p): p is PlanSlot => p !== s.get(slot)?.parent),
        x.b,
      );
      return to === undefined ? null : new Move(slot, to);
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
    case 'rollback': {
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

/** The command a raw choice means, or the first fallback that means something (starting at a place it chooses). */
function resolveOrFallback(m: Readonly<Model>, x: Raw, writesOnly: boolean): ModelCommand | null {
  const kinds = [x.kind, ...FALLBACK.slice(x.c % FALLBACK.length), ...FALLBACK].filter((k) => !writesOnly || k !== 'rollback');
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
    if (x.batch > 1 && x.kind !== 'rollback') {
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
