/**
 * Requests that match no route: 405 with an Allow header when the path
 * exists with other methods, else 404. Both problem details of their own
 * (not the P0002 of a missing entity). Registered before the routes, so
 * that onRoute sees them all.
 */
import type { FastifyInstance } from 'fastify';
import { MethodNotAllowed, NoRoute } from './errors.ts';

/** A route path (/plans/:id, /docs/*) as a regular expression of the paths it serves. */
function pathPattern(url: string): RegExp {
  const parts = url.split('/').map((segment) => {
    if (segment.startsWith(':')) return '[^/]+';
    if (segment === '*') return '.*';
    return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${parts.join('/')}/?$`);
}

export function registerNoRoute(app: FastifyInstance): void {
  const routes: { pattern: RegExp; methods: string[] }[] = [];
  app.addHook('onRoute', (route) => {
    routes.push({ pattern: pathPattern(route.url), methods: [route.method].flat() });
  });
  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods))];
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      throw new MethodNotAllowed(`${request.method} is not allowed on ${path} (allowed: ${allowed.join(', ')})`);
    }
    throw new NoRoute(`no route ${request.method} ${path}`);
  });
}
