/**
 * ETag / If-Match on the entities (plans, tasks, artifacts, prompts). The
 * ETag is a strong tag of the representation: a hash of the row as the API
 * returns it (updated_at to the microsecond included), so any change of the
 * row changes it, and a rollback to an earlier version brings that
 * version's tag back. A write with If-Match locks the row (FOR UPDATE, in
 * the request's transaction), compares, and refuses with 412 when no tag
 * matches: a lost update is impossible, even between concurrent writers.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { PreconditionFailed } from './errors.ts';
import { inRequest } from './request-context.ts';

/** The request headers of a conditional write (loose: the others stay on the request). */
export const IfMatchHeaders = z.looseObject({
  'if-match': z
    .string()
    .optional()
    .describe('Write only if the entity is still this version: its ETag from a GET or an earlier write (or *). Else 412.'),
});

export function entityTag(row: object): string {
  return `"${createHash('sha256').update(JSON.stringify(row)).digest('base64url')}"`;
}

/** The tags of If-Match ('*' for any), or undefined when the header is absent. */
function ifMatchTags(request: FastifyRequest): string[] | '*' | undefined {
  const raw = request.headers['if-match'];
  if (raw === undefined) return undefined;
  const value = (Array.isArray(raw) ? raw.join(',') : raw).trim();
  if (value === '*') return '*';
  // Weak tags never match (If-Match uses strong comparison, RFC 9110 13.1.1).
  return value.split(',').map((tag) => tag.trim()).filter((tag) => tag.startsWith('"'));
}

/**
 * Checks If-Match against the current row (read with `current`, which should
 * lock it, inside the write's transaction); no header, nothing to check.
 * A missing row is current()'s NotFound.
 */
export async function checkIfMatch(request: FastifyRequest, current: () => Promise<object>): Promise<void> {
  const tags = ifMatchTags(request);
  if (tags === undefined) return;
  const row = await current();
  if (tags === '*') return;
  const tag = entityTag(row);
  if (!tags.includes(tag)) {
    throw new PreconditionFailed(`If-Match ${tags.join(', ') || '(no strong tag)'} does not match the current version ${tag}`);
  }
}

/** Runs a request's write in its transaction (inRequest) after checking If-Match against current(). */
export function writeIfMatch<T>(
  pool: pg.Pool,
  request: FastifyRequest,
  current: () => Promise<object>,
  write: () => Promise<T>,
): Promise<T> {
  return inRequest(pool, request, async () => {
    await checkIfMatch(request, current);
    return write();
  });
}

/** Sets the response's ETag to the entity's; returns the entity. */
export function tagged<T extends object>(reply: FastifyReply, row: T): T {
  reply.header('etag', entityTag(row));
  return row;
}
