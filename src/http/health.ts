/**
 * GET /health: 200 when `select 1` works (with server version and the number
 * of applied graphile-migrate migrations), 503 when the database is not
 * reachable.
 */
import type { FastifyPluginAsync } from 'fastify';
import type pg from 'pg';

export interface HealthOk {
  status: 'ok';
  database: { reachable: true; serverVersion: string; migrations: number };
}

export interface HealthDegraded {
  status: 'degraded';
  database: { reachable: false; error: string };
}

export type Health = HealthOk | HealthDegraded;

const okSchema = {
  type: 'object',
  required: ['status', 'database'],
  properties: {
    status: { type: 'string', enum: ['ok'] },
    database: {
      type: 'object',
      required: ['reachable', 'serverVersion', 'migrations'],
      properties: {
        reachable: { type: 'boolean', enum: [true] },
        serverVersion: { type: 'string' },
        migrations: { type: 'integer', description: 'rows in graphile_migrate.migrations' },
      },
    },
  },
} as const;

const degradedSchema = {
  type: 'object',
  required: ['status', 'database'],
  properties: {
    status: { type: 'string', enum: ['degraded'] },
    database: {
      type: 'object',
      required: ['reachable', 'error'],
      properties: {
        reachable: { type: 'boolean', enum: [false] },
        error: { type: 'string' },
      },
    },
  },
} as const;

export async function checkHealth(pool: pg.Pool): Promise<Health> {
  try {
    await pool.query('select 1');
    const info = await pool.query<{ server_version: string; has_migrations: boolean }>(
      `select current_setting('server_version') as server_version,
              to_regclass('graphile_migrate.migrations') is not null as has_migrations`,
    );
    const row = info.rows[0];
    if (!row) throw new Error('server returned no row');
    let migrations = 0;
    if (row.has_migrations) {
      const counted = await pool.query<{ n: number }>('select count(*)::int as n from graphile_migrate.migrations');
      migrations = counted.rows[0]?.n ?? 0;
    }
    return { status: 'ok', database: { reachable: true, serverVersion: row.server_version, migrations } };
  } catch (err) {
    return {
      status: 'degraded',
      database: { reachable: false, error: err instanceof Error ? err.message : String(err) },
    };
  }
}

export const healthRoutes: FastifyPluginAsync<{ pool: pg.Pool }> = async (app, { pool }) => {
  app.get(
    '/health',
    {
      schema: {
        summary: 'Liveness and database reachability',
        tags: ['health'],
        response: { 200: okSchema, 503: degradedSchema },
      },
    },
    async (_request, reply) => {
      const health = await checkHealth(pool);
      return reply.code(health.status === 'ok' ? 200 : 503).send(health);
    },
  );
};
