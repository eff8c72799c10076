import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createPool } from '../src/db.ts';
import { buildApp } from '../src/http/app.ts';
import { createTestDatabase, withFreshDatabase } from './helpers/db.ts';

const Healthy = z.object({
  status: z.literal('ok'),
  database: z.object({
    reachable: z.literal(true),
    serverVersion: z.string().regex(/^\d+(\.\d+)?/),
    migrations: z.number().int().nonnegative(),
  }),
});

const Degraded = z.object({
  status: z.literal('degraded'),
  database: z.object({ reachable: z.literal(false), error: z.string().min(1) }),
});

describe('GET /health', () => {
  it('is 200 and reports the server version and applied migrations on a migrated database', async () => {
    await withFreshDatabase(async (db) => {
      const app = await buildApp({ pool: db.pool });
      try {
        const res = await app.inject({ method: 'GET', url: '/health' });
        expect(res.statusCode).toBe(200);
        const body = Healthy.parse(res.json<unknown>());

        const server = await db.pool.query<{ v: string }>(`select current_setting('server_version') as v`);
        expect(body.database.serverVersion).toBe(server.rows[0]?.v);
        const applied = await db.pool.query<{ n: number }>('select count(*)::int as n from graphile_migrate.migrations');
        expect(body.database.migrations).toBe(applied.rows[0]?.n);
      } finally {
        await app.close();
      }
    });
  });

  it('is 503 with the error when the database is gone', async () => {
    const db = await createTestDatabase();
    const pool = createPool(db.url);
    const app = await buildApp({ pool });
    try {
      await pool.query('select 1'); // leaves an idle connection that the drop terminates
      await db.drop();
      const res = await app.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(503);
      const body = Degraded.parse(res.json<unknown>());
      expect(body.database.error).toMatch(/does not exist|terminat/);
    } finally {
      await app.close();
      await pool.end().catch(() => {});
      await db.drop();
    }
  });
});
