/**
 * The HTTP API's resources against a real, migrated database: CRUD of
 * plans, tasks, artifacts and prompts (prompt updates checkpoint first,
 * reverts), and the 404 / 409 / 422 problems of real
 * failing calls.
 */
import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Checkpoint } from '../src/lib/interfaces.ts';
import type { Artifact, Plan, Prompt, Task } from '../src/app/interfaces.ts';
import type { TestDatabase } from './helpers/db.ts';
import { call, closeApp, ok, openApp, problem } from './helpers/http.ts';

let db: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  ({ db, app } = await openApp());
});

afterAll(() => closeApp({ db, app }));

const missing = '00000000-0000-4000-8000-000000000000';

async function newPlan(title = 'plan'): Promise<Plan> {
  return ok<Plan>(await call(app, 'POST', '/plans', { body: { title } }), 201);
}

async function newTask(planId: string, title: string, position?: number): Promise<Task> {
  const body = position === undefined ? { title } : { title, position };
  return ok<Task>(await call(app, 'POST', `/plans/${planId}/tasks`, { body }), 201);
}

describe('plans', () => {
  it('create (201, Location), list, get, patch, delete (204), then 404', async () => {
    const res = await call(app, 'POST', '/plans', { body: { title: 'ship it' } });
    const plan = ok<Plan>(res, 201);
    expect(plan).toMatchObject({ title: 'ship it', status: 'draft' });
    expect(res.headers.location).toBe(`/plans/${plan.id}`);
    expect(new Date(plan.createdAt).toString()).not.toBe('Invalid Date');

    const list = ok<Plan[]>(await call(app, 'GET', '/plans'));
    expect(list.map((p) => p.id)).toContain(plan.id);
    expect(ok<Plan>(await call(app, 'GET', `/plans/${plan.id}`))).toEqual(plan);

    const patched = ok<Plan>(await call(app, 'PATCH', `/plans/${plan.id}`, { body: { status: 'cancelled' } }));
    expect(patched).toMatchObject({ id: plan.id, title: 'ship it', status: 'cancelled' });

    const del = await call(app, 'DELETE', `/plans/${plan.id}`);
    expect(del.statusCode).toBe(204);
    expect(del.body).toBe('');
    const gone = problem(await call(app, 'GET', `/plans/${plan.id}`), 404, 'P0002');
    expect(gone).toMatchObject({ type: 'urn:pg-checkpoint:problem:not-found', title: 'Not found' });
    expect(gone.detail).toContain(plan.id);
    problem(await call(app, 'DELETE', `/plans/${plan.id}`), 404, 'P0002');
    problem(await call(app, 'PATCH', `/plans/${plan.id}`, { body: { title: 'x' } }), 404, 'P0002');
  });

  it('422 for a bad uuid, a missing or mistyped field, an unknown field, a bad status — naming each', async () => {
    const badId = problem(await call(app, 'GET', '/plans/not-a-uuid'), 422, '22023');
    expect(badId).toMatchObject({ type: 'urn:pg-checkpoint:problem:invalid-argument', title: 'Invalid argument' });
    expect(badId.issues).toEqual([{ path: 'params.id', message: expect.any(String) }]);

    const noTitle = problem(await call(app, 'POST', '/plans', { body: {} }), 422, '22023');
    expect(noTitle.issues?.map((i) => i.path)).toEqual(['body.title']);

    const several = problem(
      await call(app, 'POST', '/plans', { body: { title: 7, status: 'sleeping', owner: 'me' } }),
      422,
      '22023',
    );
    expect(several.issues?.map((i) => i.path).sort()).toEqual(['body', 'body.status', 'body.title']);
    expect(several.detail).toContain('owner');

    const empty = problem(await call(app, 'PATCH', `/plans/${missing}`, { body: { title: '' } }), 422, '22023');
    expect(empty.issues?.[0]?.path).toBe('body.title');

    const badJson = await call(app, 'POST', '/plans', {
      body: '{"title":',
      headers: { 'content-type': 'application/json' },
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(badJson.json()).toMatchObject({ status: 400, code: '22P02' });
  });

  it('unknown route: 404 no-route problem (not P0002); known path, wrong method: 405 with Allow', async () => {
    const res = problem(await call(app, 'GET', '/no/such/route'), 404, '42704');
    expect(res).toMatchObject({ type: 'urn:pg-checkpoint:problem:no-route', detail: 'no route GET /no/such/route' });
    const wrong = await call(app, 'PUT', '/plans');
    expect(problem(wrong, 405, '0A000').type).toBe('urn:pg-checkpoint:problem:method-not-allowed');
    expect(wrong.headers.allow).toBe('GET, HEAD, POST');
    expect((await call(app, 'DELETE', `/plans`)).headers.allow).toBe('GET, HEAD, POST');
  });

  it('wrong media type: 415 problem', async () => {
    for (const type of ['text/plain', 'application/xml']) {
      const res = await call(app, 'POST', '/plans', { body: 'title=x', headers: { 'content-type': type } });
      expect(problem(res, 415, '22023').type, type).toBe('urn:pg-checkpoint:problem:unsupported-media-type');
    }
  });
});

describe('times', () => {
  const micros = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

  it('are ISO 8601 in UTC with microseconds, as the database has them', async () => {
    const plan = await newPlan('timed');
    expect(plan.createdAt).toMatch(micros);
    expect(plan.updatedAt).toMatch(micros);
    const { rows } = await db.pool.query<{ same: boolean }>(
      'select updated_at = $2::timestamptz as same from plans where id = $1',
      [plan.id, plan.updatedAt],
    );
    expect(rows[0]?.same).toBe(true);
    const [insert] = ok<{ createdAt: string }[]>(await call(app, 'GET', `/entities/plan/${plan.id}/history`));
    expect(insert?.createdAt).toBe(plan.updatedAt);
  });

  it('state?at=<a returned updatedAt> is that very version (not the one before it)', async () => {
    const plan = await newPlan('version 1');
    const v2 = ok<Plan>(await call(app, 'PATCH', `/plans/${plan.id}`, { body: { title: 'version 2' } }));
    ok(await call(app, 'PATCH', `/plans/${plan.id}`, { body: { title: 'version 3' } }));
    for (const [version, title] of [
      [plan, 'version 1'],
      [v2, 'version 2'],
    ] as const) {
      const at = encodeURIComponent(version.updatedAt);
      const state = ok<{ state: { title: string } }>(await call(app, 'GET', `/entities/plan/${plan.id}/state?at=${at}`));
      expect(state.state.title).toBe(title);
    }
  });
});

describe('tasks', () => {
  it('create under a plan, list in position order, get, patch (move), delete', async () => {
    const plan = await newPlan();
    const second = await newTask(plan.id, 'second', 2);
    const res = await call(app, 'POST', `/plans/${plan.id}/tasks`, { body: { title: 'first', position: 1 } });
    const first = ok<Task>(res, 201);
    expect(res.headers.location).toBe(`/tasks/${first.id}`);
    expect(first).toMatchObject({ planId: plan.id, title: 'first', position: 1, status: 'pending', error: null });

    const list = ok<Task[]>(await call(app, 'GET', `/plans/${plan.id}/tasks`));
    expect(list.map((t) => t.title)).toEqual(['first', 'second']);
    expect(ok<Task>(await call(app, 'GET', `/tasks/${first.id}`))).toEqual(first);

    const other = await newPlan('other');
    const moved = ok<Task>(
      await call(app, 'PATCH', `/tasks/${second.id}`, { body: { planId: other.id, status: 'done' } }),
    );
    expect(moved).toMatchObject({ planId: other.id, status: 'done' });
    expect(ok<Task[]>(await call(app, 'GET', `/plans/${plan.id}/tasks`)).map((t) => t.id)).toEqual([first.id]);

    expect((await call(app, 'DELETE', `/tasks/${first.id}`)).statusCode).toBe(204);
    problem(await call(app, 'GET', `/tasks/${first.id}`), 404, 'P0002');
  });

  it('409 (23503) for a task of a plan that does not exist; 422 for planId in the body of a create', async () => {
    const res = problem(await call(app, 'POST', `/plans/${missing}/tasks`, { body: { title: 't' } }), 409, '23503');
    expect(res).toMatchObject({ type: 'urn:pg-checkpoint:problem:conflict', title: 'Conflict' });
    const plan = await newPlan();
    problem(
      await call(app, 'POST', `/plans/${plan.id}/tasks`, { body: { title: 't', planId: plan.id } }),
      422,
      '22023',
    );
    problem(await call(app, 'PATCH', `/tasks/${missing}`, { body: { position: 1.5 } }), 422, '22023');
  });
});

describe('artifacts', () => {
  it('create under a task, list, get, patch, delete', async () => {
    const plan = await newPlan();
    const task = await newTask(plan.id, 'write', 1);
    const res = await call(app, 'POST', `/tasks/${task.id}/artifacts`, { body: { name: 'out.md', content: 'v1' } });
    const artifact = ok<Artifact>(res, 201);
    expect(res.headers.location).toBe(`/artifacts/${artifact.id}`);
    expect(artifact).toMatchObject({ taskId: task.id, name: 'out.md', content: 'v1' });

    expect(ok<Artifact[]>(await call(app, 'GET', `/tasks/${task.id}/artifacts`))).toEqual([artifact]);
    expect(ok<Artifact>(await call(app, 'GET', `/artifacts/${artifact.id}`))).toEqual(artifact);
    const patched = ok<Artifact>(await call(app, 'PATCH', `/artifacts/${artifact.id}`, { body: { content: null } }));
    expect(patched.content).toBeNull();

    expect((await call(app, 'DELETE', `/artifacts/${artifact.id}`)).statusCode).toBe(204);
    problem(await call(app, 'GET', `/artifacts/${artifact.id}`), 404, 'P0002');
    problem(await call(app, 'POST', `/tasks/${missing}/artifacts`, { body: { name: 'x' } }), 409, '23503');
  });
});

describe('prompts', () => {
  it('create, 409 (23505) for a taken name, get by id and by name, list', async () => {
    const prompt = ok<Prompt>(
      await call(app, 'POST', '/prompts', { body: { name: 'greet', template: 'Hi {{n}}' } }),
      201,
    );
    const dup = problem(await call(app, 'POST', '/prompts', { body: { name: 'greet', template: 'x' } }), 409, '23505');
    expect(dup.detail).toContain('greet');

    expect(ok<Prompt>(await call(app, 'GET', `/prompts/${prompt.id}`))).toEqual(prompt);
    expect(ok<Prompt>(await call(app, 'GET', '/prompts/by-name/greet'))).toEqual(prompt);
    expect(ok<Prompt[]>(await call(app, 'GET', '/prompts')).map((p) => p.name)).toContain('greet');
    const nf = problem(await call(app, 'GET', '/prompts/by-name/nobody'), 404, 'P0002');
    expect(nf.detail).toContain('nobody');
    // a name too long for its unique index is the caller's error (54000), not a 500
    const tooLong = randomBytes(6000).toString('base64'); // incompressible: too big for a btree entry
    problem(await call(app, 'POST', '/prompts', { body: { name: tooLong, template: 'x' } }), 422, '54000');
  });

  it('an update (by name or id) checkpoints the current version first; revert returns to it', async () => {
    const prompt = ok<Prompt>(
      await call(app, 'POST', '/prompts', { body: { name: 'summarize', template: 'v1' } }),
      201,
    );

    const res = await call(app, 'PATCH', '/prompts/by-name/summarize', { body: { template: 'v2', reason: 'tune' } });
    const first = ok<{ prompt: Prompt; checkpointId: string }>(res);
    expect(first.prompt).toMatchObject({ id: prompt.id, template: 'v2' });
    const saved = ok<Checkpoint>(await call(app, 'GET', `/checkpoints/${first.checkpointId}`));
    expect(saved).toMatchObject({ operation: 'manual', entityType: 'prompt', entityId: prompt.id, reason: 'tune' });
    expect(saved.stateData).toMatchObject({ template: 'v1' });
    expect(saved.requestId).toBe(res.headers['x-request-id']);

    const second = ok<{ prompt: Prompt; checkpointId: string }>(
      await call(app, 'PATCH', `/prompts/${prompt.id}`, { body: { template: 'v3' } }),
    );
    expect(second.prompt.template).toBe('v3');
    expect(ok<Checkpoint>(await call(app, 'GET', `/checkpoints/${second.checkpointId}`)).reason).toBe(
      'before update of prompt summarize',
    );

    const reverted = ok<Prompt>(
      await call(app, 'POST', '/prompts/by-name/summarize/revert', { body: { checkpointId: first.checkpointId } }),
    );
    expect(reverted).toMatchObject({ id: prompt.id, template: 'v1' });
    const again = ok<Prompt>(
      await call(app, 'POST', `/prompts/${prompt.id}/revert`, { body: { checkpointId: second.checkpointId } }),
    );
    expect(again.template).toBe('v2');

    problem(await call(app, 'PATCH', '/prompts/by-name/nobody', { body: { template: 'x' } }), 404, 'P0002');
    problem(
      await call(app, 'PATCH', `/prompts/${prompt.id}`, { body: { name: 'renamed', template: 'x' } }),
      422,
      '22023',
    );
  });

  it('revert to a checkpoint of another entity is 422; delete is 204', async () => {
    const a = ok<Prompt>(await call(app, 'POST', '/prompts', { body: { name: 'a', template: 'a1' } }), 201);
    ok<Prompt>(await call(app, 'POST', '/prompts', { body: { name: 'b', template: 'b1' } }), 201);
    const { checkpointId } = ok<{ checkpointId: string }>(
      await call(app, 'PATCH', '/prompts/by-name/a', { body: { template: 'a2' } }),
    );
    const wrong = problem(
      await call(app, 'POST', '/prompts/by-name/b/revert', { body: { checkpointId } }),
      422,
      '22023',
    );
    expect(wrong.detail).toContain(checkpointId);
    problem(await call(app, 'POST', `/prompts/${a.id}/revert`, { body: { checkpointId: missing } }), 404, 'P0002');

    expect((await call(app, 'DELETE', `/prompts/${a.id}`)).statusCode).toBe(204);
    problem(await call(app, 'GET', '/prompts/by-name/a'), 404, 'P0002');
  });
});
