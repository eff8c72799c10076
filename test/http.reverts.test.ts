/**
 * POST /reverts and GET /units/changes against a real, migrated database:
 * two agents calling the API under their own traces, one reverted and the
 * other's work kept; dry run; the revert itself reverted by its request id;
 * the 409 revert-conflict problem with every conflicting entity; 404, 422,
 * 403 and 500 from real failing calls; the OpenAPI document of both routes.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../src/db.ts';
import { buildApp } from '../src/http/app.ts';
import type { RevertStep, UnitChange } from '../src/lib/interfaces.ts';
import type { Artifact, Plan, Task } from '../src/app/interfaces.ts';
import type { TestDatabase } from './helpers/db.ts';
import { apiKey, call, closeApp, ok, openApp, problem, grantServiceTables, shareKey } from './helpers/http.ts';

let db: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  ({ db, app } = await openApp());
});

afterAll(() => closeApp({ db, app }));

const missing = '00000000-0000-4000-8000-000000000000';

interface RevertResult {
  dryRun: boolean;
  onConflict: string;
  steps: RevertStep[];
}

/** An agent: its calls carry its own trace (a W3C traceparent) and its own API key (its actor). */
async function agent(name: string) {
  const traceId = randomBytes(16).toString('hex');
  const headers = { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` };
  const key = await apiKey(db.pool, 'writer', `agent:${name}`);
  return {
    traceId,
    patch: async <T>(url: string, body: unknown) => ok<T>(await call(app, 'PATCH', url, { body, headers, key })),
    post: async <T>(url: string, body: unknown) => ok<T>(await call(app, 'POST', url, { body, headers, key }), 201),
  };
}

async function revert(body: unknown): Promise<RevertResult> {
  return ok<RevertResult>(await call(app, 'POST', '/reverts', { body }));
}

function sorted<T extends { entityType: string; entityId: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => `${a.entityType} ${a.entityId}`.localeCompare(`${b.entityType} ${b.entityId}`));
}

/** Everything a revert could touch, and the size of the history. */
async function snapshot(): Promise<unknown> {
  const { rows } = await db.pool.query(
    `select (select jsonb_agg(to_jsonb(p) order by p.id) from plans p) as plans,
            (select jsonb_agg(to_jsonb(t) order by t.id) from tasks t) as tasks,
            (select jsonb_agg(to_jsonb(a) order by a.id) from artifacts a) as artifacts,
            (select count(*) from checkpoints) as checkpoints`,
  );
  return rows[0];
}

/** A plan with one task, made without any agent's trace. */
async function planWithTask(title: string): Promise<{ plan: Plan; task: Task }> {
  const plan = ok<Plan>(await call(app, 'POST', '/plans', { body: { title } }), 201);
  const task = ok<Task>(await call(app, 'POST', `/plans/${plan.id}/tasks`, { body: { title: 'draft', position: 1 } }), 201);
  return { plan, task };
}

describe('POST /reverts and GET /units/changes', () => {
  it('two agents, one plan: the planner’s trace is previewed, dry-run, reverted; the writer’s work stays; the revert is reverted by its request id', async () => {
    const { plan, task } = await planWithTask('launch');
    const planner = await agent('planner');
    const writer = await agent('writer');
    await planner.patch<Plan>(`/plans/${plan.id}`, { status: 'running' });
    await planner.patch<Task>(`/tasks/${task.id}`, { title: 'draft v2' });
    const research = await planner.post<Task>(`/plans/${plan.id}/tasks`, { title: 'research', position: 2 });
    await writer.patch<Task>(`/tasks/${task.id}`, { status: 'done' });
    const artifact = await writer.post<Artifact>(`/tasks/${task.id}/artifacts`, { name: 'post.md', content: '# Launch' });

    const changes = ok<UnitChange[]>(await call(app, 'GET', `/units/changes?traceId=${planner.traceId}`));
    expect(changes.map((c) => [c.entityType, c.entityId, c.operation, c.createdBy])).toEqual([
      ['plan', plan.id, 'update', 'agent:planner'],
      ['task', task.id, 'update', 'agent:planner'],
      ['task', research.id, 'insert', 'agent:planner'],
    ]);
    expect(changes[0]?.columns).toEqual(['status', 'updated_at']);
    expect(changes[1]?.columns).toEqual(['title', 'updated_at']);
    expect(changes[0]?.seq).toMatch(/^[0-9]+$/);

    const expected = sorted([
      { entityType: 'plan', entityId: plan.id, action: 'updated', conflict: null },
      { entityType: 'task', entityId: task.id, action: 'updated', conflict: null },
      { entityType: 'task', entityId: research.id, action: 'deleted', conflict: null },
    ]);
    const before = await snapshot();
    const dry = await revert({ traceId: planner.traceId, dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, onConflict: 'abort' });
    expect(sorted(dry.steps)).toEqual(expected);
    expect(await snapshot()).toEqual(before);

    const res = await call(app, 'POST', '/reverts', { body: { traceId: planner.traceId } });
    const done = ok<RevertResult>(res);
    expect(done).toMatchObject({ dryRun: false, onConflict: 'abort' });
    expect(done.steps).toEqual(dry.steps);
    expect(ok<Plan>(await call(app, 'GET', `/plans/${plan.id}`))).toEqual(plan);
    expect(ok<Task>(await call(app, 'GET', `/tasks/${task.id}`))).toMatchObject({ title: 'draft', status: 'done' });
    problem(await call(app, 'GET', `/tasks/${research.id}`), 404, 'P0002');
    expect(ok<Artifact>(await call(app, 'GET', `/artifacts/${artifact.id}`))).toEqual(artifact);

    // The revert's own writes carry its request id (x-request-id)...
    const revertId = res.headers['x-request-id'] as string;
    const made = ok<UnitChange[]>(await call(app, 'GET', `/units/changes?requestId=${revertId}`));
    expect(sorted(made).map((c) => [c.entityType, c.entityId, c.operation])).toEqual(
      sorted(expected).map((s) => [s.entityType, s.entityId, s.action.replace(/d$/, '')]),
    );
    expect(made.every((c) => c.reason === `revert of trace ${planner.traceId}`)).toBe(true);
    // ...and by transaction: the same changes.
    const [cp] = ok<Array<{ transactionId: string }>>(await call(app, 'GET', `/entities/plan/${plan.id}/history`));
    expect(ok<UnitChange[]>(await call(app, 'GET', `/units/changes?transactionId=${cp?.transactionId}`))).toEqual(made);

    // Reverting the revert brings the planner's work back, the writer's still there.
    const undo = await revert({ requestId: revertId });
    expect(sorted(undo.steps)).toEqual(
      sorted([
        { entityType: 'plan', entityId: plan.id, action: 'updated', conflict: null },
        { entityType: 'task', entityId: task.id, action: 'updated', conflict: null },
        { entityType: 'task', entityId: research.id, action: 'inserted', conflict: null },
      ]),
    );
    expect(ok<Task>(await call(app, 'GET', `/tasks/${task.id}`))).toMatchObject({ title: 'draft v2', status: 'done' });
    expect(ok<Task>(await call(app, 'GET', `/tasks/${research.id}`))).toEqual(research);
  });

  it('409 revert-conflict lists every conflicting entity and changes nothing; skip and overwrite go on', async () => {
    const { plan, task } = await planWithTask('contested');
    const a = await agent('a');
    const b = await agent('b');
    await a.patch<Task>(`/tasks/${task.id}`, { title: 'a’s title' });
    await a.patch<Plan>(`/plans/${plan.id}`, { title: 'a’s plan' });
    await b.patch<Task>(`/tasks/${task.id}`, { title: 'b’s title' });

    const before = await snapshot();
    const conflict = problem(await call(app, 'POST', '/reverts', { body: { traceId: a.traceId } }), 409, '55000');
    expect(conflict).toMatchObject({
      type: 'urn:pg-checkpoint:problem:revert-conflict',
      title: 'Revert conflicts with later changes',
    });
    expect(conflict.detail).toContain(task.id);
    expect(conflict.hint).toMatch(/Nothing was changed/);
    expect(conflict.conflicts).toEqual([{ entityType: 'task', entityId: task.id, conflict: 'title' }]);
    expect(await snapshot()).toEqual(before);

    const dry = await revert({ traceId: a.traceId, dryRun: true });
    expect(sorted(dry.steps)).toEqual(
      sorted([
        { entityType: 'plan', entityId: plan.id, action: 'updated', conflict: null },
        { entityType: 'task', entityId: task.id, action: 'skipped', conflict: 'title' },
      ]),
    );
    const skipped = await revert({ traceId: a.traceId, onConflict: 'skip' });
    expect(skipped.onConflict).toBe('skip');
    expect(sorted(skipped.steps)).toEqual(sorted(dry.steps));
    expect(ok<Plan>(await call(app, 'GET', `/plans/${plan.id}`)).title).toBe('contested');
    expect(ok<Task>(await call(app, 'GET', `/tasks/${task.id}`)).title).toBe('b’s title');

    // Now the plan conflicts too (the skip took its title back): overwrite finds it as it was before, nothing to do.
    const overwritten = await revert({ traceId: a.traceId, onConflict: 'overwrite' });
    expect(sorted(overwritten.steps)).toEqual(
      sorted([
        { entityType: 'plan', entityId: plan.id, action: 'none', conflict: 'title' },
        { entityType: 'task', entityId: task.id, action: 'updated', conflict: 'title' },
      ]),
    );
    expect(ok<Task>(await call(app, 'GET', `/tasks/${task.id}`)).title).toBe('draft');
  });

  it('404 when no change matches ([] from /units/changes); 422 for a unit that is not exactly one key or a bad value', async () => {
    const nf = problem(await call(app, 'POST', '/reverts', { body: { requestId: missing } }), 404, 'P0002');
    expect(nf.detail).toContain(`revert of request ${missing}: no captured change matches`);
    problem(await call(app, 'POST', '/reverts', { body: { transactionId: '18446744073709551615' } }), 404, 'P0002');
    expect(ok<unknown[]>(await call(app, 'GET', `/units/changes?requestId=${missing}`))).toEqual([]);

    const paths = async (url: string, body?: unknown): Promise<string[]> => {
      const res = await call(app, body === undefined ? 'GET' : 'POST', url, body === undefined ? {} : { body });
      const p = problem(res, 422, '22023');
      expect(p.type).toBe('urn:pg-checkpoint:problem:invalid-argument');
      return (p.issues ?? []).map((i) => (i.message.includes('exactly one') ? `${i.path}: exactly one` : i.path));
    };
    expect(await paths('/reverts', {})).toEqual(['body: exactly one']);
    expect(await paths('/reverts', { requestId: missing, traceId: 'x' })).toEqual(['body: exactly one']);
    expect(await paths('/reverts', { requestId: 'nope' })).toEqual(['body.requestId']);
    expect(await paths('/reverts', { transactionId: '12a' })).toEqual(['body.transactionId']);
    expect(await paths('/reverts', { transactionId: 7 })).toEqual(['body.transactionId']);
    expect(await paths('/reverts', { transactionId: '18446744073709551616' })).toEqual(['body.transactionId']);
    expect(await paths('/reverts', { requestId: missing, onConflict: 'merge' })).toEqual(['body.onConflict']);
    expect(await paths('/reverts', { requestId: missing, dryRun: 'yes' })).toEqual(['body.dryRun']);
    expect(await paths('/reverts', { requestId: missing, entityId: missing })).toEqual(['body']);
    expect(await paths('/units/changes')).toEqual(['querystring: exactly one']);
    expect(await paths(`/units/changes?requestId=${missing}&transactionId=5`)).toEqual(['querystring: exactly one']);
    expect(await paths('/units/changes?transactionId=x')).toEqual(['querystring.transactionId']);
  });

  it('500 "Checkpoint corrupted" (XX001) when a trigger changes what the revert writes; nothing changes', async () => {
    const { plan } = await planWithTask('meddled');
    const a = await agent('a');
    await a.patch<Plan>(`/plans/${plan.id}`, { title: 'renamed' });
    await db.pool.query(`create function http_revert_meddle() returns trigger language plpgsql as $$
                         begin new.title := new.title || ' (meddled)'; return new; end $$`);
    await db.pool.query(`create trigger http_revert_meddle before update on plans for each row
                         execute function http_revert_meddle()`);
    try {
      const before = await snapshot();
      const res = problem(await call(app, 'POST', '/reverts', { body: { traceId: a.traceId } }), 500, 'XX001');
      expect(res).toMatchObject({ type: 'urn:pg-checkpoint:problem:checkpoint-corrupted', title: 'Checkpoint corrupted' });
      expect(res.detail).toContain(plan.id);
      expect(await snapshot()).toEqual(before);
    } finally {
      await db.pool.query('drop trigger http_revert_meddle on plans; drop function http_revert_meddle()');
    }
  });

  it('403 for a role without SELECT on checkpoints (42501)', async () => {
    const role = `pgcp_rv_${randomBytes(5).toString('hex')}`;
    await db.pool.query(`create role ${role} login`);
    await db.pool.query(`grant select, insert, update, delete on plans, tasks, artifacts, prompts to ${role}`);
    await db.pool.query(`grant insert on request_logs to ${role}`);
    await grantServiceTables(db.pool, role);
    const url = new URL(db.url);
    url.username = role;
    url.password = '';
    const pool: pg.Pool = createPool(url.toString());
    const limited = await buildApp({ pool });
    shareKey(app, limited);
    try {
      const a = await agent('limited');
      const headers = { traceparent: `00-${a.traceId}-00f067aa0ba902b7-01` };
      const plan = ok<Plan>(await call(limited, 'POST', '/plans', { body: { title: 'mine' }, headers }), 201);
      expect(plan.title).toBe('mine');
      const forbidden = problem(await call(limited, 'POST', '/reverts', { body: { traceId: a.traceId } }), 403, '42501');
      expect(forbidden.type).toBe('urn:pg-checkpoint:problem:forbidden');
      problem(await call(limited, 'GET', `/units/changes?traceId=${a.traceId}`), 403, '42501');
      // the owner may
      expect((await revert({ traceId: a.traceId })).steps).toEqual([
        { entityType: 'plan', entityId: plan.id, action: 'deleted', conflict: null },
      ]);
    } finally {
      await limited.close();
      await pool.end();
      await db.pool.query(`drop owned by ${role}`);
      await db.pool.query(`drop role ${role}`);
    }
  });

  it('documents both routes: the 409 of /reverts and the conflicts member of Problem', async () => {
    interface Doc {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { description: string }>; parameters?: Array<{ name: string }> }>
      >;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    }
    const doc = ok<Doc>(await call(app, 'GET', '/openapi.json'));
    expect(Object.keys(doc.paths['/reverts']?.post?.responses ?? {}).sort()).toEqual(['200', '400', '401', '403', '404', '405', '409', '415', '422', '500']);
    expect(doc.paths['/reverts']?.post?.responses['409']?.description).toContain('revert-conflict');
    expect(doc.paths['/units/changes']?.get?.parameters?.map((p) => p.name).sort()).toEqual([
      'cursor',
      'limit',
      'requestId',
      'traceId',
      'transactionId',
    ]);
    expect(doc.components.schemas.Problem?.properties?.conflicts).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/RevertConflict' },
    });
  });
});
