/**
 * The OpenAPI document, generated from the routes' zod schemas: served at
 * /openapi.json, with Swagger UI at /docs. Registered before the routes, so
 * that it sees them all.
 */
import swagger, { type SwaggerTransform, type SwaggerTransformObject } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { describeConventions } from './openapi-conventions.ts';
import { registry } from './schemas.ts';

const tags = [
  { name: 'plans', description: 'Plans, and running them step by step' },
  { name: 'tasks', description: 'A plan’s tasks' },
  { name: 'artifacts', description: 'A task’s artifacts' },
  { name: 'prompts', description: 'Prompts, versioned by checkpoints' },
  { name: 'checkpoints', description: 'Manual checkpoints, restore, diff' },
  { name: 'entities', description: 'An entity’s history, state at a time, rollback' },
  { name: 'units', description: 'Units of work (a request, a trace, a transaction): what one changed, reverting it' },
  { name: 'integrity', description: 'Hash verification of checkpoints' },
  { name: 'retention', description: 'Pruning old checkpoints' },
  { name: 'keys', description: 'API keys (admin only)' },
  { name: 'health', description: 'Liveness' },
];

const description = `Postgres-native checkpoint/rollback for agent entities (plans → tasks → artifacts, and prompts).

Every write is captured as a checkpoint by triggers in the same transaction.

**Authentication.** Every route but /health and the documentation needs an API key:
\`Authorization: Bearer <key>\` (create one with \`pg-checkpoint keys create --actor <name> --role reader|writer|admin\`;
\`npm start\` prints a local development key). The key decides the actor its writes record; its role what it may do:
reader GETs, writer every write, admin also prune. No key or a revoked one: 401; a role too weak: 403.

**Request context.** Every write request is logged in request_logs under the id returned in \`x-request-id\`
(every response has one); its checkpoints carry that request id, the key's actor and the trace id of a W3C
\`traceparent\` header.

**Retrying safely.** Every POST takes an \`Idempotency-Key\` header: a retry with the same key (and the same
request) returns the first response (with \`idempotent-replayed: true\`) and does nothing again; while the first
still runs, 409 with Retry-After; the same key with another request, 422. Keys are kept for the service
retention (7 days by default).

**Versions.** Entities (plans, tasks, artifacts, prompts) carry an \`ETag\`; send it back in \`If-Match\` on a
PATCH, DELETE or revert to write only if nobody changed the entity since (else 412).

**Pages.** Lists and history answer a page at a time: \`?limit=\` (default 100, at most 1000); the next page, if
any, is the \`Link: <…>; rel="next"\` header, to follow as it is. Pages do not shift while rows are added.

**Times** are ISO 8601 in UTC with microseconds, as PostgreSQL has them: usable as \`at\` or \`toTime\` as they are.

Errors are RFC 9457 problem details (\`application/problem+json\`) with an SQLSTATE in \`code\`: an unknown route is
404 (42704), a known path with another method 405 (with Allow), a body that is not JSON 415, malformed JSON 400.`;

export async function registerDocs(app: FastifyInstance): Promise<void> {
  const transformObject = createJsonSchemaTransformObject({ schemaRegistry: registry });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'pg-checkpoint', description, version: '0.1.0', license: { name: 'MIT', identifier: 'MIT' } },
      servers: [{ url: '/', description: 'This server' }],
      tags,
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key: pg-checkpoint keys create' },
        },
      },
      security: [{ bearer: [] }],
    },
    transform: withOperationIds(createJsonSchemaTransform({ schemaRegistry: registry })),
    transformObject: (document) => describeConventions(withoutUnusedComponents(transformObject(document))),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

type SwaggerDocument = ReturnType<SwaggerTransformObject>;

/** getPlansByIdRun for GET /plans/:id/run: unique, from the method and the path. */
function operationId(method: string, url: string): string {
  const words = url
    .split(/[/-]/)
    .filter((part) => part !== '')
    .map((part) => (part.startsWith(':') ? `by-${part.slice(1)}` : part))
    .flatMap((part) => part.split('-'));
  return method.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** Gives every route an operationId, and public routes (config.public) no security requirement. */
function withOperationIds(transform: SwaggerTransform): SwaggerTransform {
  return (input) => {
    const { schema, route, url } = input;
    if (schema === undefined || schema.hide === true) return transform(input);
    const method = [route.method].flat()[0] ?? 'get';
    const extra = {
      operationId: schema.operationId ?? operationId(method, url),
      ...(route.config?.public === true ? { security: [] } : {}),
    };
    return transform({ ...input, schema: { ...schema, ...extra } });
  };
}

/**
 * The transform emits an input and an output variant of every named schema
 * (`PlanInput`, `Plan`); drop the components that nothing references.
 */
function withoutUnusedComponents(document: SwaggerDocument): SwaggerDocument {
  if (!('components' in document)) return document;
  const schemas: Record<string, unknown> | undefined = document.components?.schemas;
  if (schemas === undefined) return document;
  const used = new Set<string>();
  const pending = [JSON.stringify({ ...document, components: { ...document.components, schemas: {} } })];
  for (let text = pending.pop(); text !== undefined; text = pending.pop()) {
    for (const match of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      const name = match[1];
      if (name !== undefined && !used.has(name)) {
        used.add(name);
        pending.push(JSON.stringify(schemas[name] ?? null));
      }
    }
  }
  // The transform built this object for this call: trimming it in place is safe.
  for (const name of Object.keys(schemas)) {
    if (!used.has(name)) delete schemas[name];
  }
  return document;
}
