/**
 * The pg-checkpoint CLI as a user runs it: a real process (node --import tsx
 * src/cli/main.ts, and once the bin) against a fresh, migrated database named by
 * DATABASE_URL. Output for people, --json documents, and the exit code of
 * every error class from real failing calls. Independent calls run
 * concurrently: each spawn costs about half a second.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/db.ts';
import { adminUrl, createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { freePort } from './helpers/net.ts';

const cliEntry = path.join(repoRoot, 'src', 'cli', 'main.ts');
const binEntry = path.join(repoRoot, 'bin', 'pg-checkpoint.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Run bin/pg-checkpoint.js instead of src/cli/main.ts. */
  bin?: boolean;
}

let db: TestDatabase;

function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: db.url, PGCHECKPOINT_DEBUG: '1', ...extra };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return env;
}

function cli(args: string[], options: RunOptions = {}): Promise<Run> {
  const entry = options.bin ? [binEntry] : ['--import', 'tsx', cliEntry];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...entry, ...args], {
      cwd: repoRoot,
      env: childEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The --json document on stdout. */
function doc<T = Record<string, unknown>>(run: Run): T {
  return JSON.parse(run.stdout) as T;
}

interface ErrorDoc {
  error: { name: string; code: string; message: string; hint?: string; exitCode: number };
}

async function sql<R extends pg.QueryResultRow = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<R[]> {
  return (await db.pool.query<R>(text, values)).rows;
}

/** A plan with one task: both inserted, a manual checkpoint of the plan, then changed. */
async function changedPlan(title: string): Promise<{ plan: string; task: string; manual: string; added: string }> {
  const [p] = await sql<{ id: string }>(`insert into plans (title) values ($1) returning id`, [title]);
  const plan = p?.id ?? '';
  const [t] = await sql<{ id: string }>(`insert into tasks (plan_id, title, position) values ($1, 'first', 1) returning id`, [plan]);
  const task = t?.id ?? '';
  const [m] = await sql<{ id: string }>(`select create_checkpoint('plan', $1, 'before the run') as id`, [plan]);
  await sql(`update plans set status = 'running' where id = $1`, [plan]);
  await sql(`update tasks set status = 'done' where id = $1`, [task]);
  const [a] = await sql<{ id: string }>(`insert into tasks (plan_id, title, position) values ($1, 'second', 2) returning id`, [plan]);
  return { plan, task, manual: m?.id ?? '', added: a?.id ?? '' };
}

/** Runs statements as the superuser with the append-only guard off (session_replication_role = replica). */
async function tamper(text: string, values: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query('set session_replication_role = replica');
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

// Each spawn loads tsx and the CLI (about half a second on an idle machine, much more on a busy one).
describe('pg-checkpoint CLI', { timeout: 180_000 }, () => {
  it('--help lists the commands and the exit codes (src and bin); usage errors exit 2', async () => {
    const [help, binHelp, unknown, missingArg, missingOption, badNumber] = await Promise.all([
      cli(['--help']),
      cli(['--help'], { bin: true }),
      cli(['frobnicate']),
      cli(['history', 'plan']),
      cli(['--json', 'prune']),
      cli(['prune', '--older-than', '1 day', '--keep-last', 'many']),
    ]);
    for (const run of [help, binHelp]) {
      expect(run.code).toBe(0);
      for (const command of ['history', 'show', 'diff', 'checkpoint', 'plans', 'tasks', 'checkpoints', 'state', 'restore', 'rollback', 'revert', 'changes', 'verify', 'prune', 'migrate', 'serve', 'worker']) {
        expect(run.stdout).toContain(`  ${command} `);
      }
      for (const option of ['--database-url', '--json', '--actor', '--reason']) expect(run.stdout).toContain(option);
      expect(run.stdout).toMatch(/Exit codes:\n\s+0\s+ok/);
      expect(run.stdout).toMatch(/3\s+not found \(P0002\)/);
      expect(run.stdout).toMatch(/6\s+corrupted checkpoint \(XX001\)/);
      expect(run.stdout).toMatch(/7\s+revert conflicts under --on-conflict abort \(55000\)/);
    }
    expect(binHelp.stdout).toBe(help.stdout);

    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown command 'frobnicate'/);
    expect(missingArg.code).toBe(2);
    expect(missingArg.stderr).toMatch(/^error: missing required argument 'id'/);
    expect(missingOption.code).toBe(2);
    expect(doc<ErrorDoc>(missingOption).error).toMatchObject({ name: 'UsageError', exitCode: 2 });
    expect(doc<ErrorDoc>(missingOption).error.message).toContain("'--older-than <interval>' not specified");
    expect(badNumber.code).toBe(2);
    expect(badNumber.stderr).toContain('expected an integer >= 0');
  });

  it('history, show and diff: aligned tables for people, one JSON document with --json', async () => {
    const { plan, manual } = await changedPlan('report');
    const ids = await sql<{ id: string; operation: string; state_hash: string }>(
      `select id, operation, state_hash from checkpoints where entity_type = 'plan' and entity_id = $1 order by seq desc`,
      [plan],
    );
    const update = ids[0]?.id ?? '';
    const [history, historyJson, show, showJson, diff, diffJson, badDiff] = await Promise.all([
      cli(['history', 'plan', plan]),
      cli(['history', 'plan', plan, '--json']),
      cli(['show', manual]),
      cli(['--json', 'show', manual]),
      cli(['diff', manual, update]),
      cli(['diff', manual, update, '--json']),
      cli(['diff', manual, 'nope']),
    ]);
    // a bad argument is named as diff spells it
    expect(badDiff.code).toBe(2);
    expect(badDiff.stderr).toMatch(/^error: invalid argument: to: not a uuid/m);
    for (const run of [history, historyJson, show, showJson, diff, diffJson]) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }

    const lines = history.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`plan ${plan}: 3 checkpoints, newest first`);
    const header = lines[1] ?? '';
    expect(header).toMatch(/^SEQ\s+CHECKPOINT\s+OPERATION\s+CREATED AT\s+CREATED BY\s+REASON\s+STATE$/);
    const rows = lines.slice(2);
    expect(rows.map((r) => r.split(/\s+/).filter(Boolean)[2])).toEqual(['update', 'manual', 'insert']);
    // Aligned: every row's checkpoint id and timestamp start under their headers.
    for (const row of rows) {
      expect(row.indexOf(ids.find((c) => row.includes(c.id))?.id ?? '?')).toBe(header.indexOf('CHECKPOINT'));
      expect(row.slice(header.indexOf('CREATED AT'))).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z /);
    }
    expect(rows.find((r) => r.includes(manual))).toContain('before the run');
    // Long JSON is cut.
    expect(rows[0]).toMatch(/\{"[^ ]*…$/);

    const checkpoints = doc<Array<Record<string, unknown>>>(historyJson);
    expect(checkpoints.map((c) => c.id)).toEqual(ids.map((c) => c.id));
    expect(checkpoints.map((c) => c.operation)).toEqual(['update', 'manual', 'insert']);
    expect(checkpoints[1]).toMatchObject({ entityType: 'plan', entityId: plan, reason: 'before the run' });
    expect(checkpoints[0]?.stateData).toMatchObject({ id: plan, title: 'report', status: 'running' });
    expect(checkpoints[0]?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

    expect(show.stdout).toMatch(new RegExp(`^checkpoint:\\s+${manual}$`, 'm'));
    expect(show.stdout).toMatch(new RegExp(`^entity:\\s+plan ${plan}$`, 'm'));
    expect(show.stdout).toMatch(/^operation:\s+manual$/m);
    expect(show.stdout).toMatch(/^state:\n\{\n {2}"id": /m);
    expect(doc(showJson)).toMatchObject({
      id: manual,
      operation: 'manual',
      stateHash: ids[1]?.state_hash,
      stateData: { id: plan, status: 'draft' },
    });

    expect(diff.stdout.split('\n')[0]).toBe(`2 columns differ from ${manual} to ${update}`);
    expect(diff.stdout).toMatch(/^status\s+"draft"\s+"running"$/m);
    expect(doc(diffJson)).toMatchObject({ status: { from: 'draft', to: 'running' } });
    expect(Object.keys(doc(diffJson)).sort()).toEqual(['status', 'updated_at']);
  });

  it('not found exits 3, a bad uuid or a bad argument 2: one line on stderr, a JSON error with --json', async () => {
    const { plan, manual } = await changedPlan('errors');
    const missing = randomUUID();
    const [show, restore, badUuid, bothTargets, badTime] = await Promise.all([
      cli(['show', missing]),
      cli(['--json', 'restore', missing]),
      cli(['--json', 'show', 'not-a-uuid']),
      cli(['rollback', 'plan', plan, '--to-checkpoint', manual, '--to-time', new Date().toISOString()]),
      cli(['rollback', 'plan', plan, '--to-time', 'yesterday']),
    ]);

    expect(show.code).toBe(3);
    expect(show.stdout).toBe('');
    expect(show.stderr.split('\n')[0]).toBe(`error: checkpoint ${missing} not found (P0002)`);
    // With --json: the error document on stdout, and still the line on stderr.
    expect(restore.code).toBe(3);
    expect(doc<ErrorDoc>(restore).error).toMatchObject({ name: 'NotFound', code: 'P0002', exitCode: 3 });
    expect(doc<ErrorDoc>(restore).error.message).toContain(missing);
    expect(restore.stderr).toMatch(new RegExp(`^error: .*${missing}.* \\(P0002\\)$`, 'm'));

    expect(badUuid.code).toBe(2);
    expect(doc<ErrorDoc>(badUuid).error).toMatchObject({
      name: 'InvalidArgument',
      code: '22023',
      message: 'invalid argument: checkpoint-id: not a uuid',
      exitCode: 2,
    });
    expect(badUuid.stderr).toBe('error: invalid argument: checkpoint-id: not a uuid (22023)\n');
    expect(bothTargets.code).toBe(2);
    expect(bothTargets.stderr).toMatch(/^error: .* \(22023\)$/m);
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toContain('--to-time: expected an ISO 8601 time with an offset');
  });

  it('rollback --dry-run changes nothing; the rollback itself records --actor and --reason; restore', async () => {
    const { plan, task, added } = await changedPlan('rollback');
    const snapshot = async () => ({
      checkpoints: await sql(`select id from checkpoints order by seq`),
      plans: await sql(`select * from plans where id = $1`, [plan]),
      tasks: await sql(`select * from tasks where plan_id = $1 order by id`, [plan]),
    });
    const before = await snapshot();

    const [dry, dryHuman] = await Promise.all([
      cli(['rollback', 'plan', plan, '--dry-run', '--json']),
      cli(['rollback', 'plan', plan, '--dry-run']),
    ]);
    expect(dry.code).toBe(0);
    const expected = [
      { entityType: 'plan', entityId: plan, action: 'updated' },
      { entityType: 'task', entityId: task, action: 'updated' },
      { entityType: 'task', entityId: added, action: 'deleted' },
    ];
    const sortSteps = (steps: Array<{ entityId: string }>) => [...steps].sort((a, b) => a.entityId.localeCompare(b.entityId));
    const dryDoc = doc<{ dryRun: boolean; cascade: boolean; target: unknown; changes: Array<{ entityId: string }> }>(dry);
    expect(dryDoc).toMatchObject({ dryRun: true, cascade: true, target: { latestManual: true } });
    expect(sortSteps(dryDoc.changes)).toEqual(sortSteps(expected));
    expect(dryHuman.code).toBe(0);
    expect(dryHuman.stdout).toContain(`dry run: rolling back plan ${plan} to its latest manual checkpoint would change 3 entities; nothing was changed`);
    expect(dryHuman.stdout).toMatch(new RegExp(`^task\\s+${added}\\s+deleted$`, 'm'));
    expect(await snapshot()).toEqual(before);

    const root = await cli(['--actor', 'alice', '--reason', 'the run went wrong', 'rollback', 'plan', plan, '--no-cascade']);
    expect(root.code).toBe(0);
    expect(root.stdout).toMatch(/to its latest manual checkpoint \(no cascade\): 1 entity changed/);
    const whole = await cli(['rollback', 'plan', plan, '--actor', 'bob', '--reason', 'and its tasks', '--json']);
    expect(whole.code).toBe(0);
    expect(sortSteps(doc<{ changes: Array<{ entityId: string }> }>(whole).changes)).toEqual(
      sortSteps(expected.filter((s) => s.entityType === 'task')),
    );
    expect(await sql(`select status from plans where id = $1`, [plan])).toEqual([{ status: 'draft' }]);
    expect(await sql(`select id, status from tasks where plan_id = $1`, [plan])).toEqual([{ id: task, status: 'pending' }]);
    const made = await sql<{ entity_id: string; created_by: string; reason: string }>(
      `select entity_id, created_by, reason from checkpoints where seq > (select max(seq) from checkpoints where id = any($1::uuid[]))
       order by seq`,
      [before.checkpoints.map((c) => c.id)],
    );
    expect(made.map((c) => c.created_by)).toEqual(['alice', 'bob', 'bob']);
    expect(made[0]?.reason).toMatch(/^the run went wrong: rollback of plan /);
    expect(made[1]?.reason).toMatch(/^and its tasks: rollback of plan /);

    // restore: back to the plan's state after its update.
    const [running] = await sql<{ id: string }>(
      `select id from checkpoints where entity_id = $1 and operation = 'update' order by seq limit 1`,
      [plan],
    );
    const restore = await cli(['restore', running?.id ?? '', '--actor', 'carol']);
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(new RegExp(`^restored plan ${plan} to checkpoint ${running?.id} \\(seq \\d+, update, `));
    expect(await sql(`select status from plans where id = $1`, [plan])).toEqual([{ status: 'running' }]);
  });

  it('a conflict exits 4: restoring a task whose plan is gone', async () => {
    const { plan, task } = await changedPlan('conflict');
    const [insert] = await sql<{ id: string }>(
      `select id from checkpoints where entity_id = $1 and operation = 'insert'`,
      [task],
    );
    await sql(`delete from plans where id = $1`, [plan]);
    const run = await cli(['restore', insert?.id ?? '']);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^error: .* \(23503\)$/m);
  });

  it('changes and revert: a unit by request, trace or transaction; tables and --json; a conflict exits 7 with the conflicts', async () => {
    // Two agents on one plan, each under its own request id; then someone retitles the writer's task.
    const [planner, writer] = [randomUUID(), randomUUID()];
    await sql(`insert into request_logs (id, method, path) values ($1, 'AGENT', 'planner'), ($2, 'AGENT', 'writer')`, [
      planner,
      writer,
    ]);
    const [p] = await sql<{ id: string }>(`insert into plans (title) values ('two agents') returning id`);
    const plan = p?.id ?? '';
    const [t] = await sql<{ id: string }>(`insert into tasks (plan_id, title, position) values ($1, 'draft', 1) returning id`, [plan]);
    const task = t?.id ?? '';
    const asAgent = async (request: string, statements: Array<[string, unknown[]]>): Promise<void> => {
      const client = await db.pool.connect();
      try {
        await client.query('begin');
        await client.query(
          `select set_config('checkpoint.request_id', $1, true), set_config('checkpoint.trace_id', $2, true)`,
          [request, `trace-${request}`],
        );
        for (const [text, values] of statements) await client.query(text, values);
        await client.query('commit');
      } finally {
        client.release();
      }
    };
    await asAgent(planner, [
      [`update plans set status = 'running' where id = $1`, [plan]],
      [`update tasks set title = 'draft v2' where id = $1`, [task]],
    ]);
    await asAgent(writer, [[`update tasks set status = 'done' where id = $1`, [task]]]);
    await sql(`update tasks set status = 'failed' where id = $1`, [task]);
    const [{ xid } = { xid: '' }] = await sql<{ xid: string }>(
      `select transaction_id::text as xid from checkpoints where request_id = $1 limit 1`,
      [planner],
    );

    const snapshot = async () => ({
      checkpoints: await sql(`select id from checkpoints order by seq`),
      rows: await sql(
        `select (select to_jsonb(p) from plans p where id = $1) as plan, (select to_jsonb(t) from tasks t where id = $2) as task`,
        [plan, task],
      ),
    });
    const before = await snapshot();

    const [changes, changesJson, byTrace, byTx, dry, conflict, conflictJson, none, usage, two, badXid] = await Promise.all([
      cli(['changes', '--request', planner]),
      cli(['--json', 'changes', '--request', planner]),
      cli(['--json', 'changes', '--trace', `trace-${planner}`]),
      cli(['--json', 'changes', '--transaction', xid]),
      cli(['revert', '--request', writer, '--dry-run']),
      cli(['revert', '--request', writer]),
      cli(['revert', '--request', writer, '--json']),
      cli(['revert', '--request', randomUUID()]),
      cli(['revert']),
      cli(['changes', '--request', planner, '--trace', 'x']),
      cli(['revert', '--transaction', 'latest']),
    ]);

    expect(changes.code).toBe(0);
    const lines = changes.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`request ${planner}: 2 changes, in capture order`);
    expect(lines[1]).toMatch(/^SEQ\s+TYPE\s+ID\s+OPERATION\s+CREATED AT\s+CREATED BY\s+REASON\s+COLUMNS$/);
    expect(lines[2]).toMatch(new RegExp(`^\\s*\\d+\\s+plan\\s+${plan}\\s+update\\s+\\S+Z\\s+postgres\\s+status, updated_at$`));
    expect(lines[3]).toMatch(new RegExp(`^\\s*\\d+\\s+task\\s+${task}\\s+update\\s+.*title, updated_at$`));
    const list = doc<Array<{ entityId: string; operation: string; columns: string[] }>>(changesJson);
    expect(list.map((c) => [c.entityId, c.operation, c.columns])).toEqual([
      [plan, 'update', ['status', 'updated_at']],
      [task, 'update', ['title', 'updated_at']],
    ]);
    expect(doc(byTrace)).toEqual(list);
    expect(doc(byTx)).toEqual(list);

    // The writer's status was changed since: a conflict. A dry run under abort says so and exits 7 too.
    expect(dry.code).toBe(7);
    expect(dry.stdout).toContain(`dry run: reverting request ${writer} would change 0 entities and skip 1; nothing was changed`);
    expect(dry.stdout).toMatch(new RegExp(`^task\\s+${task}\\s+skipped\\s+status$`, 'm'));
    expect(dry.stderr).toMatch(/^would abort: 1 conflicting entity/);
    expect(conflict.code).toBe(7);
    expect(conflict.stdout).toBe('');
    expect(conflict.stderr).toMatch(new RegExp(`^error: revert of request ${writer}: 1 conflicting entity .* \\(55000\\)$`, 'm'));
    expect(conflict.stderr).toMatch(/^hint: Nothing was changed\. --dry-run shows every entity/m);
    expect(conflict.stderr).toMatch(new RegExp(`^TYPE\\s+ID\\s+CONFLICT\\ntask\\s+${task}\\s+status$`, 'm'));
    expect(doc<{ error: Record<string, unknown> }>(conflictJson).error).toMatchObject({
      name: 'RevertConflict',
      code: '55000',
      exitCode: 7,
      conflicts: [{ entityType: 'task', entityId: task, conflict: 'status' }],
    });
    expect(await snapshot()).toEqual(before);

    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/no captured change matches \(P0002\)$/m);
    for (const run of [usage, two]) {
      expect(run.code).toBe(2);
      expect(run.stderr).toBe('error: invalid argument: give exactly one of --request, --trace, --transaction (22023)\n');
    }
    expect(badXid.code).toBe(2);
    expect(badXid.stderr).toMatch(/^error: invalid argument: --transaction: expected a transaction id/);

    // skip goes on (the planner's revert has no conflict: the writer changed another column); --actor and --reason are recorded.
    const [skip, planned] = await Promise.all([
      cli(['revert', '--request', writer, '--on-conflict', 'skip', '--json']),
      cli(['--actor', 'alice', '--reason', 'planner went off track', 'revert', '--request', planner]),
    ]);
    expect(skip.code).toBe(0);
    expect(doc(skip)).toEqual({
      unit: { requestId: writer },
      onConflict: 'skip',
      dryRun: false,
      steps: [{ entityType: 'task', entityId: task, action: 'skipped', conflict: 'status' }],
    });
    expect(planned.code).toBe(0);
    expect(planned.stdout).toMatch(new RegExp(`^reverted request ${planner}: 2 entities changed\\n`));
    expect(planned.stdout).toMatch(new RegExp(`^task\\s+${task}\\s+updated$`, 'm'));
    expect(await sql(`select title, status from tasks where id = $1`, [task])).toEqual([{ title: 'draft', status: 'failed' }]);
    expect(await sql(`select status from plans where id = $1`, [plan])).toEqual([{ status: 'draft' }]);
    const made = await sql<{ created_by: string; reason: string }>(
      `select created_by, reason from checkpoints where reason like '%revert of request%' order by seq`,
    );
    expect(made).toEqual([
      { created_by: 'alice', reason: `planner went off track: revert of request ${planner}` },
      { created_by: 'alice', reason: `planner went off track: revert of request ${planner}` },
    ]);
  });

  describe('as a role without privileges on checkpoints', () => {
    const role = `pgcp_cli_${randomBytes(5).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    let roleUrl: string;
    let admin: pg.Client;

    beforeAll(async () => {
      admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`create role ${role} login password '${password}'`);
      await db.pool.query(`grant select, insert, update, delete on plans, tasks to ${role}`);
      const url = new URL(db.url);
      url.username = role;
      url.password = password;
      roleUrl = url.toString();
    });

    afterAll(async () => {
      await db.pool.query(`drop owned by ${role}`).catch(() => {});
      await admin?.query(`drop role if exists ${role}`);
      await admin?.end();
    });

    it('forbidden exits 5: history without SELECT on checkpoints, prune as non-owner', async () => {
      const { plan, manual } = await changedPlan('forbidden');
      const [history, show, prune, rollback] = await Promise.all([
        cli(['--json', 'history', 'plan', plan], { env: { DATABASE_URL: roleUrl } }),
        cli(['show', manual, '--database-url', roleUrl], { env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } }),
        cli(['prune', '--older-than', '1 day'], { env: { DATABASE_URL: roleUrl } }),
        cli(['rollback', 'plan', plan, '--dry-run'], { env: { DATABASE_URL: roleUrl } }),
      ]);
      for (const run of [history, show, prune, rollback]) {
        expect(run.code).toBe(5);
        expect(run.stderr).toMatch(/^error: .*(permission denied|privilege).* \(42501\)$/m);
      }
      expect(doc<ErrorDoc>(history).error).toMatchObject({ name: 'Forbidden', code: '42501', exitCode: 5 });
    });
  });

  it('prune walks the history in batches and keeps what the rule keeps', async () => {
    // Five prompts with three versions each, all ten days old (newest last).
    const prompts = await sql<{ id: string }>(
      `insert into prompts (name, template) select 'cli-prune-' || g, 'v1' from generate_series(1, 5) g returning id`,
    );
    const ids = prompts.map((p) => p.id);
    await sql(`update prompts set template = 'v2' where id = any($1::uuid[])`, [ids]);
    await sql(`update prompts set template = 'v3' where id = any($1::uuid[])`, [ids]);
    await tamper(
      `update checkpoints c set created_at = now() - interval '10 days' - r.rn * interval '1 hour'
         from (select id, row_number() over (partition by entity_id order by seq desc) as rn
                 from checkpoints where entity_id = any($1::uuid[])) r
        where c.id = r.id`,
      [ids],
    );

    const [bad, negative, huge] = await Promise.all([
      cli(['prune', '--older-than', 'a while']),
      cli(['prune', '--older-than', '-1 day']),
      cli(['prune', '--older-than', '30 days', '--keep-last', '3000000000']),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: invalid input syntax for type interval: "a while" \(22007\)$/m);
    expect(negative.code).toBe(2);
    // out of range for the SQL integer (22003): an invalid argument, not an unexpected error
    expect(huge.code).toBe(2);

    const run = await cli(['--json', 'prune', '--older-than', '5 days', '--keep-last', '1', '--batch-size', '2']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = doc<{ removed: number; batches: number; keepLast: number; horizon: string }>(run);
    // Every prompt keeps its newest; everything else here is newer than the horizon.
    expect(result.removed).toBe(10);
    expect(result.keepLast).toBe(1);
    expect(result.batches).toBeGreaterThan(1);
    const left = await sql<{ entity_id: string; n: number }>(
      `select entity_id, count(*)::int as n from checkpoints where entity_id = any($1::uuid[]) group by entity_id`,
      [ids],
    );
    expect(left.map((r) => r.n)).toEqual([1, 1, 1, 1, 1]);
    expect(await sql(`select state_data ->> 'template' as t from checkpoints where entity_id = any($1::uuid[])`, [ids])).toEqual(
      Array(5).fill({ t: 'v3' }),
    );

    const again = await cli(['prune', '--older-than', '5 days']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^removed 0 checkpoints at or before \S+ \S+ \(older than 5 days, keep-last 1\) in \d+ batch/);
  });

  it('verify walks all of history; a corrupted checkpoint makes verify and restore exit 6', async () => {
    const { plan, manual } = await changedPlan('verify');
    const [{ n: total } = { n: 0 }] = await sql<{ n: number }>(`select count(*)::int as n from checkpoints`);

    const clean = await cli(['--json', 'verify', '--batch-size', '7']);
    expect(clean.code).toBe(0);
    expect(doc(clean)).toEqual({ scope: {}, scanned: total, corrupted: 0, findings: [] });

    const [saved] = await sql<{ state_data: unknown; seq: string }>(`select state_data, seq from checkpoints where id = $1`, [manual]);
    await tamper(`update checkpoints set state_data = state_data || '{"title": "tampered"}' where id = $1`, [manual]);
    try {
      const [all, allHuman, one, restore, rollback] = await Promise.all([
        cli(['--json', 'verify', '--batch-size', '7']),
        cli(['verify']),
        cli(['verify', '--type', 'plan', '--id', plan]),
        cli(['restore', manual]),
        cli(['--json', 'rollback', 'plan', plan]),
      ]);
      expect(all.code).toBe(6);
      const found = doc<{ scanned: number; corrupted: number; findings: Array<Record<string, unknown>> }>(all);
      expect(found).toMatchObject({ scanned: total, corrupted: 1 });
      expect(found.findings).toEqual([
        expect.objectContaining({ checkpointId: manual, seq: saved?.seq, entityType: 'plan', entityId: plan }),
      ]);
      expect(all.stderr).toBe('error: 1 corrupted checkpoint found: saved state no longer matches its hash (XX001)\n');
      expect(allHuman.code).toBe(6);
      expect(allHuman.stdout).toMatch(new RegExp(`^all checkpoints: ${total} checkpoints checked, 1 corrupted\n`));
      expect(allHuman.stdout).toMatch(new RegExp(`^\\s*${saved?.seq}\\s+${manual}\\s+plan\\s+${plan}\\s+[0-9a-f]{64}\\s+[0-9a-f]{64}$`, 'm'));
      expect(one.code).toBe(6);
      expect(one.stdout).toMatch(new RegExp(`^plan ${plan}, 1 corrupted\nCHECKPOINT\\s+EXPECTED HASH\\s+ACTUAL HASH\n${manual}\\s`));

      expect(restore.code).toBe(6);
      expect(restore.stderr).toMatch(new RegExp(`^error: .*${manual}.* \\(XX001\\)$`, 'm'));
      expect(rollback.code).toBe(6);
      expect(doc<ErrorDoc>(rollback).error).toMatchObject({ name: 'Corrupted', code: 'XX001', exitCode: 6 });
      // Nothing changed.
      expect(await sql(`select status from plans where id = $1`, [plan])).toEqual([{ status: 'running' }]);
    } finally {
      await tamper(`update checkpoints set state_data = $2 where id = $1`, [manual, saved?.state_data]);
    }
  });

  it('keys create prints the key once (stored hashed); list shows prefixes; revoke; a bad role exits 2', async () => {
    const created = await cli(['--json', 'keys', 'create', '--actor', 'agent:cli', '--role', 'writer']);
    expect(created.stderr).toBe('');
    const key = JSON.parse(created.stdout) as { id: string; key: string; prefix: string; role: string };
    expect(key).toMatchObject({ role: 'writer', actor: 'agent:cli' });
    expect(key.key.startsWith(key.prefix)).toBe(true);
    const human = await cli(['keys', 'create', '--actor', 'agent:cli2', '--role', 'reader']);
    expect(human.stdout.split('\n')[0]).toMatch(/^pgcp_\S{40,}$/);
    const [list, revoke, badRole, noActor] = await Promise.all([
      cli(['keys', 'list']),
      cli(['keys', 'revoke', key.id]),
      cli(['keys', 'create', '--actor', 'x', '--role', 'root']),
      cli(['keys', 'create', '--role', 'reader']),
    ]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`${key.prefix}…`);
    expect(list.stdout).not.toContain(key.key);
    expect(revoke.stdout).toMatch(new RegExp(`^revoked API key ${key.id} of agent:cli`));
    expect(badRole.code).toBe(2);
    expect(noActor.code).toBe(2);
    expect(noActor.stderr).toMatch(/needs --actor/);
    const [row] = await sql<{ revoked: boolean }>(
      `select revoked_at is not null as revoked from pgcheckpoint_api.keys where id = $1`,
      [key.id],
    );
    expect(row?.revoked).toBe(true);
  });

  it('migrate creates the schema on an empty database, then is up to date', async () => {
    const empty = await createTestDatabase({ migrate: false });
    try {
      const first = await cli(['--json', 'migrate'], { env: { DATABASE_URL: empty.url } });
      expect(first.code).toBe(0);
      const result = doc<{ applied: number; total: number }>(first);
      expect(result.applied).toBeGreaterThan(0);
      expect(result.total).toBe(result.applied);
      const [fn] = (
        await empty.pool.query<{ f: string | null }>(
          `select to_regprocedure('rollback_entity(text, uuid, uuid, timestamptz, boolean, boolean)')::text as f`,
        )
      ).rows;
      expect(fn?.f).not.toBeNull();

      const second = await cli(['migrate', '--database-url', empty.url]);
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/: already up to date \(\d+ migrations? in total\)\n$/);
    } finally {
      await empty.drop();
    }
  });

  it('--version prints the package version; with --json as a document', async () => {
    const { version } = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const [text, short, json] = await Promise.all([cli(['--version']), cli(['-V'], { bin: true }), cli(['--json', '--version'])]);
    expect(text).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(short).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(json.code).toBe(0);
    expect(doc(json)).toEqual({ version });
  });

  it('checkpoint, plans, tasks, checkpoints and state: tables for people, a JSON document with --json', async () => {
    const { plan, task } = await changedPlan(`listed ${randomUUID()}`);
    const made = await cli(['--actor', 'cli-user', '--reason', 'before the agent runs', 'checkpoint', 'plan', plan]);
    expect(made.code, made.stderr).toBe(0);
    const [row] = await sql<{ id: string; reason: string; created_by: string; operation: string }>(
      `select id, reason, created_by, operation from checkpoints where entity_id = $1 order by seq desc limit 1`,
      [plan],
    );
    expect(row).toMatchObject({ operation: 'manual', reason: 'before the agent runs', created_by: 'cli-user' });
    expect(made.stdout).toMatch(new RegExp(`^checkpoint ${row?.id} of plan ${plan} \\(seq \\d+, .*reason: before the agent runs\\)\n$`));
    // the caller's trace, passed in the environment (TRACEPARENT), is recorded with its span id
    const madeJson = await cli(['--json', 'checkpoint', 'task', task], {
      env: { TRACEPARENT: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
    });
    expect(doc(madeJson)).toMatchObject({
      entityType: 'task',
      entityId: task,
      operation: 'manual',
      reason: null,
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
    });

    const [plans, plansJson, tasks, tasksJson, checkpoints, checkpointsJson, unknownPlan, badLimit] = await Promise.all([
      cli(['plans']),
      cli(['--json', 'plans']),
      cli(['tasks', plan]),
      cli(['tasks', plan, '--json']),
      cli(['checkpoints', '--type', 'task', '--limit', '1']),
      cli(['--json', 'checkpoints', '--limit', '2']),
      cli(['tasks', '00000000-0000-4000-8000-00000000dead']),
      cli(['checkpoints', '--limit', '0']),
    ]);
    for (const run of [plans, plansJson, tasks, tasksJson, checkpoints, checkpointsJson]) expect(run.code, run.stderr).toBe(0);
    expect(plans.stdout).toMatch(new RegExp(`^${plan}  running  \\S+Z +listed `, 'm'));
    expect(doc<Array<{ id: string }>>(plansJson).map((p) => p.id)).toContain(plan);
    expect(tasks.stdout.split('\n')[0]).toBe(`plan ${plan} (running): 2 tasks, in execution order`);
    expect(tasks.stdout).toMatch(new RegExp(`^ +1  ${task}  done +first$`, 'm'));
    expect(doc<Array<{ title: string; position: number }>>(tasksJson).map((t) => [t.position, t.title])).toEqual([
      [1, 'first'],
      [2, 'second'],
    ]);
    // the newest checkpoint of a task: the manual one of the task just made
    expect(checkpoints.stdout.split('\n')[0]).toBe('the newest 1 checkpoint of type task, newest first');
    expect(checkpoints.stdout.split('\n')[2]).toMatch(new RegExp(`^ *\\d+  task  ${task}  \\S+  manual  `));
    const newest = doc<Array<{ entityType: string; entityId: string; operation: string }>>(checkpointsJson);
    expect(newest).toHaveLength(2);
    expect(newest[0]).toMatchObject({ entityType: 'task', entityId: task, operation: 'manual' });
    expect(unknownPlan.code).toBe(3);
    expect(badLimit.code).toBe(2);

    // state: now, at a time copied from history, before the plan existed
    const [insert] = await sql<{ at: string }>(
      `select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at
         from checkpoints where entity_id = $1 and operation = 'insert'`,
      [plan],
    );
    const [now, then, before, badTime] = await Promise.all([
      cli(['--json', 'state', 'plan', plan]),
      cli(['state', 'plan', plan, '--at', insert?.at ?? '']),
      cli(['--json', 'state', 'plan', plan, '--at', '2000-01-01T00:00:00Z']),
      cli(['state', 'plan', plan, '--at', 'yesterday']),
    ]);
    expect(doc(now)).toMatchObject({ entityType: 'plan', entityId: plan, state: { id: plan, status: 'running' } });
    expect(then.code, then.stderr).toBe(0);
    expect(then.stdout.split('\n')[0]).toBe(`plan ${plan} at ${insert?.at}:`);
    expect(JSON.parse(then.stdout.slice(then.stdout.indexOf('\n') + 1))).toMatchObject({ id: plan, status: 'draft' });
    expect(doc(before)).toEqual({ entityType: 'plan', entityId: plan, at: '2000-01-01T00:00:00Z', state: null });
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toMatch(/^error: invalid argument: --at: expected an ISO 8601 time/);
  });

  it('serve starts the HTTP API; worker starts the background worker', async () => {
    const port = await freePort();
    const serve = await runUntil(['serve', '--port', String(port)], /listening on http:\/\/127\.0\.0\.1:\d+/, async () => {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      expect(res.status).toBe(200);
    });
    expect(serve.code).toBe(0);

    const worker = await runUntil(['worker'], /worker: running/, async () => {});
    expect(worker.code).toBe(0);

    // --json: one JSON line when ready (the notices on stderr)
    const servePort = await freePort();
    // (LOG_LEVEL=info: Fastify logs its start and every request, to stderr)
    const serveJson = await runUntil(
      ['--json', 'serve', '--port', String(servePort)],
      /\}\n/,
      async () => {
        expect((await fetch(`http://127.0.0.1:${servePort}/health`)).status).toBe(200);
      },
      { LOG_LEVEL: 'info' },
    );
    // nothing else on stdout: the worker's, the migrations' and Fastify's log lines go to stderr
    expect(serveJson.stderr).toMatch(/"msg":"request completed"/);
    expect(serveJson.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(serveJson.stdout)).toEqual({
      listening: `http://127.0.0.1:${servePort}`,
      docs: `http://127.0.0.1:${servePort}/docs`,
      database: expect.stringMatching(/^postgres:\/\//),
      psql: null,
      worker: true,
      // DATABASE_URL: no development key is made
      apiKey: null,
      apiKeyFile: null,
    });
    const workerJson = await runUntil(['--json', 'worker'], /\}\n/, async () => {});
    expect(workerJson.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(workerJson.stdout)).toMatchObject({ worker: 'running', concurrency: expect.any(Number) });
  });
});

/** Starts a long-running command, waits for `ready` on stdout, runs `check`, then stops it with SIGTERM. */
function runUntil(args: string[], ready: RegExp, check: () => Promise<void>, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cliEntry, ...args], {
      cwd: repoRoot,
      env: { ...childEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let checked = false;
    let failure: unknown;
    const timer = setTimeout(() => {
      failure = new Error(`no ${String(ready)} within 90 s; stdout: ${stdout}; stderr: ${stderr}`);
      child.kill('SIGKILL');
    }, 90_000);
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (!checked && ready.test(stdout)) {
        checked = true;
        check().then(
          () => child.kill('SIGTERM'),
          (err: unknown) => {
            failure = err;
            child.kill('SIGTERM');
          },
        );
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (failure !== undefined) reject(failure instanceof Error ? failure : new Error(String(failure)));
      else if (!checked) reject(new Error(`exited (${code}) before ${String(ready)}; stdout: ${stdout}; stderr: ${stderr}`));
      else resolve({ code, stdout, stderr });
    });
  });
}
