/**
 * Helpers of the HTTP suites (test/http.*.test.ts): typed app.inject calls
 * and problem-details checks.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type pg from 'pg';
import { expect } from 'vitest';
import { Problem } from '../../src/http/schemas.ts';
import { withSession } from './db.ts';

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

/** Runs statements as the superuser in a session of its own (e.g. to corrupt a checkpoint). */
export function asSuperuser<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  return withSession(url, fn);
}

/** A moment strictly between the writes before and after it (Date has ms, created_at µs). */
export async function pause(): Promise<string> {
  await new Promise((r) => setTimeout(r, 5));
  const at = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 5));
  return at;
}
