/**
 * Model-based property test of revert_changes (CONTRACT.md §4) with
 * concurrent units: random programs in which two or three agents, each
 * under its own request id and trace id, interleave transactions of
 * inserts, updates of several columns (moves to another parent too) and
 * deletes (with their cascades) on one plan tree, and
 * reverts of one agent's unit (by request id or trace id), of one of its
 * transactions, or of an earlier revert (by transaction id), under abort,
 * skip and overwrite, each first as a dry run. The model
 * (test/model/units.ts) predicts from the captured changes alone the rows
 * revert_changes returns (action and conflict per entity), its SQLSTATE,
 * the live rows after it (timestamps included) and the checkpoints it
 * writes; after every write, the live rows and the checkpoints written are
 * compared too.
 *
 * One database serves every program; each program uses fresh ids and
 * request ids. Replay a failure with FC_SEED=<seed> FC_PATH=<path> (printed
 * by fast-check); REVERT_MODEL_RUNS changes the number of programs (default
 * 2000), FC_SHRINK_SECONDS the time spent shrinking a failure (default 120).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { runInModel, writeUnits, formatCommand, formatProgram, programs, TABLE, type Program, type Revert, type Transaction, type Write } from './model/agents.ts';
import { count, coverage, formatCoverage } from './model/commands.ts';
import { idOf, maxSeq, newReal, NOW_US, observe, type Real } from './model/db.ts';
import { ALL_SLOTS, formatState, rowsEqual, typeOf, type Slot, type Value } from './model/model.ts';
import { path, seed, withShrinkBudget } from './model/replay.ts';
import { PARENT_COLUMN, commit, formatOutcome, newWorld, predictRevert, type EntityOutcome, type World } from './model/units.ts';

const numRuns = Number(process.env.REVERT_MODEL_RUNS ?? 2000);

let db: TestDatabase | undefined;
let client: pg.PoolClient | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  client = await db.pool.connect();
  // The unique key applications put on tasks (as in the rollback model,
  // test/model/db.ts): writes and reverts that would take a held key fail.
  await client.query(`alter table tasks add constraint tasks_plan_position_key unique (plan_id, position)`);
  // Commits need not wait for the WAL flush: durability is not under test.
  await client.query(`set synchronous_commit = off`);
});

afterAll(async () => {
  client?.release();
  await db?.drop();
});

type Outcome<T> = { ok: true; value: T } | { ok: false; code: string; message: string; detail: string };

function pgError(err: unknown): { code: string; message: string; detail: string } | null {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') {
    const detail = 'detail' in err && typeof err.detail === 'string' ? err.detail : '';
    return { code: err.code, message: err instanceof Error ? err.message : String(err), detail };
  }
  return null;
}

/** A query string of several statements (one implicit transaction): the rows of each. */
async function results(c: pg.ClientBase, sql: string): Promise<Outcome<Array<Array<Record<string, unknown>>>>> {
  try {
    const res: unknown = await c.query(sql);
    const all = (Array.isArray(res) ? res : [res]) as pg.QueryResult[];
    return { ok: true, value: all.map((x) => x.rows) };
  } catch (err) {
    const e = pgError(err);
    if (e === null) throw err;
    return { ok: false, ...e };
  }
}

function literal(c: pg.ClientBase, v: Value): string {
  return v === null ? 'null' : typeof v === 'number' ? String(v) : c.escapeLiteral(v);
}

interface Agent {
  request: string;
  trace: string;
}

/** A write as SQL (every value a literal). */
function writeSql(real: Real, tree: ReadonlyMap<Slot, Slot | null>, w: Write): string {
  const c = real.client;
  const table = c.escapeIdentifier(TABLE[typeOf(w.slot)]);
  const id = c.escapeLiteral(idOf(real, w.slot));
  if (w.kind === 'insert') {
    const cols = Object.entries(w.data);
    const pc = PARENT_COLUMN[typeOf(w.slot)];
    const parent = tree.get(w.slot) ?? null;
    const names = ['id', ...(pc === null ? [] : [pc]), ...cols.map(([k]) => k)].map((k) => c.escapeIdentifier(k));
    const values = [id, ...(pc === null || parent === null ? [] : [c.escapeLiteral(idOf(real, parent))]), ...cols.map(([, v]) => literal(c, v))];
    return `insert into ${table} (${names.join(', ')}) values (${values.join(', ')})`;
  }
  if (w.kind === 'update') {
    const set = Object.entries(w.patch).map(([k, v]) => `${c.escapeIdentifier(k)} = ${literal(c, v)}`);
    const pc = PARENT_COLUMN[typeOf(w.slot)];
    if (w.moveTo !== undefined && pc !== null) set.push(`${c.escapeIdentifier(pc)} = ${c.escapeLiteral(idOf(real, w.moveTo))}`);
    return `update ${table} set ${set.join(', ')} where id = ${id}`;
  }
  return `delete from ${table} where id = ${id}`;
}

/** One transaction of an agent, under its request id and trace id; returns its now() and transaction id. */
async function runTransaction(
  real: Real,
  tree: ReadonlyMap<Slot, Slot | null>,
  agents: readonly Agent[],
  t: Transaction,
): Promise<Outcome<{ now: bigint; tx: string }>> {
  const c = real.client;
  const agent = agents[t.agent];
  if (agent === undefined) throw new Error(`no agent ${t.agent}`);
  const r = await results(
    c,
    `select set_config('checkpoint.request_id', ${c.escapeLiteral(agent.request)}, true),
            set_config('checkpoint.trace_id', ${c.escapeLiteral(agent.trace)}, true);
     ${t.writes.map((w) => writeSql(real, tree, w)).join(';\n')};
     select ${NOW_US} as now, pg_current_xact_id()::text as tx`,
  );
  if (!r.ok) return r;
  const row = r.value[t.writes.length + 1]?.[0];
  return { ok: true, value: { now: BigInt(String(row?.now ?? '0')), tx: String(row?.tx) } };
}

interface RevertRow {
  entity_type: string;
  entity_id: string;
  action: string;
  conflict: string | null;
}

/** revert_changes of a unit (a request id, a trace id or a transaction id) in a transaction of its own, with that transaction's id. */
async function runRevert(
  c: pg.ClientBase,
  key: { request: string } | { trace: string } | { transaction: string },
  r: Revert,
  dry: boolean,
): Promise<Outcome<{ rows: RevertRow[]; tx: string }>> {
  const arg =
    'request' in key
      ? `request_id => ${c.escapeLiteral(key.request)}::uuid`
      : 'trace' in key
        ? `trace_id => ${c.escapeLiteral(key.trace)}`
        : `transaction_id => ${c.escapeLiteral(key.transaction)}::xid8`;
  const res = await results(
    c,
    `select * from revert_changes(${arg}, on_conflict => ${c.escapeLiteral(r.policy)}, dry_run => ${dry});
     select pg_current_xact_id()::text as tx`,
  );
  if (!res.ok) return res;
  return { ok: true, value: { rows: (res.value[0] ?? []) as unknown as RevertRow[], tx: String(res.value[1]?.[0]?.tx) } };
}

interface Run {
  real: Real;
  program: Program;
  world: World;
  log: string[];
  seq: bigint;
}

function fail(run: Run, what: string, details: string[] = []): never {
  const times = (t: bigint): string => `${t}`;
  throw new Error(
    [
      what,
      ...details.map((d) => `  ${d}`),
      'program:',
      formatProgram(run.program),
      'as run:',
      ...run.log.map((l) => `  ${l}`),
      `model state now: ${formatState(run.world.live, times)}`,
    ].join('\n'),
  );
}

/**
 * The live rows and the checkpoints written since the last look, against
 * the model. `parkable`: tasks a revert writes or deletes, which it may
 * park at position null on the way (an update checkpoint more, at most one
 * each), as a rollback does to undo a cycle of keys.
 */
async function compare(
  run: Run,
  expected: ReadonlyArray<{ slot: string; op: string }>,
  reasonPrefix: string | null,
  label: string,
  parkable: readonly string[] = [],
): Promise<void> {
  const o = await observe(run.real, run.seq);
  const times = (t: bigint): string => `${t}`;
  if (o.strays.length > 0) fail(run, `${label}: rows not in the model: ${o.strays.join(', ')}`);
  const diff = ALL_SLOTS.filter((k) => !rowsEqual(o.state.get(k), run.world.live.get(k)));
  if (diff.length > 0) {
    fail(run, `${label}: the database differs from the model in ${diff.join(', ')}`, [
      `database: ${formatState(new Map(diff.flatMap((k) => { const r = o.state.get(k); return r === undefined ? [] : [[k, r] as const]; })), times)}`,
      `model:    ${formatState(new Map(diff.flatMap((k) => { const r = run.world.live.get(k); return r === undefined ? [] : [[k, r] as const]; })), times)}`,
    ]);
  }
  const got = o.checkpoints.map((x) => `${String(x.slot)} ${x.op}`).sort();
  const want = expected.map((x) => `${x.slot} ${x.op}`).sort();
  const left = [...got];
  for (const k of want) if (left.includes(k)) left.splice(left.indexOf(k), 1);
  const parked = left.filter((k) => parkable.some((t) => k === `${t} update`));
  if (parked.length > 0) count('revert: a task parked at position null on the way (an update checkpoint more)', parked.length);
  const surplus = left.filter((k) => !parked.includes(k)).length > 0 || new Set(parked).size !== parked.length;
  if (surplus || want.some((k) => got.filter((g) => g === k).length < want.filter((x) => x === k).length)) {
    fail(run, `${label}: checkpoints written differ from the model`, [`database: ${got.join(', ') || '(none)'}`, `model:    ${want.join(', ') || '(none)'}`]);
  }
  if (reasonPrefix !== null) {
    const bad = o.checkpoints.filter((x) => !(x.reason ?? '').startsWith(reasonPrefix));
    if (bad.length > 0) fail(run, `${label}: checkpoint reasons do not name the revert: ${bad.map((x) => String(x.reason)).join(', ')}`);
  }
  if (o.bad > 0) fail(run, `${label}: ${o.bad} checkpoints written do not hash to their state`);
  for (const x of o.checkpoints) if (x.seq > run.seq) run.seq = x.seq;
}

function fmtRows(rows: ReadonlyArray<{ slot: string; action: string; conflict: string | null }>): string[] {
  return rows.map((r) => `${r.slot} ${r.action}${r.conflict === null ? '' : ` [${r.conflict}]`}`).sort();
}

/** The rows of one revert_changes call, or its SQLSTATE, against the prediction. */
function checkRows(run: Run, label: string, p: ReturnType<typeof predictRevert>, res: Outcome<{ rows: RevertRow[] }>): void {
  const times = (t: bigint): string => `${t}`;
  const why = p.rows.map((r: EntityOutcome) => formatOutcome(r, times));
  const got = fmtRows(
    (res.ok ? res.value.rows : []).map((x) => {
      const slot = run.real.slotOf.get(x.entity_id);
      if (slot === undefined || typeOf(slot) !== x.entity_type) fail(run, `${label}: unexpected entity ${x.entity_type} ${x.entity_id}`);
      return { slot, action: x.action, conflict: x.conflict };
    }),
  );
  if (p.kind === 'error') {
    if (res.ok) fail(run, `${label}: succeeded, the model expects ${p.code} (${p.why})`, [`database: ${got.join(', ') || '(no rows)'}`, ...why]);
    if (res.code !== p.code) fail(run, `${label}: failed with ${res.code}, the model expects ${p.code} (${p.why})`, [res.message, ...why]);
    // 55000: the message or its DETAIL names the conflicting entities (all
    // of them here: fewer than the 20 it lists)
    const unnamed = p.code === '55000' ? p.rows.filter((r) => r.conflict !== null && !`${res.message} ${res.detail}`.includes(idOf(run.real, r.slot))) : [];
    if (unnamed.length > 0) fail(run, `${label}: the 55000 error does not name ${unnamed.map((r) => r.slot).join(', ')}`, [res.message, res.detail]);
    return;
  }
  if (!res.ok) fail(run, `${label}: failed with ${res.code}, the model expects success`, [res.message, ...why]);
  // Rows come in the order they are written: parents first, then the
  // deletes, children first.
  const LEVEL: Record<string, number> = { plan: 0, task: 1, artifact: 2 };
  const rank = res.value.rows.map((x) => (x.action === 'deleted' ? 10 - (LEVEL[x.entity_type] ?? 0) : (LEVEL[x.entity_type] ?? 0)));
  if (rank.some((r, i) => i > 0 && r < (rank[i - 1] ?? 0))) {
    fail(run, `${label}: rows not in write order (parents first, then deletes children first)`, res.value.rows.map((x) => `${x.entity_type} ${x.action}`));
  }
  const want = fmtRows(p.rows);
  if (got.join(', ') !== want.join(', ')) fail(run, `${label}: rows differ from the model`, [`database: ${got.join(', ')}`, `model:    ${want.join(', ')}`, ...why]);
}

function tally(p: ReturnType<typeof predictRevert>, r: Revert, dry: boolean): void {
  const of = r.unit.startsWith('r') ? 'of a revert' : r.unit.startsWith('t') ? 'of a transaction of an agent' : r.byTrace ? 'of an agent by trace' : 'of an agent';
  count(`revert ${of}, ${r.policy}${dry ? ', dry run' : ''}: ${p.kind === 'error' ? p.code : p.kind}`);
  if (dry) return;
  for (const x of p.rows) count(`  entity: ${x.why} -> ${x.action}`);
}

async function runProgram(c: pg.ClientBase, program: Program): Promise<void> {
  const run: Run = { real: newReal(c), program, world: newWorld(program.tree), log: [], seq: await maxSeq(c) };
  const agents: Agent[] = Array.from({ length: program.agents }, () => ({ request: randomUUID(), trace: randomUUID().replaceAll('-', '') }));
  // (the request ids checkpoints carry are request_logs rows)
  await c.query(`insert into request_logs (id, method, path) select unnest($1::uuid[]), 'MODEL', '/agent'`, [agents.map((a) => a.request)]);
  const transactions = new Map<string, string>();
  // The writes' checkpoints since the last look (the database is looked at
  // after each dry run and each revert, and at the end).
  let pending: Array<{ slot: string; op: string }> = [];
  for (const [i, cmd] of program.commands.entries()) {
    const label = `#${i + 1} ${formatCommand(cmd)}`;
    run.log.push(label);
    count('commands');
    if (cmd.kind === 'transaction') {
      if (cmd.writes.length > 1) count('transactions of several writes');
      if (cmd.writes.length === 3 && cmd.writes.every((w) => w.kind === 'update' && Object.keys(w.patch).join() === 'position')) count('swaps of two task keys');
      for (const w of cmd.writes) if (w.kind === 'update' && w.moveTo !== undefined) count('moves (a row to another parent)');
      const res = await runTransaction(run.real, program.tree, agents, cmd);
      // (now() matters only to the rows written; a failed transaction wrote none)
      const written = runInModel(run.world, cmd, res.ok ? res.value.now : 0n, writeUnits(cmd.agent, i + 1));
      if (written === null) {
        count('transactions refused: a task key held (23505)');
        if (res.ok) fail(run, `${label}: succeeded, the model expects 23505 (a task key held)`);
        if (res.code !== '23505') fail(run, `${label}: failed with ${res.code}, the model expects 23505`, [res.message]);
        continue;
      }
      if (!res.ok) fail(run, `${label}: failed with ${res.code}, the model expects success`, [res.message]);
      pending.push(...written);
      transactions.set(`t${i + 1}`, res.value.tx);
      continue;
    }
    const agent = /^a(\d)$/.exec(cmd.unit);
    const tx = transactions.get(cmd.unit);
    const who = agent === null ? undefined : agents[Number(agent[1])];
    const key = who !== undefined ? (cmd.byTrace ? { trace: who.trace } : { request: who.request }) : tx !== undefined ? { transaction: tx } : null;
    if (key === null) fail(run, `${label}: no transaction recorded for ${cmd.unit}`);

    const dryP = predictRevert(run.world, cmd.unit, cmd.policy, true);
    tally(dryP, cmd, true);
    checkRows(run, `${label} (dry run)`, dryP, await runRevert(c, key, cmd, true));
    await compare(run, pending, null, `${label} (dry run; and the writes before it)`);
    pending = [];
    if (cmd.dryOnly) continue;

    const p = predictRevert(run.world, cmd.unit, cmd.policy, false);
    tally(p, cmd, false);
    const res = await runRevert(c, key, cmd, false);
    checkRows(run, label, p, res);
    if (p.kind === 'error') {
      await compare(run, [], null, label);
      continue;
    }
    const unit = `r${i + 1}`;
    const written = commit(run.world, p.state, [unit]);
    const parkable = p.rows.filter((r) => typeOf(r.slot) === 'task' && ['updated', 'inserted', 'deleted'].includes(r.action)).map((r) => r.slot);
    await compare(run, written, 'revert of ', label, parkable);
    if (res.ok) transactions.set(unit, res.value.tx);
  }
  if (pending.length > 0) await compare(run, pending, null, 'the writes at the end');
}

describe('revert_changes against the model, with concurrent agents', () => {
  it(`${numRuns} random programs of two or three agents: every revert returns, writes and refuses what the model says`, async () => {
    const c = client;
    if (c === undefined) throw new Error('no database');
    const started = Date.now();
    const property = fc.asyncProperty(
      programs(24),
      withShrinkBudget(async (program, shrinking) => {
        if (!shrinking) count(`programs of ${program.agents} agents`);
        const n = (coverage.get('programs of 2 agents') ?? 0) + (coverage.get('programs of 3 agents') ?? 0);
        // The history grows by thousands of rows; statistics kept current
        // (autovacuum may be off, as on the development machines) keep the
        // planner on the indexes.
        if (n % 100 === 1) await c.query('analyze checkpoints, plans, tasks, artifacts, request_logs');
        if (process.env.REVERT_MODEL_PROGRESS !== undefined && n % 250 === 0) console.log(`${n} programs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        await runProgram(c, program);
      }),
    );
    try {
      await fc.assert(property, { numRuns, seed, path, endOnFailure: false });
    } finally {
      const commands = coverage.get('commands') ?? 0;
      const ran = (coverage.get('programs of 2 agents') ?? 0) + (coverage.get('programs of 3 agents') ?? 0);
      console.log(`revert model: ${ran} programs, ${commands} commands in ${((Date.now() - started) / 1000).toFixed(1)} s\n${formatCoverage()}`);
    }
  }, 900_000);

  it('every checkpoint in the history verifies (verify_checkpoints() is empty)', async () => {
    const c = client;
    if (c === undefined) throw new Error('no database');
    const r = await c.query<{ n: string }>(`select count(*)::text as n from verify_checkpoints()`);
    expect(r.rows[0]?.n).toBe('0');
  });
});
