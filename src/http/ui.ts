/**
 * The /ui/ page (issue 16): the static build of ui/ (ui/dist, committed and
 * rebuilt by `npm run build:ui`), served by @fastify/static — the copy
 * @fastify/swagger-ui already brings. The page talks to the public API only,
 * with the user's key; its own files are public (config.public, as /docs).
 * Hashed assets are cached for good, index.html never;
 * a strict Content-Security-Policy (same origin only, no inline script or
 * style) keeps anything but the build's own files out of the page.
 */
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

export const UI_ROOT = fileURLToPath(new URL('../../ui/dist/', import.meta.url));

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export const uiRoutes: FastifyPluginAsync = async (app) => {
  // The page's files answer without an API key (a browser cannot send one for
  // them); the key is asked for by the page and sent on its API calls.
  app.addHook('onRoute', (route) => {
    route.config = Object.assign(route.config ?? {}, { public: true });
  });
  app.get('/ui', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/ui/', 301));
  await app.register(fastifyStatic, {
    root: UI_ROOT,
    prefix: '/ui/',
    index: 'index.html',
    wildcard: false,
    cacheControl: false,
    setHeaders: (res, path) => {
      res.setHeader('content-security-policy', CSP);
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('referrer-policy', 'no-referrer');
      res.setHeader(
        'cache-control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
};
