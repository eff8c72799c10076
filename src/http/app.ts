/**
 * The Fastify application, built without listening so that tests can use
 * `app.inject()`. One file per resource under src/http/, registered here.
 *
 * Requests and responses are checked against the zod schemas of
 * src/http/schemas.ts (fastify-type-provider-zod), which also make the
 * OpenAPI document (/openapi.json, /docs). Errors are problem details
 * (problem.ts). Requests need a bearer API key (auth.ts); each write request
 * is logged in request_logs and its writes carry its context
 * (request-context.ts).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { CheckpointService } from '../lib/checkpoints.ts';
import { entities } from '../app/entities.ts';
import { artifactRoutes } from './artifacts.ts';
import type { ApiDeps } from './deps.ts';
import { registerDocs } from './docs.ts';
import { healthRoutes } from './health.ts';
import { keyRoutes } from './keys.ts';
import { planRoutes } from './plans.ts';
import { checkpointRouteSet } from './plugin.ts';
import { registerAuth } from './auth.ts';
import { registerIdempotency } from './idempotency.ts';
import { registerNoRoute } from './no-route.ts';
import { errorHandler, validationError } from './problem.ts';
import { promptRoutes } from './prompts.ts';
import { newRequestId, registerRequestId, registerRequestLog } from './request-context.ts';
import { runRoutes } from './runs.ts';
import { taskRoutes } from './tasks.ts';
import { uiRoutes } from './ui.ts';

export interface AppOptions {
  pool: pg.Pool;
  /** Fastify/pino logging; off unless a level is given. */
  logLevel?: string;
  /** Where those log lines go (default stdout; `serve --json` keeps stdout for its one JSON line). */
  logStream?: NodeJS.WritableStream;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logLevel
      ? { level: options.logLevel, ...(options.logStream ? { stream: options.logStream } : {}) }
      : false,
    genReqId: newRequestId,
    requestIdHeader: false,
    schemaErrorFormatter: validationError,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  registerNoRoute(app);
  // JSON only: a text/plain body is a 415, not a string for the body schema to refuse.
  app.removeContentTypeParser('text/plain');

  const { pool } = options;
  const service = new CheckpointService(pool);
  const deps: ApiDeps = {
    pool,
    service,
    entities: entities(pool),
  };

  registerRequestId(app);
  registerAuth(app, pool);
  registerRequestLog(app, pool);
  registerIdempotency(app, pool);
  await registerDocs(app);

  await app.register(healthRoutes, { pool });
  await app.register(planRoutes, deps);
  await app.register(taskRoutes, deps);
  await app.register(artifactRoutes, deps);
  await app.register(promptRoutes, deps);
  await app.register(runRoutes, deps);
  // The routes over any tracked table (plugin.ts; checkpointApi mounts them in an application's own server).
  await app.register(checkpointRouteSet, deps);
  await app.register(keyRoutes, deps);
  await app.register(uiRoutes);

  await app.ready();
  return app;
}
