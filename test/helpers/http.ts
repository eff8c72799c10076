/**
 * Helpers of the HTTP suites (test/http.*.test.ts): typed app.inject calls
 * (with an API key: the app's admin key unless told otherwise) and
 * problem-details checks.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type pg from 'pg';
import { expect } from 'vitest';
import { createApiKey, type ApiRole } from '../../src/http/api-keys.ts';
import { Problem } from '../../src/http/schemas.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';

export interface Call {
  body?: unknown;
  headers?: Record<string, string>;
  /** The API key to send (default: the admin key openApp made); null sends none. */
  key?: string | null;
}

/** The admin key of each app made by openApp. */
const adminKeys = new WeakMap<FastifyInstance, string>();

export async function call(
  app: FastifyInstance,
  method: Method,
  url: string,
  { body, headers, key = adminKeys.get(app) ?? null }: Call = {},
): Promise<LightMyRequestResponse> {
  const auth = key === null ? {} : { authorization: `Bearer ${key}` };
  const options: InjectOptions = { method, url, headers: { ...auth, ...headers } };
  if (body !== undefined) options.payload = body as InjectOptions['payload'];
  return app.inject(options);
}

/** The JSON body of a response with the given status. */
export function ok<T = Record<string, unknown>>(res: LightMyRequestResponse, status = 200): T {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  return res.json<T>();
}

/** An RFC 9457 problem with this status and SQLSTATE. */
export function problem(res: LightMyRequestResponse, status: number, code: string): Problem {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = Problem.parse(res.json<unknown>());
  expect(body).toMatchObject({ status, code });
  expect(body.requestId).toBe(res.headers['x-request-id']);
  return body;
}

/** Another app over the same database (other pool, other executor) calls with the first one's admin key. */
export function shareKey(from: FastifyInstance, to: FastifyInstance): void {
  const key = adminKeys.get(from);
  if (key !== undefined) adminKeys.set(to, key);
}

/** What a database role needs of the service's own tables to run the API (read keys; idempotency records). */
export async function grantServiceTables(pool: pg.Pool, role: string): Promise<void> {
  await pool.query(`grant usage on schema pgcheckpoint_api to ${role};
    grant select on pgcheckpoint_api.keys to ${role};
    grant select, insert, update, delete on pgcheckpoint_api.idempotency to ${role}`);
}

/** A new API key (the plain key) of this actor and role. */
export async function apiKey(pool: pg.Pool, role: ApiRole, actor = `test-${role}`): Promise<string> {
  return (await createApiKey(pool, { actor, role })).key;
}

/** Makes an admin key (actor test-admin) that call() sends to `app` by default; returns it. */
export async function authorize(app: FastifyInstance, pool: pg.Pool): Promise<string> {
  const key = await apiKey(pool, 'admin', 'test-admin');
  adminKeys.set(app, key);
  return key;
}

/** A migrated test database and the API over it (for beforeAll); closeApp undoes it. */
export async function openApp(): Promise<{ db: TestDatabase; app: FastifyInstance; adminKey: string }> {
  const db = await createTestDatabase();
  const app = await buildApp({ pool: db.pool });
  return { db, app, adminKey: await authorize(app, db.pool) };
}

export async function closeApp(t: { db: TestDatabase | undefined; app: FastifyInstance | undefined }): Promise<void> {
  await t.app?.close();
  await t.db?.drop();
}
