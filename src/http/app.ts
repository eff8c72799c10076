/**
 * The Fastify application, built without listening so that tests can use
 * `app.inject()`. One file per resource under src/http/, registered here.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import type pg from 'pg';
import { healthRoutes } from './health.ts';

export interface AppOptions {
  pool: pg.Pool;
  /** Fastify/pino logging; off unless a level is given. */
  logLevel?: string;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logLevel ? { level: options.logLevel } : false });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'pg-checkpoint',
        description: 'Postgres-native checkpoint/rollback for agent entities',
        version: '0.1.0',
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(healthRoutes, { pool: options.pool });

  await app.ready();
  return app;
}
