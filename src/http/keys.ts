/** API keys over HTTP (admin only): list, create (the key is in the answer, this once), revoke. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiKeyCreate, ApiKeyInfo, createApiKey, pageApiKeys, revokeApiKey } from './api-keys.ts';
import type { ApiDeps } from './deps.ts';
import { PageQuery, sendPage } from './pages.ts';
import { problems } from './problem.ts';
import { IdParams, json, registry } from './schemas.ts';

const tags = ['keys'];
const config = { role: 'admin' as const };

const ApiKeyBody = ApiKeyInfo.register(registry, { id: 'ApiKey', description: 'An API key (never the key itself)' });
const ApiKeyCreated = ApiKeyInfo.extend({
  key: z.string().describe('The key: send it as Authorization: Bearer <key>. Shown this once; only its hash is stored.'),
}).register(registry, { id: 'ApiKeyCreated' });

export const keyRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, { pool }) => {
  app.get(
    '/keys',
    {
      config,
      schema: {
        tags,
        summary: 'List API keys, oldest first (revoked ones too); never the keys themselves',
        querystring: PageQuery,
        response: { 200: json(z.array(ApiKeyBody), 'The keys') , ...problems() },
      },
    },
    async (request, reply) => sendPage(request, reply, await pageApiKeys(pool, request.query)),
  );

  app.post(
    '/keys',
    {
      config,
      schema: {
        tags,
        summary: 'Create an API key for an actor and a role',
        body: z.strictObject(ApiKeyCreate.shape),
        response: { 201: json(ApiKeyCreated, 'The new key, with the key itself (this once)'), ...problems() },
      },
    },
    async (request, reply) => {
      const created = await createApiKey(pool, request.body);
      return reply.code(201).header('location', `/keys/${created.id}`).send(created);
    },
  );

  app.delete(
    '/keys/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Revoke an API key: its requests get 401 from then on',
        params: IdParams,
        response: { 200: json(ApiKeyBody, 'The key, revoked'), ...problems(404) },
      },
    },
    async (request) => revokeApiKey(pool, request.params.id),
  );
};
