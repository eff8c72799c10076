/**
 * ETag / If-Match on the entities against a real database: reads and
 * writes return the version's tag; a write with a stale If-Match is a 412
 * and changes nothing.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan, Prompt, Task } from '../src/app/interfaces.ts';
import type { TestDatabase } from './helpers/db.ts';
import { call, closeApp, ok, openApp, problem } from './helpers/http.ts';

let db: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  ({ db, app } = await openApp());
});

afterAll(() => closeApp({ db, app }));

function etagOf(res: { headers: Record<string, unknown> }): string {
  const tag = res.headers.etag;
  expect(tag).toMatch(/^"[A-Za-z0-9_-]+"$/);
  return String(tag);
}

describe('ETag / If-Match', () => {
  it('plans: GET and writes carry the version\'s ETag; a stale If-Match is 412 and changes nothing', async () => {
    const created = await call(app, 'POST', '/plans', { body: { title: 'v1' } });
    const plan = ok<Plan>(created, 201);
    const v1 = etagOf(created);
    const read = await call(app, 'GET', `/plans/${plan.id}`);
    expect(etagOf(read)).toBe(v1);

    const patched = await call(app, 'PATCH', `/plans/${plan.id}`, { body: { title: 'v2' }, headers: { 'if-match': v1 } });
    ok(patched);
    const v2 = etagOf(patched);
    expect(v2).not.toBe(v1);
    expect(etagOf(await call(app, 'GET', `/plans/${plan.id}`))).toBe(v2);

    const stale = await call(app, 'PATCH', `/plans/${plan.id}`, { body: { title: 'lost' }, headers: { 'if-match': v1 } });
    expect(problem(stale, 412, '55000').type).toBe('urn:pg-checkpoint:problem:precondition-failed');
    problem(await call(app, 'DELETE', `/plans/${plan.id}`, { headers: { 'if-match': `W/${v2}` } }), 412, '55000');
    expect(ok<Plan>(await call(app, 'GET', `/plans/${plan.id}`)).title).toBe('v2');

    ok(await call(app, 'PATCH', `/plans/${plan.id}`, { body: { status: 'running' }, headers: { 'if-match': `"x", ${v2}` } }));
    ok(await call(app, 'PATCH', `/plans/${plan.id}`, { body: { title: 'any' }, headers: { 'if-match': '*' } }));
    const current = etagOf(await call(app, 'GET', `/plans/${plan.id}`));
    expect((await call(app, 'DELETE', `/plans/${plan.id}`, { headers: { 'if-match': current } })).statusCode).toBe(204);
    problem(await call(app, 'PATCH', `/plans/${plan.id}`, { body: {}, headers: { 'if-match': '*' } }), 404, 'P0002');
  });

  it('two writers with the same If-Match at once: exactly one wins, the other is 412 (no lost update)', async () => {
    const created = await call(app, 'POST', '/plans', { body: { title: 'contended' } });
    const plan = ok<Plan>(created, 201);
    const tag = etagOf(created);
    for (let round = 0; round < 5; round++) {
      const current = round === 0 ? tag : etagOf(await call(app, 'GET', `/plans/${plan.id}`));
      const answers = await Promise.all(
        ['a', 'b', 'c'].map((w) =>
          call(app, 'PATCH', `/plans/${plan.id}`, { body: { title: `${w}${round}` }, headers: { 'if-match': current } }),
        ),
      );
      expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 412, 412]);
    }
  });

  it('tasks and artifacts: the same', async () => {
    const plan = ok<Plan>(await call(app, 'POST', '/plans', { body: { title: 'p' } }), 201);
    const taskRes = await call(app, 'POST', `/plans/${plan.id}/tasks`, { body: { title: 't' } });
    const task = ok<Task>(taskRes, 201);
    const artifactRes = await call(app, 'POST', `/tasks/${task.id}/artifacts`, { body: { name: 'a.md' } });
    const artifact = ok<{ id: string }>(artifactRes, 201);
    for (const [url, tag, body] of [
      [`/tasks/${task.id}`, etagOf(taskRes), { status: 'done' }],
      [`/artifacts/${artifact.id}`, etagOf(artifactRes), { content: 'x' }],
    ] as const) {
      expect(etagOf(await call(app, 'GET', url))).toBe(tag);
      ok(await call(app, 'PATCH', url, { body, headers: { 'if-match': tag } }));
      problem(await call(app, 'PATCH', url, { body, headers: { 'if-match': tag } }), 412, '55000');
      problem(await call(app, 'DELETE', url, { headers: { 'if-match': tag } }), 412, '55000');
    }
  });

  it('prompts by id and by name, update and revert; a rollback brings the old version\'s tag back', async () => {
    const created = await call(app, 'POST', '/prompts', { body: { name: 'greet', template: 'Hi' } });
    const prompt = ok<Prompt>(created, 201);
    const v1 = etagOf(created);
    expect(etagOf(await call(app, 'GET', '/prompts/by-name/greet'))).toBe(v1);
    const updated = await call(app, 'PATCH', '/prompts/by-name/greet', {
      body: { template: 'Hello' },
      headers: { 'if-match': v1 },
    });
    const { checkpointId } = ok<{ checkpointId: string }>(updated);
    const v2 = etagOf(updated);
    problem(await call(app, 'PATCH', `/prompts/${prompt.id}`, { body: { template: 'x' }, headers: { 'if-match': v1 } }), 412, '55000');
    problem(
      await call(app, 'POST', `/prompts/${prompt.id}/revert`, { body: { checkpointId }, headers: { 'if-match': v1 } }),
      412,
      '55000',
    );
    const reverted = await call(app, 'POST', '/prompts/by-name/greet/revert', {
      body: { checkpointId },
      headers: { 'if-match': v2 },
    });
    ok(reverted);
    expect(etagOf(reverted)).toBe(v1); // exactly the first version again, updated_at included
  });
});
