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
        response: { 200: json(z.array(PromptBody), 'Every prompt, by name'), ...problems(403) },
      },
    },
    async () => prompts.list(),
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
      return reply.code(201).header('location', `/prompts/${prompt.id}`).send(prompt);
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
    async (request) => prompts.get(request.params.id),
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
        response: {
          200: json(PromptUpdated, 'The prompt as updated, and the checkpoint of the version before'),
          ...problems(403, 404, 409),
        },
      },
    },
    async (request) =>
      inRequest(pool, request, () =>
        updatePrompt(service, { id: request.params.id }, request.body.template, request.body.reason),
      ),
  );

  app.delete(
    '/prompts/:id',
    {
      schema: {
        tags,
        summary: 'Delete a prompt',
        params: IdParams,
        response: { 204: Empty, ...problems(403, 404, 409) },
      },
    },
    async (request, reply) => {
      await inRequest(pool, request, () => prompts.delete(request.params.id));
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
        response: { 200: json(PromptBody, 'The prompt as reverted'), ...problems(403, 404, 409) },
      },
    },
    async (request) =>
      inRequest(pool, request, () => revertPrompt(service, { id: request.params.id }, request.body.checkpointId)),
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
    async (request) => prompts.getByName(request.params.name),
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
        response: {
          200: json(PromptUpdated, 'The prompt as updated, and the checkpoint of the version before'),
          ...problems(403, 404, 409),
        },
      },
    },
    async (request) =>
      inRequest(pool, request, () =>
        updatePrompt(service, request.params.name, request.body.template, request.body.reason),
      ),
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
        response: { 200: json(PromptBody, 'The prompt as reverted'), ...problems(403, 404, 409) },
      },
    },
    async (request) =>
      inRequest(pool, request, () => revertPrompt(service, request.params.name, request.body.checkpointId)),
  );
};
