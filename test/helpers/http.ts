/**
 * Helpers of the HTTP suites (test/http.*.test.ts): typed app.inject calls
 * and problem-details checks.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { Problem } from '../../src/http/schemas.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface Call {
  body?: unknown;
  headers?: Record<string, string>;
}

export async function call(
  app: FastifyInstance,
  method: Method,
  url: string,
  { body, headers }: Call = {},
): Promise<LightMyRequestResponse> {
  const options: InjectOptions = { method, url, ...(headers === undefined ? {} : { headers }) };
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

/** A migrated test database and the API over it (for beforeAll); closeApp undoes it. */
export async function openApp(): Promise<{ db: TestDatabase; app: FastifyInstance }> {
  const db = await createTestDatabase();
  return { db, app: await buildApp({ pool: db.pool }) };
}

export async function closeApp(t: { db: TestDatabase | undefined; app: FastifyInstance | undefined }): Promise<void> {
  await t.app?.close();
  await t.db?.drop();
}
