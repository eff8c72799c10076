/**
 * Bearer API keys (api-keys.ts). Every route needs a key except the public
 * ones (/health and the documentation). The key decides the actor that the
 * request's writes record, and its role what the request may do: reader
 * GETs, writer any other method, admin the routes whose config says
 * `role: 'admin'`. No key, or an unknown or revoked one: 401; a role too
 * weak: 403. Both as problem details.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { type ApiPrincipal, type ApiRole, findApiKey, roleAllows } from './api-keys.ts';
import { RoleForbidden, Unauthorized } from './errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least role that may call the route (default: reader for GET, writer otherwise). */
    role?: ApiRole;
    /** Answers without an API key (/health, the docs). */
    public?: boolean;
  }
  interface FastifyRequest {
    /** The API key the request authenticated with (absent on public routes). */
    principal?: ApiPrincipal;
  }
}

function neededRole(request: FastifyRequest): ApiRole {
  const configured = request.routeOptions.config.role;
  if (configured !== undefined) return configured;
  return request.method === 'GET' || request.method === 'HEAD' ? 'reader' : 'writer';
}

function bearerToken(request: FastifyRequest): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/** The documentation's static files (Swagger UI) are registered by a plugin that knows nothing of our config. */
function isDocs(url: string): boolean {
  const path = url.split('?')[0] ?? url;
  return path === '/openapi.json' || path === '/docs' || path.startsWith('/docs/');
}

export function registerAuth(app: FastifyInstance, pool: pg.Pool): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.public === true || isDocs(request.url)) return;
    const token = bearerToken(request);
    const principal = token === undefined ? undefined : await findApiKey(pool, token);
    if (principal === undefined) {
      reply.header('www-authenticate', 'Bearer realm="pg-checkpoint"');
      throw new Unauthorized(token === undefined ? 'an API key is required' : 'unknown or revoked API key');
    }
    request.principal = principal;
    if (request.is404) return; // no route: 404 or 405 whatever the role
    const needs = neededRole(request);
    if (!roleAllows(principal.role, needs)) {
      throw new RoleForbidden(
        `${request.method} ${request.routeOptions.url ?? request.url} needs role ${needs}; the key of ${principal.actor} has role ${principal.role}`,
      );
    }
  });
}
