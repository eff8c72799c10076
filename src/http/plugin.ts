/**
 * The checkpoint API as a Fastify plugin, for an application that mounts it
 * in its own server (`import { checkpointApi } from 'pg-checkpoint/http'`):
 *
 *   await server.register(checkpointApi, { pool, prefix: '/checkpoint-api', actor: (request) => request.user?.name });
 *
 * Routes: checkpoints (create, read, restore, diff), entities (history,
 * state at a time, rollback), units and reverts, verify, prune — over any
 * tracked table; none of the demo application's (plans, tasks, runs, …) and
 * none of its API keys: the host authenticates, the plugin records who
 * (`actor`). Inside the plugin, and only there: zod validation and
 * serialization, problem-details errors, x-request-id, and the request log
 * (each write request a request_logs row whose id is recorded on the
 * checkpoints its writes make). The host's own routes, hooks and error
 * handler are left alone.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { CheckpointService } from '../lib/checkpoints.ts';
import { checkpointRoutes } from './checkpoints.ts';
import type { CheckpointDeps } from './deps.ts';
import { registerDocs } from './docs.ts';
import { entityRoutes } from './entities.ts';
import { errorHandler, validationError } from './problem.ts';
import { pruneRoutes } from './prune.ts';
import { DEFAULT_ACTOR, REQUEST_ID_HEADER, registerRequestLog } from './request-context.ts';
import { revertRoutes } from './reverts.ts';
import { unitRoutes } from './units.ts';
import { verifyRoutes } from './verify.ts';

/** The routes over any tracked table (buildApp registers them beside the demo's, under its API keys). */
export const checkpointRouteSet: FastifyPluginAsync<CheckpointDeps> = async (app, deps) => {
  await app.register(checkpointRoutes, deps);
  await app.register(entityRoutes, deps);
  await app.register(unitRoutes, deps);
  await app.register(revertRoutes, deps);
  await app.register(verifyRoutes, deps);
  await app.register(pruneRoutes, deps);
};

export interface CheckpointApiOptions {
  /** The application's pool, on a database where the core is installed. */
  pool: pg.Pool;
  /** Default: a CheckpointService over `pool`. */
  service?: CheckpointService;
  /**
   * Who makes the request's writes (recorded as created_by on their
   * checkpoints), from what the host's authentication put on the request.
   * Default, or when it returns undefined: 'api'.
   */
  actor?: (request: FastifyRequest) => string | undefined;
  /**
   * Serve the OpenAPI document (/openapi.json) and Swagger UI (/docs) of
   * these routes under the plugin's prefix. Off by default; leave it off
   * when the server registers @fastify/swagger itself.
   */
  docs?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The principal a host-authenticated request stands for (the plugin registers no key check of its own). */
const HOST_PRINCIPAL_ID = 'host';

export const checkpointApi: FastifyPluginAsync<CheckpointApiOptions> = async (app, options) => {
  const { pool } = options;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setSchemaErrorFormatter(validationError);
  app.setErrorHandler(errorHandler);
  app.addHook('onRequest', async (request, reply) => {
    // A request's id is its request_logs id, a uuid; the host's ids need not be.
    if (!UUID.test(request.id)) request.id = randomUUID();
    reply.header(REQUEST_ID_HEADER, request.id);
    // The host authenticated the request before it reached the plugin: take its word for who it is.
    request.principal = { id: HOST_PRINCIPAL_ID, actor: options.actor?.(request) ?? DEFAULT_ACTOR, role: 'admin' };
  });
  registerRequestLog(app, pool);
  if (options.docs === true) await registerDocs(app);
  await app.register(checkpointRouteSet, { pool, service: options.service ?? new CheckpointService(pool) });
};
