/**
 * The OpenAPI document, generated from the routes' zod schemas: served at
 * /openapi.json, with Swagger UI at /docs. Registered before the routes, so
 * that it sees them all.
 */
import swagger, { type SwaggerTransformObject } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
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
  { name: 'health', description: 'Liveness' },
];

const description = `Postgres-native checkpoint/rollback for agent entities (plans → tasks → artifacts, and prompts).

Every write is captured as a checkpoint by triggers in the same transaction. Each request is logged in
request_logs under the id returned in \`x-request-id\`; its checkpoints carry that request id, the actor
of the \`x-actor\` header (default \`api\`) and the trace id of a W3C \`traceparent\` header.

Errors are RFC 9457 problem details (\`application/problem+json\`) with the SQLSTATE in \`code\`.`;

export async function registerDocs(app: FastifyInstance): Promise<void> {
  const transformObject = createJsonSchemaTransformObject({ schemaRegistry: registry });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'pg-checkpoint', description, version: '0.1.0' },
      tags,
    },
    transform: createJsonSchemaTransform({ schemaRegistry: registry }),
    transformObject: (document) => withoutUnusedComponents(transformObject(document)),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

type SwaggerDocument = ReturnType<SwaggerTransformObject>;

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
