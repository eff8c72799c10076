/**
 * checkpointApi mounted in an application's own Fastify server: a database
 * with only the core installed and the application's own table; a server
 * with its own request ids, route and error format. The plugin's routes
 * work under its prefix over the application's table, log each request
 * (the id returned in x-request-id, recorded on the checkpoints its writes
 * make) and answer problems; the host's routes are left as they were.
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointApi } from '../src/http/plugin.ts';
import { installCore } from '../src/lib/install.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { call, ok, problem } from './helpers/http.ts';

const docId = 'd0c00000-0000-4000-8000-000000000001';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('checkpointApi in an application’s own server', () => {
  let db: TestDatabase;
  let server: FastifyInstance;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    await installCore(db.pool);
    await db.pool.query('create table documents (id uuid primary key, title text not null)');
    await db.pool.query(`insert into documents values ($1, 'first')`, [docId]);
    await db.pool.query(`select track_table('documents', 'document')`);

    server = Fastify();
    server.get('/hello', async (request) => ({ hello: 'world', id: request.id }));
    server.get('/boom', async () => {
      throw new Error('the host’s own failure');
    });
    // The host's authentication would say who; here a header stands in for it.
    const actor = (request: FastifyRequest): string | undefined => request.headers['x-user']?.toString();
    await server.register(checkpointApi, { pool: db.pool, prefix: '/cp', docs: true, actor });
    await server.ready();
  });

  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  it("checkpoints, changes and rolls back the application's table under the prefix, each request logged", async () => {
    const created = await call(server, 'POST', '/cp/checkpoints', {
      body: { entityType: 'document', entityId: docId },
      headers: { 'x-user': 'alice' },
    });
    const { id } = ok<{ id: string }>(created, 201);
    const requestId = created.headers['x-request-id'];
    expect(requestId).toMatch(UUID);

    const logged = await db.pool.query('select method, path from request_logs where id = $1', [requestId]);
    expect(logged.rows).toEqual([{ method: 'POST', path: '/cp/checkpoints' }]);
    const checkpoint = await db.pool.query('select request_id, operation, created_by from checkpoints where id = $1', [
      id,
    ]);
    expect(checkpoint.rows).toEqual([{ request_id: requestId, operation: 'manual', created_by: 'alice' }]);

    await db.pool.query(`update documents set title = 'ruined' where id = $1`, [docId]);
    const rolled = ok<{ steps: unknown[] }>(await call(server, 'POST', `/cp/entities/document/${docId}/rollback`));
    expect(rolled.steps).toEqual([{ entityType: 'document', entityId: docId, action: 'updated' }]);
    const restored = await db.pool.query(
      `select created_by from checkpoints where entity_type = 'document' order by seq desc limit 1`,
    );
    expect(restored.rows).toEqual([{ created_by: 'api' }]);
    const row = await db.pool.query('select title from documents where id = $1', [docId]);
    expect(row.rows).toEqual([{ title: 'first' }]);
  });

  it('answers bad input with a problem carrying its request id', async () => {
    problem(await call(server, 'GET', '/cp/checkpoints/123'), 422, '22023');
  });

  it("serves the plugin's OpenAPI document under the prefix (not logged): its routes, none of the demo's", async () => {
    const res = await call(server, 'GET', '/cp/openapi.json');
    const doc = ok<{ paths: Record<string, unknown> }>(res);
    expect(Object.keys(doc.paths)).toContain('/cp/checkpoints');
    expect(Object.keys(doc.paths)).toContain('/cp/entities/{type}/{id}/rollback');
    expect(Object.keys(doc.paths).filter((p) => p.includes('plans'))).toEqual([]);
    const logged = await db.pool.query('select 1 from request_logs where id = $1', [res.headers['x-request-id']]);
    expect(logged.rows).toEqual([]);
  });

  it("leaves the host's routes alone: its request ids, no request log, its error format", async () => {
    const hello = await call(server, 'GET', '/hello');
    expect(ok<{ id: string }>(hello).id).not.toMatch(UUID);
    expect(hello.headers['x-request-id']).toBeUndefined();
    const boom = await call(server, 'GET', '/boom');
    expect(boom.statusCode).toBe(500);
    expect(boom.headers['content-type']).toMatch(/^application\/json/);
    expect(boom.json()).toMatchObject({ statusCode: 500, message: 'the host’s own failure' });
    const { rows } = await db.pool.query(`select path from request_logs where path not like '/cp/%'`);
    expect(rows).toEqual([]);
  });
});
