/**
 * Idempotency-Key on POST against a real database: a retry replays the
 * first response and writes nothing; a retry while the first runs is a 409;
 * the same key with another body a 422; keys are per API key.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../src/app/interfaces.ts';
import type { TestDatabase } from './helpers/db.ts';
import { withSession } from './helpers/db.ts';
import { apiKey, call, closeApp, ok, openApp, problem } from './helpers/http.ts';

let db: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  ({ db, app } = await openApp());
});

afterAll(() => closeApp({ db, app }));

async function plansTitled(title: string): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>('select count(*)::int as n from plans where title = $1', [title]);
  return rows[0]?.n ?? 0;
}

async function checkpointCount(): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>('select count(*)::int as n from checkpoints');
  return rows[0]?.n ?? 0;
}

describe('Idempotency-Key', () => {
  it('a retry returns the first response (status, body, Location) and writes nothing', async () => {
    const headers = { 'idempotency-key': 'create-plan-1' };
    const first = await call(app, 'POST', '/plans', { body: { title: 'once' }, headers });
    const plan = ok<Plan>(first, 201);
    const checkpoints = await checkpointCount();
    const retry = await call(app, 'POST', '/plans', { body: { title: 'once' }, headers });
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(plan);
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers['content-type']).toMatch(/^application\/json/);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await plansTitled('once')).toBe(1);
    expect(await checkpointCount()).toBe(checkpoints);
  });

  it('a failed first response (4xx) is replayed too; the same key with another body is 422', async () => {
    const headers = { 'idempotency-key': 'bad-checkpoint' };
    const body = { entityType: 'plan', entityId: '00000000-0000-4000-8000-000000000000' };
    const first = problem(await call(app, 'POST', '/checkpoints', { body, headers }), 404, 'P0002');
    const retry = await call(app, 'POST', '/checkpoints', { body, headers });
    expect(retry.statusCode).toBe(404);
    expect(retry.headers['content-type']).toMatch(/^application\/problem\+json/);
    // the first response as it was (its request id too), under this request's own x-request-id
    expect(retry.json()).toEqual(first);
    expect(retry.headers['x-request-id']).not.toBe(first.requestId);
    const other = problem(
      await call(app, 'POST', '/checkpoints', { body: { ...body, reason: 'other' }, headers }),
      422,
      '22023',
    );
    expect(other.type).toBe('urn:pg-checkpoint:problem:idempotency-key-reused');
    problem(await call(app, 'POST', '/plans', { body: { title: 'x' }, headers }), 422, '22023');
  });

  it('keys are per API key: another client\'s same key is a request of its own', async () => {
    const headers = { 'idempotency-key': 'shared-name' };
    const other = await apiKey(db.pool, 'writer', 'other-client');
    const a = ok<Plan>(await call(app, 'POST', '/plans', { body: { title: 'per key' }, headers }), 201);
    const b = ok<Plan>(await call(app, 'POST', '/plans', { body: { title: 'per key' }, headers, key: other }), 201);
    expect(b.id).not.toBe(a.id);
    expect(await plansTitled('per key')).toBe(2);
  });

  it('a retry while the first request still runs is 409 with Retry-After; afterwards it replays', async () => {
    const headers = { 'idempotency-key': 'slow-one' };
    await withSession(db.url, async (blocker) => {
      await blocker.query('begin');
      await blocker.query('lock table plans in exclusive mode');
      const first = call(app, 'POST', '/plans', { body: { title: 'slow' }, headers });
      // the first request has claimed its key (and now waits for the lock)
      for (;;) {
        const { rows } = await db.pool.query(
          `select 1 from pgcheckpoint_api.idempotency where idempotency_key = 'slow-one'`,
        );
        if (rows.length > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      const concurrent = await call(app, 'POST', '/plans', { body: { title: 'slow' }, headers });
      expect(problem(concurrent, 409, '55P03').type).toBe('urn:pg-checkpoint:problem:idempotency-in-progress');
      expect(concurrent.headers['retry-after']).toBe('1');
      await blocker.query('commit');
      const plan = ok<Plan>(await first, 201);
      const retry = await call(app, 'POST', '/plans', { body: { title: 'slow' }, headers });
      expect(retry.json()).toEqual(plan);
    });
    expect(await plansTitled('slow')).toBe(1);
  });

  it('concurrent duplicates: exactly one write; every answer is that response or a 409', async () => {
    const headers = { 'idempotency-key': 'burst' };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => call(app, 'POST', '/plans', { body: { title: 'burst' }, headers })),
    );
    expect(await plansTitled('burst')).toBe(1);
    const created = answers.filter((r) => r.statusCode === 201).map((r) => r.json<Plan>().id);
    expect(new Set(created).size).toBe(1);
    expect(answers.every((r) => r.statusCode === 201 || r.statusCode === 409)).toBe(true);
  });

  it('a retried POST /plans/{id}/run queues one run: the retry gets the same 202 and run id', async () => {
    const plan = ok<Plan>(await call(app, 'POST', '/plans', { body: { title: 'run once' } }), 201);
    const headers = { 'idempotency-key': `run-${plan.id}` };
    const first = await call(app, 'POST', `/plans/${plan.id}/run`, { body: {}, headers });
    const run = ok<{ id: string }>(first, 202);
    const retry = await call(app, 'POST', `/plans/${plan.id}/run`, { body: {}, headers });
    expect(retry.statusCode).toBe(202);
    expect(retry.json()).toEqual(first.json());
    expect(retry.headers.location).toBe(`/runs/${run.id}`);
    // without the key, a second run of the same plan is refused as a duplicate (409), not replayed
    problem(await call(app, 'POST', `/plans/${plan.id}/run`, { body: {} }), 409, '23505');
    const { rows } = await db.pool.query('select id from plan_runs where plan_id = $1', [plan.id]);
    expect(rows).toEqual([{ id: run.id }]);
  });

  it('a malformed key is 422; POSTs without the header are not deduplicated', async () => {
    const bad = problem(
      await call(app, 'POST', '/plans', { body: { title: 'x' }, headers: { 'idempotency-key': 'with space' } }),
      422,
      '22023',
    );
    expect(bad.issues?.[0]?.path).toBe('headers.idempotency-key');
    ok(await call(app, 'POST', '/plans', { body: { title: 'twice' } }), 201);
    ok(await call(app, 'POST', '/plans', { body: { title: 'twice' } }), 201);
    expect(await plansTitled('twice')).toBe(2);
  });
});
