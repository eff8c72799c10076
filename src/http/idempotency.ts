/**
 * Idempotency-Key on every POST (table pgcheckpoint_api.idempotency, per
 * API key). The first request with a key claims it (a row committed before
 * the handler runs) and stores its response when done; a retry with the
 * same key and the same request gets that response again (status, body,
 * Location/ETag/Link, and `idempotent-replayed: true`) and does nothing. A
 * retry while the first still runs: 409 (55P03) with Retry-After. The same
 * key with another method, path or body: 422.
 *
 * A response with a 5xx status is not kept: the claim is released, so a
 * retry runs again (the service's writes are atomic: a 5xx wrote nothing).
 * Should the process die between a write's commit and storing its
 * response, the claim stays unfinished and retries get 409 until the
 * worker's retention removes it: never a second write. Requests without
 * the header behave as before.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { InvalidArgument } from '../lib/errors.ts';
import { IdempotencyInProgress, IdempotencyMismatch } from './errors.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
/** The response headers a replay repeats. */
const keptHeaders = ['location', 'etag', 'link'] as const;

declare module 'fastify' {
  interface FastifyRequest {
    /** The idempotency record this request claimed (its response is stored on send). */
    idempotencyClaim?: { keyId: string; key: string };
  }
}

interface Stored {
  request_hash: string;
  status: number | null;
  content_type: string | null;
  headers: Record<string, string>;
  body: string | null;
}

function idempotencyKey(request: FastifyRequest): string | undefined {
  const value = request.headers[IDEMPOTENCY_HEADER];
  if (value === undefined) return undefined;
  const key = Array.isArray(value) ? value.join(',') : value;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new InvalidArgument('invalid Idempotency-Key: 1 to 255 visible ASCII characters', {
      issues: [{ path: 'headers.idempotency-key', message: '1 to 255 visible ASCII characters' }],
    });
  }
  return key;
}

/** What a key is bound to: method, path with query, and the parsed body. */
function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method}\n${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
}

export function registerIdempotency(app: FastifyInstance, pool: pg.Pool): void {
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || request.principal === undefined) return;
    const key = idempotencyKey(request);
    if (key === undefined) return;
    const keyId = request.principal.id;
    const hash = requestHash(request);
    const claimed = await pool.query(
      `insert into pgcheckpoint_api.idempotency (key_id, idempotency_key, request_hash) values ($1, $2, $3)
       on conflict do nothing`,
      [keyId, key, hash],
    );
    if (claimed.rowCount === 1) {
      request.idempotencyClaim = { keyId, key };
      return;
    }
    const { rows } = await pool.query<Stored>(
      `select request_hash, status, content_type, headers, body from pgcheckpoint_api.idempotency
        where key_id = $1 and idempotency_key = $2`,
      [keyId, key],
    );
    const stored = rows[0];
    if (stored !== undefined && stored.request_hash !== hash) {
      throw new IdempotencyMismatch(`Idempotency-Key ${key} was used with another request (method, path or body)`);
    }
    if (stored === undefined || stored.status === null) {
      // Unfinished, or released (a 5xx) between our insert and select: the first request still decides.
      reply.header('retry-after', '1');
      throw new IdempotencyInProgress(`a request with Idempotency-Key ${key} is still running`);
    }
    reply.code(stored.status).headers(stored.headers).header(REPLAYED_HEADER, 'true');
    if (stored.content_type !== null) reply.type(stored.content_type);
    return reply.send(stored.body ?? undefined);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotencyClaim;
    if (claim === undefined) return payload;
    request.idempotencyClaim = undefined;
    if (reply.statusCode >= 500) {
      await pool.query(`delete from pgcheckpoint_api.idempotency where key_id = $1 and idempotency_key = $2`, [
        claim.keyId,
        claim.key,
      ]);
      return payload;
    }
    const headers: Record<string, string> = {};
    for (const name of keptHeaders) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    const contentType = reply.getHeader('content-type');
    await pool.query(
      `update pgcheckpoint_api.idempotency
          set status = $3, content_type = $4, headers = $5, body = $6, completed_at = now()
        where key_id = $1 and idempotency_key = $2`,
      [
        claim.keyId,
        claim.key,
        reply.statusCode,
        contentType === undefined ? null : String(contentType),
        JSON.stringify(headers),
        typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null,
      ],
    );
    return payload;
  });
}
