/**
 * What every request carries, against a real, migrated database: its
 * request_logs row and x-request-id header, the actor and trace of its
 * writes' checkpoints; an unexpected failure as a 500 problem that leaks
 * nothing; and the OpenAPI document (valid, every route with its schemas).
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../src/db.ts';
import { buildApp } from '../src/http/app.ts';
import { PlanExecutor } from '../src/app/executor.ts';
import { getRun } from '../src/app/runs.ts';
import { CheckpointService } from '../src/lib/checkpoints.ts';
import type { Checkpoint } from '../src/lib/interfaces.ts';
import type { Plan } from '../src/app/interfaces.ts';
import type { TestDatabase } from './helpers/db.ts';
import { apiKey, call, closeApp, ok, openApp, problem } from './helpers/http.ts';

let db: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  ({ db, app } = await openApp());
});

afterAll(() => closeApp({ db, app }));

/** The parts of an OpenAPI document these tests read. */
interface OpenApiDoc {
  openapi: string;
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}
interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: { in: string; name: string; schema?: unknown }[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const traceparent = `00-${traceId}-00f067aa0ba902b7-01`;

async function requestLog(id: string): Promise<{ method: string; path: string } | undefined> {
  const { rows } = await db.pool.query<{ method: string; path: string }>(
    'select method, path from request_logs where id = $1',
    [id],
  );
  return rows[0];
}

async function requestLogCount(): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>('select count(*)::int as n from request_logs');
  return rows[0]?.n ?? 0;
}

async function historyOf(planId: string): Promise<Checkpoint[]> {
  return ok<Checkpoint[]>(await call(app, 'GET', `/entities/plan/${planId}/history`));
}

describe('request context', () => {
  it('a write: request_logs row = x-request-id; its checkpoint carries request id, the key\'s actor and trace id', async () => {
    const res = await call(app, 'POST', '/plans', {
      body: { title: 'traced' },
      headers: { 'x-actor': 'someone else', traceparent },
      key: await apiKey(db.pool, 'writer', 'agent:planner'),
    });
    const plan = ok<Plan>(res, 201);
    const requestId = res.headers['x-request-id'];
    expect(requestId).toMatch(uuid);
    expect(await requestLog(String(requestId))).toEqual({ method: 'POST', path: '/plans' });

    const [insert] = await historyOf(plan.id);
    expect(insert).toMatchObject({
      operation: 'insert',
      requestId,
      traceId,
      createdBy: 'agent:planner',
    });
  });

  it("a plan run: the executor's writes carry the run request's id, actor and trace; each step's writes its own request id", async () => {
    const plan = ok<Plan>(await call(app, 'POST', '/plans', { body: { title: 'run traced' } }), 201);
    ok(await call(app, 'POST', `/plans/${plan.id}/tasks`, { body: { title: 'write', position: 1 } }), 201);
    const res = await call(app, 'POST', `/plans/${plan.id}/run`, {
      body: { policy: 'skip' },
      headers: { traceparent },
      key: await apiKey(db.pool, 'writer', 'agent:runner'),
    });
    const run = ok<{ id: string }>(res, 202);
    const requestId = res.headers['x-request-id'];
    // What the run_plan job does, in this process.
    const executor = new PlanExecutor({ pool: db.pool, service: new CheckpointService(db.pool) }).register(
      'write',
      async ({ artifacts }) => {
        await artifacts.write('out.md', 'x');
      },
    );
    expect(await executor.execute(run.id)).toMatchObject({ status: 'succeeded' });
    const steps = await getRun(db.pool, run.id);
    const stepRequest = steps.steps[0]?.requestId;
    const { rows } = await db.pool.query<{ entity_type: string; operation: string; request: string; ok: boolean }>(
      `select entity_type, operation,
              case request_id when $2::uuid then 'run' when $4::uuid then 'step' else coalesce(request_id::text, 'none') end as request,
              trace_id = $3 and created_by = 'agent:runner' as ok
         from checkpoints
        where seq > (select max(seq) from checkpoints where parent_id = $1 and operation = 'insert' and entity_type = 'task')
          and (entity_id = $1 or parent_id = $1 or parent_id in (select id from tasks where plan_id = $1))
        order by seq`,
      [plan.id, requestId, traceId, stepRequest],
    );
    expect(rows.filter((r) => !r.ok)).toEqual([]);
    expect(rows.map((r) => [r.entity_type, r.operation, r.request])).toEqual([
      ['plan', 'update', 'run'], // running
      ['plan', 'manual', 'run'], // before the step
      ['task', 'update', 'run'], // running
      ['artifact', 'insert', 'step'],
      ['task', 'update', 'run'], // done
      ['plan', 'update', 'run'], // succeeded
    ]);
  });

  it('the actor is the API key\'s; a malformed traceparent is ignored, not an error', async () => {
    const res = await call(app, 'POST', '/plans', {
      body: { title: 'untraced' },
      headers: { traceparent: '00-not-a-trace-01' },
    });
    const plan = ok<Plan>(res, 201);
    const [insert] = await historyOf(plan.id);
    expect(insert).toMatchObject({ requestId: res.headers['x-request-id'], traceId: null, createdBy: 'test-admin' });
  });

  it('writes are logged, failed ones and unknown routes too, with the query string; each id is new', async () => {
    const write = await call(app, 'POST', '/plans?x=1', { body: { title: 'logged' } });
    const invalid = await call(app, 'PATCH', '/plans/nope', { body: {} });
    const unknown = await call(app, 'DELETE', '/nowhere');
    const ids = [write, invalid, unknown].map((r) => String(r.headers['x-request-id']));
    expect(new Set(ids).size).toBe(3);
    expect(await requestLog(ids[0] ?? '')).toEqual({ method: 'POST', path: '/plans?x=1' });
    expect(await requestLog(ids[1] ?? '')).toEqual({ method: 'PATCH', path: '/plans/nope' });
    expect(await requestLog(ids[2] ?? '')).toEqual({ method: 'DELETE', path: '/nowhere' });
  });

  it('reads are not logged, nor requests refused for want of a key (but each answers with an x-request-id)', async () => {
    const before = await requestLogCount();
    const read = await call(app, 'GET', '/plans?x=1');
    const missing = await call(app, 'GET', '/plans/nope');
    const refused = await call(app, 'POST', '/plans', { body: { title: 'no key' }, key: null });
    expect(read.statusCode).toBe(200);
    problem(refused, 401, '28000');
    for (const res of [read, missing, refused]) expect(res.headers['x-request-id']).toMatch(uuid);
    expect(await requestLogCount()).toBe(before);
  });

  it('an incoming x-request-id is not trusted', async () => {
    const mine = '11111111-1111-4111-8111-111111111111';
    const res = await call(app, 'POST', '/plans', { body: { title: 'mine' }, headers: { 'x-request-id': mine } });
    expect(res.headers['x-request-id']).not.toBe(mine);
    expect(await requestLog(mine)).toBeUndefined();
  });

  it('/health, /docs and /openapi.json are not logged (but answer with an x-request-id)', async () => {
    const before = await requestLogCount();
    const health = await call(app, 'GET', '/health');
    expect(health.statusCode).toBe(200);
    expect(health.headers['x-request-id']).toMatch(uuid);
    const docs = await call(app, 'GET', '/docs');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/^text\/html/);
    expect((await call(app, 'GET', '/openapi.json')).statusCode).toBe(200);
    expect(await requestLogCount()).toBe(before);
  });

  it('an unexpected failure is a 500 problem (XX000) that names the request and leaks nothing', async () => {
    const pool = createPool(db.url);
    const broken = await buildApp({ pool });
    try {
      await pool.end(); // every query now fails with a pg-pool error that is no CheckpointError
      const res = await call(broken, 'GET', '/plans', { key: 'pgcp_any' });
      const body = problem(res, 500, 'XX000');
      expect(body).toMatchObject({ type: 'urn:pg-checkpoint:problem:internal-error', title: 'Internal Server Error' });
      expect(body.detail).toBe(`An unexpected error occurred. Quote request id ${body.requestId} when reporting it.`);
      expect(res.body).not.toMatch(/pool|stack|\.ts/i);
    } finally {
      await broken.close();
    }
  });
});

describe('OpenAPI document', () => {
  /** Every API route: [method, OpenAPI path, has a request body]. */
  const routes: [string, string, boolean][] = [
    ['get', '/health', false],
    ['get', '/plans', false],
    ['post', '/plans', true],
    ['get', '/plans/{id}', false],
    ['patch', '/plans/{id}', true],
    ['delete', '/plans/{id}', false],
    ['post', '/plans/{id}/run', true],
    ['get', '/plans/{planId}/tasks', false],
    ['post', '/plans/{planId}/tasks', true],
    ['get', '/tasks/{id}', false],
    ['patch', '/tasks/{id}', true],
    ['delete', '/tasks/{id}', false],
    ['get', '/tasks/{taskId}/artifacts', false],
    ['post', '/tasks/{taskId}/artifacts', true],
    ['get', '/artifacts/{id}', false],
    ['patch', '/artifacts/{id}', true],
    ['delete', '/artifacts/{id}', false],
    ['get', '/prompts', false],
    ['post', '/prompts', true],
    ['get', '/prompts/{id}', false],
    ['patch', '/prompts/{id}', true],
    ['delete', '/prompts/{id}', false],
    ['post', '/prompts/{id}/revert', true],
    ['get', '/prompts/by-name/{name}', false],
    ['patch', '/prompts/by-name/{name}', true],
    ['post', '/prompts/by-name/{name}/revert', true],
    ['post', '/checkpoints', true],
    ['get', '/checkpoints/{id}', false],
    ['post', '/checkpoints/{id}/restore', false],
    ['get', '/checkpoints/{from}/diff/{to}', false],
    ['get', '/entities/{type}/{id}/history', false],
    ['get', '/entities/{type}/{id}/state', false],
    ['post', '/entities/{type}/{id}/rollback', true],
    ['get', '/units/changes', false],
    ['post', '/reverts', true],
    ['get', '/runs/{id}', false],
    ['get', '/verify', false],
    ['get', '/verify/findings', false],
    ['post', '/prune', true],
    ['get', '/keys', false],
    ['post', '/keys', true],
    ['delete', '/keys/{id}', false],
  ];

  it('is a valid OpenAPI 3.1 document', async () => {
    const doc = ok<OpenAPIV3_1.Document>(await call(app, 'GET', '/openapi.json'));
    expect(doc.openapi).toMatch(/^3\.1\./);
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeDefined();
  });

  it('documents every route (and nothing else) with its parameters, body and responses', async () => {
    const doc = ok<OpenApiDoc>(await call(app, 'GET', '/openapi.json'));
    const documented = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item ?? {})
        .filter((k) => ['get', 'post', 'patch', 'put', 'delete'].includes(k))
        .map((method) => `${method} ${path}`),
    );
    expect(documented.sort()).toEqual(routes.map(([m, p]) => `${m} ${p}`).sort());

    for (const [method, path, hasBody] of routes) {
      const op = doc.paths?.[path]?.[method];
      const where = `${method} ${path}`;
      expect(op?.summary, where).toBeTruthy();
      expect(op?.tags?.length, where).toBe(1);
      const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const params = op?.parameters ?? [];
      expect(
        params
          .filter((p) => p.in === 'path')
          .map((p) => p.name)
          .sort(),
        where,
      ).toEqual(pathParams.sort());
      for (const p of params) expect(p.schema, `${where} ${p.name}`).toBeDefined();
      const body = op?.requestBody;
      if (hasBody) expect(body?.content['application/json']?.schema, where).toBeDefined();
      else expect(body, where).toBeUndefined();

      const responses = op?.responses ?? {};
      const success = Object.keys(responses).filter((s) => s.startsWith('2'));
      expect(success.length, where).toBeGreaterThan(0);
      for (const status of success) {
        const r = responses[status];
        if (status === '204') continue;
        expect(r?.content?.['application/json']?.schema, `${where} ${status}`).toBeDefined();
        expect(r?.description, `${where} ${status}`).not.toBe('Default Response');
      }
      if (path !== '/health') {
        for (const status of ['422', '500']) {
          expect(responses[status]?.content?.['application/problem+json']?.schema, `${where} ${status}`).toEqual({
            $ref: '#/components/schemas/Problem',
          });
        }
      }
    }
    expect(Object.keys(doc.components?.schemas ?? {})).toEqual(
      expect.arrayContaining([
        'Problem',
        'Plan',
        'Task',
        'Artifact',
        'Prompt',
        'Checkpoint',
        'RollbackResult',
        'RevertResult',
        'RevertConflict',
        'UnitChange',
      ]),
    );
  });
});
