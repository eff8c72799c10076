/**
 * GET /health: 200 when `select 1` works (with server version and the number
 * of applied graphile-migrate migrations), 503 when the database is not
 * reachable. Not logged in request_logs.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { z } from 'zod';
import { json } from './schemas.ts';
import { errorMessage } from '../lib/errors.ts';
import { appliedMigrations } from '../migrate.ts';

export const HealthOk = z.object({
  status: z.literal('ok'),
  database: z.object({
    reachable: z.literal(true),
    serverVersion: z.string(),
    migrations: z.number().int().describe('rows in graphile_migrate.migrations'),
  }),
});
export type HealthOk = z.infer<typeof HealthOk>;

export const HealthDegraded = z.object({
  status: z.literal('degraded'),
  database: z.object({ reachable: z.literal(false), error: z.string() }),
});
export type HealthDegraded = z.infer<typeof HealthDegraded>;

export type Health = HealthOk | HealthDegraded;

async function checkHealth(pool: pg.Pool): Promise<Health> {
  try {
    const info = await pool.query<{ server_version: string }>(
      `select current_setting('server_version') as server_version`,
    );
    const row = info.rows[0];
    if (!row) throw new Error('server returned no row');
    const migrations = await appliedMigrations(pool);
    return { status: 'ok', database: { reachable: true, serverVersion: row.server_version, migrations } };
  } catch (err) {
    return {
      status: 'degraded',
      database: { reachable: false, error: errorMessage(err) },
    };
  }
}

export const healthRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool }> = async (app, { pool }) => {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        summary: 'Liveness and database reachability',
        tags: ['health'],
        response: {
          200: json(HealthOk, 'The database answers'),
          503: json(HealthDegraded, 'The database is not reachable'),
        },
      },
    },
    async (_request, reply) => {
      const health = await checkHealth(pool);
      return reply.code(health.status === 'ok' ? 200 : 503).send(health);
    },
  );
};
