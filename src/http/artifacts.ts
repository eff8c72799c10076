/** Artifacts: listed and created under their task, read and changed by id. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from './deps.ts';
import { IfMatchHeaders, tagged, writeIfMatch } from './etag.ts';
import { sendPage, PageQuery } from './pages.ts';
import { problems } from './problem.ts';
import { inRequest } from './request-context.ts';
import {
  ArtifactBody,
  ArtifactCreateBody,
  ArtifactUpdateBody,
  Empty,
  IdParams,
  json,
  TaskIdParams,
} from './schemas.ts';

const tags = ['artifacts'];

export const artifactRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, { pool, entities }) => {
  const { artifacts } = entities;

  app.get(
    '/tasks/:taskId/artifacts',
    {
      schema: {
        tags,
        summary: 'List a task’s artifacts',
        params: TaskIdParams,
        querystring: PageQuery,
        response: {
          200: json(z.array(ArtifactBody), 'The task’s artifacts ([] for an unknown task)'),
          ...problems(403),
        },
      },
    },
    async (request, reply) =>
      sendPage(request, reply, await artifacts.pageByTask(request.params.taskId, request.query)),
  );

  app.post(
    '/tasks/:taskId/artifacts',
    {
      schema: {
        tags,
        summary: 'Add an artifact to a task',
        description: '409 (23503) when the task does not exist.',
        params: TaskIdParams,
        body: ArtifactCreateBody,
        response: { 201: json(ArtifactBody, 'The new artifact'), ...problems(403, 409) },
      },
    },
    async (request, reply) => {
      const artifact = await inRequest(pool, request, () =>
        artifacts.create({ ...request.body, taskId: request.params.taskId }),
      );
      return reply.code(201).header('location', `/artifacts/${artifact.id}`).send(tagged(reply, artifact));
    },
  );

  app.get(
    '/artifacts/:id',
    {
      schema: {
        tags,
        summary: 'Get an artifact',
        params: IdParams,
        response: { 200: json(ArtifactBody, 'The artifact'), ...problems(403, 404) },
      },
    },
    async (request, reply) => tagged(reply, await artifacts.get(request.params.id)),
  );

  app.patch(
    '/artifacts/:id',
    {
      schema: {
        tags,
        summary: 'Change an artifact (taskId moves it to another task)',
        params: IdParams,
        body: ArtifactUpdateBody,
        headers: IfMatchHeaders,
        response: { 200: json(ArtifactBody, 'The artifact as changed'), ...problems(403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const current = () => artifacts.get(id, { lock: true });
      return tagged(reply, await writeIfMatch(pool, request, current, () => artifacts.update(id, request.body)));
    },
  );

  app.delete(
    '/artifacts/:id',
    {
      schema: {
        tags,
        summary: 'Delete an artifact',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: Empty, ...problems(403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await writeIfMatch(pool, request, () => artifacts.get(id, { lock: true }), () => artifacts.delete(id));
      return reply.code(204).send();
    },
  );
};
