/**
 * Cursor pagination of every list and of history, against a real database:
 * pages in order, a Link to the next one, none after the last, and stable
 * while rows are inserted between pages.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan, Task } from '../src/app/interfaces.ts';
import type { TestDatabase } from './helpers/db.ts';
import { call, closeApp, ok, openApp, problem } from './helpers/http.ts';

let db: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  ({ db, app } = await openApp());
});

afterAll(() => closeApp({ db, app }));

function nextLink(res: LightMyRequestResponse): string | undefined {
  const link = res.headers.link;
  if (link === undefined) return undefined;
  const match = /^<([^>]+)>; rel="next"$/.exec(String(link));
  expect(match, String(link)).not.toBeNull();
  return match?.[1];
}

/** Every item of a list, following the Link headers from `url`; also the page sizes. */
async function walk<T>(url: string, between?: () => Promise<void>): Promise<{ items: T[]; sizes: number[] }> {
  const items: T[] = [];
  const sizes: number[] = [];
  for (let next: string | undefined = url; next !== undefined; ) {
    const res = await call(app, 'GET', next);
    const page = ok<T[]>(res);
    items.push(...page);
    sizes.push(page.length);
    next = nextLink(res);
    if (next !== undefined) await between?.();
  }
  return { items, sizes };
}

describe('cursor pagination', () => {
  it('plans: pages of `limit` in order; the last page has no Link; a new plan between pages shifts nothing', async () => {
    const before = ok<Plan[]>(await call(app, 'GET', '/plans?limit=1000'));
    for (let i = 0; i < 5; i++) ok(await call(app, 'POST', '/plans', { body: { title: `paged ${i}` } }), 201);
    const all = ok<Plan[]>(await call(app, 'GET', '/plans?limit=1000'));
    expect(all.length).toBe(before.length + 5);

    let added = 0;
    const { items, sizes } = await walk<Plan>('/plans?limit=2', async () => {
      // a concurrent writer: each inserted plan is newer than every page read so far
      added++;
      ok(await call(app, 'POST', '/plans', { body: { title: `meanwhile ${added}` } }), 201);
    });
    const ids = items.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length); // none twice
    expect(ids.slice(0, all.length)).toEqual(all.map((p) => p.id)); // none skipped, in order
    expect(sizes.slice(0, -1).every((n) => n === 2)).toBe(true);
  });

  it('tasks in execution order (position, unpositioned last) across pages', async () => {
    const plan = ok<Plan>(await call(app, 'POST', '/plans', { body: { title: 'ordered' } }), 201);
    for (const position of [3, undefined, 1, 2, undefined]) {
      const body = position === undefined ? { title: 'none' } : { title: `p${position}`, position };
      ok(await call(app, 'POST', `/plans/${plan.id}/tasks`, { body }), 201);
    }
    const whole = ok<Task[]>(await call(app, 'GET', `/plans/${plan.id}/tasks`));
    const { items, sizes } = await walk<Task>(`/plans/${plan.id}/tasks?limit=2`);
    expect(items).toEqual(whole);
    expect(items.map((t) => t.position)).toEqual([1, 2, 3, null, null]);
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('history newest first, artifacts, prompts, unit changes: the same walk gives the whole list', async () => {
    const plan = ok<Plan>(await call(app, 'POST', '/plans', { body: { title: 'h0' } }), 201);
    const update = await call(app, 'PATCH', `/plans/${plan.id}`, { body: { title: 'h1' } });
    ok(update);
    for (let i = 2; i < 6; i++) ok(await call(app, 'PATCH', `/plans/${plan.id}`, { body: { title: `h${i}` } }));
    const history = await walk<{ seq: string; stateData: { title: string } }>(`/entities/plan/${plan.id}/history?limit=4`);
    expect(history.items.map((c) => c.stateData.title)).toEqual(['h5', 'h4', 'h3', 'h2', 'h1', 'h0']);
    expect(history.sizes).toEqual([4, 2]);

    const task = ok<Task>(await call(app, 'POST', `/plans/${plan.id}/tasks`, { body: { title: 't' } }), 201);
    for (let i = 0; i < 3; i++) ok(await call(app, 'POST', `/tasks/${task.id}/artifacts`, { body: { name: `a${i}` } }), 201);
    const artifacts = await walk<{ name: string }>(`/tasks/${task.id}/artifacts?limit=2`);
    expect(artifacts.items.map((a) => a.name)).toEqual(['a0', 'a1', 'a2']);

    for (const name of ['zeta', 'alpha', 'mu']) ok(await call(app, 'POST', '/prompts', { body: { name, template: 'x' } }), 201);
    const prompts = await walk<{ name: string }>('/prompts?limit=1');
    expect(prompts.items.map((p) => p.name)).toEqual(['alpha', 'mu', 'zeta']);

    const requestId = String(update.headers['x-request-id']);
    const changes = await walk<{ entityId: string }>(`/units/changes?requestId=${requestId}&limit=1`);
    expect(changes.items.map((c) => c.entityId)).toEqual([plan.id]);
    expect(changes.sizes).toEqual([1]);
  });

  it('a bad limit or a forged cursor is 422', async () => {
    for (const query of ['limit=0', 'limit=1001', 'limit=x', 'cursor=bm90LWEtY3Vyc29y', 'cursor=%5B']) {
      const res = problem(await call(app, 'GET', `/plans?${query}`), 422, '22023');
      expect(res.issues?.[0]?.path, query).toMatch(/^querystring\./);
    }
  });
});
