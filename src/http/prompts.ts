/**
 * Prompts, by id and by name. An update goes through updatePrompt: the
 * current version is saved as a manual checkpoint first, and its id comes
 * back as the target to revert to. A revert (revertPrompt) returns the
 * prompt to any checkpoint of it.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { revertPrompt, updatePrompt } from '../app/prompts.ts';
import type { ApiDeps } from './deps.ts';
import { IfMatchHeaders, tagged, writeIfMatch } from './etag.ts';
import { sendPage, PageQuery } from './pages.ts';
import { problems } from './problem.ts';
import { inRequest } from './request-context.ts';
import {
  Empty,
  IdParams,
  json,
  NameParams,
  PromptBody,
  PromptCreateBody,
  PromptRevertBody,
  PromptUpdateBody,
  PromptUpdated,
} from './schemas.ts';

const tags = ['prompts'];

const updateDescription =
  'Saves the current version as a manual checkpoint (returned as checkpointId), then sets the template; one transaction.';
const revertDescription =
  'Returns the prompt to the version saved in a checkpoint of it (rollback_entity to that checkpoint). ' +
  '422 for a checkpoint of another entity.';

export const promptRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, { pool, service, entities }) => {
  const { prompts } = entities;

  app.get(
    '/prompts',
    {
      schema: {
        tags,
        summary: 'List prompts (by name)',
        querystring: PageQuery,
        response: { 200: json(z.array(PromptBody), 'Every prompt, by name'), ...problems(403) },
      },
    },
    async (request, reply) => sendPage(request, reply, await prompts.page(request.query)),
  );

  app.post(
    '/prompts',
    {
      schema: {
        tags,
        summary: 'Create a prompt',
        description: '409 (23505) when the name is taken.',
        body: PromptCreateBody,
        response: { 201: json(PromptBody, 'The new prompt'), ...problems(403, 409) },
      },
    },
    async (request, reply) => {
      const prompt = await inRequest(pool, request, () => prompts.create(request.body));
      return reply.code(201).header('location', `/prompts/${prompt.id}`).send(tagged(reply, prompt));
    },
  );

  app.get(
    '/prompts/:id',
    {
      schema: {
        tags,
        summary: 'Get a prompt',
        params: IdParams,
        response: { 200: json(PromptBody, 'The prompt'), ...problems(403, 404) },
      },
    },
    async (request, reply) => tagged(reply, await prompts.get(request.params.id)),
  );

  app.patch(
    '/prompts/:id',
    {
      schema: {
        tags,
        summary: 'Update a prompt’s template, checkpointing the current version first',
        description: updateDescription,
        params: IdParams,
        body: PromptUpdateBody,
        headers: IfMatchHeaders,
        response: {
          200: json(PromptUpdated, 'The prompt as updated, and the checkpoint of the version before'),
          ...problems(403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { template, reason } = request.body;
      const current = () => prompts.get(id, { lock: true });
      const updated = await writeIfMatch(pool, request, current, () => updatePrompt(service, { id }, template, reason));
      tagged(reply, updated.prompt);
      return updated;
    },
  );

  app.delete(
    '/prompts/:id',
    {
      schema: {
        tags,
        summary: 'Delete a prompt',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: Empty, ...problems(403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await writeIfMatch(pool, request, () => prompts.get(id, { lock: true }), () => prompts.delete(id));
      return reply.code(204).send();
    },
  );

  app.post(
    '/prompts/:id/revert',
    {
      schema: {
        tags,
        summary: 'Revert a prompt to a checkpoint of it',
        description: revertDescription,
        params: IdParams,
        body: PromptRevertBody,
        headers: IfMatchHeaders,
        response: { 200: json(PromptBody, 'The prompt as reverted'), ...problems(403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const current = () => prompts.get(id, { lock: true });
      const revert = () => revertPrompt(service, { id }, request.body.checkpointId);
      return tagged(reply, await writeIfMatch(pool, request, current, revert));
    },
  );

  app.get(
    '/prompts/by-name/:name',
    {
      schema: {
        tags,
        summary: 'Get a prompt by name',
        params: NameParams,
        response: { 200: json(PromptBody, 'The prompt'), ...problems(403, 404) },
      },
    },
    async (request, reply) => tagged(reply, await prompts.getByName(request.params.name)),
  );

  app.patch(
    '/prompts/by-name/:name',
    {
      schema: {
        tags,
        summary: 'Update a prompt’s template by name, checkpointing the current version first',
        description: updateDescription,
        params: NameParams,
        body: PromptUpdateBody,
        headers: IfMatchHeaders,
        response: {
          200: json(PromptUpdated, 'The prompt as updated, and the checkpoint of the version before'),
          ...problems(403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      const { template, reason } = request.body;
      const current = () => prompts.getByName(name, { lock: true });
      const updated = await writeIfMatch(pool, request, current, () => updatePrompt(service, name, template, reason));
      tagged(reply, updated.prompt);
      return updated;
    },
  );

  app.post(
    '/prompts/by-name/:name/revert',
    {
      schema: {
        tags,
        summary: 'Revert a prompt (by name) to a checkpoint of it',
        description: revertDescription,
        params: NameParams,
        body: PromptRevertBody,
        headers: IfMatchHeaders,
        response: { 200: json(PromptBody, 'The prompt as reverted'), ...problems(403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      const current = () => prompts.getByName(name, { lock: true });
      const revert = () => revertPrompt(service, name, request.body.checkpointId);
      return tagged(reply, await writeIfMatch(pool, request, current, revert));
    },
  );
};
