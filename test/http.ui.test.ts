/**
 * How the API serves the /ui/ page's files: without an API key, with a
 * strict Content-Security-Policy, index.html never cached and the hashed
 * assets cached for good, a missing file a 404 problem, nothing logged.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from './helpers/db.ts';
import { call, closeApp, openApp } from './helpers/http.ts';

let db: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  ({ db, app } = await openApp());
});

afterAll(() => closeApp({ db, app }));

describe('GET /ui/', () => {
  it('redirects /ui to /ui/, serves the page and its assets without a key, logs nothing', async () => {
    const logsBefore = (await db.pool.query('select count(*)::int as n from request_logs')).rows[0]?.n;

    const bare = await app.inject({ method: 'GET', url: '/ui' });
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe('/ui/');

    const page = await app.inject({ method: 'GET', url: '/ui/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers['x-content-type-options']).toBe('nosniff');

    const assets = [...page.body.matchAll(/(?:src|href)="(\/ui\/assets\/[^"]+)"/g)].map((m) => m[1] ?? '');
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      const res = await app.inject({ method: 'GET', url: asset });
      expect(res.statusCode, asset).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }

    const missing = await call(app, 'GET', '/ui/assets/nope.js');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);

    expect((await db.pool.query('select count(*)::int as n from request_logs')).rows[0]?.n).toBe(logsBefore);
  });

  it('is not in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/ui'))).toEqual([]);
  });
});
