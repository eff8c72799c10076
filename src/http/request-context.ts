/**
 * Every authenticated request that may write (any method but GET and HEAD)
 * is logged in `request_logs` (method, path) under its request id, which
 * every response returns in `x-request-id`; the writes it makes run in
 * withContext with that request id, the actor of its API key (auth.ts) and
 * the trace the request belongs to, so the checkpoints they capture carry
 * request_id, created_by, trace_id and span_id. That trace is the active
 * span's when an instrumentation (e.g. OpenTelemetry's http or fastify one)
 * made a span for the request, else the one in the incoming headers, read by
 * the configured propagator (propagation.extract; W3C `traceparent` when
 * none is configured).
 *
 * The log row is inserted in its own short transaction before the request
 * is even parsed (so a request that fails validation is logged too, and the
 * checkpoints' foreign key to it holds). Reads, public routes (/health, the
 * docs) and requests refused by authentication are not logged; the worker
 * prunes old rows (prune_service_rows).
 */
import { randomUUID } from 'node:crypto';
import { context, trace } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { withContext } from '../lib/context.ts';
import type { Context } from '../lib/interfaces.ts';
import { type Carrier, extractContext, injectContext } from '../lib/propagation.ts';

export const REQUEST_ID_HEADER = 'x-request-id';
/** The actor of writes made outside an authenticated request (there are none through the routes). */
export const DEFAULT_ACTOR = 'api';

/** Sets x-request-id on every response (registered first: a refused request has one too). */
export function registerRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
}

/** Fastify's genReqId: a fresh uuid, the id of the request_logs row (an incoming x-request-id is not trusted). */
export function newRequestId(): string {
  return randomUUID();
}

/** Requests that are not logged: reads, and requests without an API key (public routes). */
function isUnlogged(request: FastifyRequest): boolean {
  return request.method === 'GET' || request.method === 'HEAD' || request.principal === undefined;
}

/** Requests whose request_logs row exists (their writes may reference it). */
const logged = new WeakSet<FastifyRequest>();

export function registerRequestLog(app: FastifyInstance, pool: pg.Pool): void {
  app.addHook('onRequest', async (request) => {
    if (isUnlogged(request)) return;
    await pool.query('insert into request_logs (id, method, path) values ($1, $2, $3)', [
      request.id,
      request.method,
      request.url,
    ]);
    logged.add(request);
  });
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first.trim() === '' ? undefined : first.trim();
}

/**
 * The trace context the request's work joins, as a carrier (so that it
 * travels as data, e.g. to a plan run): the active span's, else the
 * incoming headers'. Malformed trace headers are ignored, as W3C Trace
 * Context asks.
 */
function traceCarrier(request: FastifyRequest): Carrier | undefined {
  const active = context.active();
  const parent = trace.getSpan(active) === undefined ? extractContext(active, request.headers) : active;
  const carrier = injectContext(parent);
  return Object.keys(carrier).length === 0 ? undefined : carrier;
}

/** The context the request's writes record. */
export function requestContext(request: FastifyRequest): Context {
  const carrier = traceCarrier(request);
  return {
    actor: request.principal?.actor ?? DEFAULT_ACTOR,
    ...(logged.has(request) ? { requestId: request.id } : {}),
    ...(carrier === undefined ? {} : { carrier }),
  };
}

/** Runs a request's writes in one transaction carrying its context. */
export function inRequest<T>(pool: pg.Pool, request: FastifyRequest, fn: () => Promise<T>): Promise<T> {
  return withContext(pool, requestContext(request), () => fn());
}
