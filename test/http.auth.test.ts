/**
 * Bearer API keys against a real database: without a key only /health and
 * the docs answer; the key decides the actor; its role what it may do; keys
 * are stored hashed and can be revoked.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, listApiKeys, revokeApiKey } from '../src/http/api-keys.ts';
import type { Plan } from '../src/app/interfaces.ts';
import type { TestDatabase } from './helpers/db.ts';
import { apiKey, call, closeApp, ok, openApp, problem } from './helpers/http.ts';

let db: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  ({ db, app } = await openApp());
});

afterAll(() => closeApp({ db, app }));

describe('authentication', () => {
  it('without a key: 401 problem with WWW-Authenticate; /health and the docs still answer', async () => {
    const res = await call(app, 'GET', '/plans', { key: null });
    const body = problem(res, 401, '28000');
    expect(body.type).toBe('urn:pg-checkpoint:problem:unauthorized');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    for (const url of ['/health', '/openapi.json', '/docs']) {
      expect((await call(app, 'GET', url, { key: null })).statusCode, url).toBe(200);
    }
  });

  it('an unknown key, a malformed header and a revoked key are 401', async () => {
    problem(await call(app, 'GET', '/plans', { key: 'pgcp_not-a-key' }), 401, '28000');
    problem(await call(app, 'GET', '/plans', { key: null, headers: { authorization: 'Basic abc' } }), 401, '28000');
    const created = await createApiKey(db.pool, { actor: 'short-lived', role: 'reader' });
    ok(await call(app, 'GET', '/plans', { key: created.key }));
    const revoked = await revokeApiKey(db.pool, created.id);
    expect(revoked.revokedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    problem(await call(app, 'GET', '/plans', { key: created.key }), 401, '28000');
  });

  it('reader reads only; writer writes but may not prune; admin prunes', async () => {
    const reader = await apiKey(db.pool, 'reader');
    const writer = await apiKey(db.pool, 'writer');
    ok(await call(app, 'GET', '/plans', { key: reader }));
    const refused = problem(await call(app, 'POST', '/plans', { key: reader, body: { title: 'x' } }), 403, '42501');
    expect(refused.detail).toMatch(/needs role writer/);
    const plan = ok<Plan>(await call(app, 'POST', '/plans', { key: writer, body: { title: 'by writer' } }), 201);
    problem(await call(app, 'DELETE', `/plans/${plan.id}`, { key: reader }), 403, '42501');
    const prune = { olderThan: '30 days', keepLast: 1 };
    problem(await call(app, 'POST', '/prune', { key: writer, body: prune }), 403, '42501');
    ok(await call(app, 'POST', '/prune', { body: prune }));
  });

  it('the key decides the actor: an x-actor header changes nothing', async () => {
    const key = await apiKey(db.pool, 'writer', 'agent:auth-test');
    const plan = ok<Plan>(
      await call(app, 'POST', '/plans', { key, body: { title: 'whose?' }, headers: { 'x-actor': 'mallory' } }),
      201,
    );
    const { rows } = await db.pool.query<{ created_by: string }>(
      `select created_by from checkpoints where entity_id = $1`,
      [plan.id],
    );
    expect(rows).toEqual([{ created_by: 'agent:auth-test' }]);
  });

  it('keys are stored as their SHA-256 only; list shows a prefix, never the key', async () => {
    const created = await createApiKey(db.pool, { actor: 'hashed', role: 'reader' });
    const { rows } = await db.pool.query<Record<string, unknown>>(
      `select * from pgcheckpoint_api.keys where id = $1`,
      [created.id],
    );
    expect(rows[0]?.key_hash).toBe(createHash('sha256').update(created.key).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(created.key);
    const listed = (await listApiKeys(db.pool)).find((k) => k.id === created.id);
    expect(listed).toMatchObject({ actor: 'hashed', role: 'reader', revokedAt: null });
    expect(created.key.startsWith(listed?.prefix ?? '?')).toBe(true);
    expect(JSON.stringify(listed)).not.toContain(created.key);
  });

  it('admin manages keys over HTTP (list, create, revoke); others may not even list them', async () => {
    const writer = await apiKey(db.pool, 'writer');
    problem(await call(app, 'GET', '/keys', { key: writer }), 403, '42501');
    problem(await call(app, 'POST', '/keys', { key: writer, body: { actor: 'x', role: 'admin' } }), 403, '42501');

    const res = await call(app, 'POST', '/keys', { body: { actor: 'agent:http', role: 'reader' } });
    const created = ok<{ id: string; key: string; prefix: string; role: string }>(res, 201);
    expect(res.headers.location).toBe(`/keys/${created.id}`);
    ok(await call(app, 'GET', '/plans', { key: created.key }));
    const listed = ok<{ id: string; prefix: string }[]>(await call(app, 'GET', '/keys?limit=1000'));
    expect(listed.find((k) => k.id === created.id)).toMatchObject({ prefix: created.prefix, actor: 'agent:http' });
    expect(JSON.stringify(listed)).not.toContain(created.key);

    const revoked = ok<{ revokedAt: string | null }>(await call(app, 'DELETE', `/keys/${created.id}`));
    expect(revoked.revokedAt).not.toBeNull();
    problem(await call(app, 'GET', '/plans', { key: created.key }), 401, '28000');
    problem(await call(app, 'DELETE', '/keys/00000000-0000-4000-8000-000000000000'), 404, 'P0002');
    problem(await call(app, 'POST', '/keys', { body: { actor: 'x', role: 'root' } }), 422, '22023');
  });

  it('bad input: an empty actor or an unknown role is 22023 before any SQL', async () => {
    await expect(createApiKey(db.pool, { actor: ' ', role: 'reader' })).rejects.toMatchObject({ code: '22023' });
    await expect(createApiKey(db.pool, { actor: 'x', role: 'root' as 'reader' })).rejects.toMatchObject({ code: '22023' });
    await expect(revokeApiKey(db.pool, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'P0002' });
  });
});
