/** Tasks: listed and created under their plan, read and changed by id. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from './deps.ts';
import { IfMatchHeaders, tagged, writeIfMatch } from './etag.ts';
import { sendPage, PageQuery } from './pages.ts';
import { problems } from './problem.ts';
import { inRequest } from './request-context.ts';
import { Empty, IdParams, json, PlanIdParams, TaskBody, TaskCreateBody, TaskUpdateBody } from './schemas.ts';

const tags = ['tasks'];

export const taskRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, { pool, entities }) => {
  const { tasks } = entities;

  app.get(
    '/plans/:planId/tasks',
    {
      schema: {
        tags,
        summary: 'List a plan’s tasks in execution order (by position, unpositioned last)',
        params: PlanIdParams,
        querystring: PageQuery,
        response: { 200: json(z.array(TaskBody), 'The plan’s tasks ([] for an unknown plan)'), ...problems(403) },
      },
    },
    async (request, reply) => sendPage(request, reply, await tasks.pageByPlan(request.params.planId, request.query)),
  );

  app.post(
    '/plans/:planId/tasks',
    {
      schema: {
        tags,
        summary: 'Add a task to a plan',
        description: '409 (23503) when the plan does not exist.',
        params: PlanIdParams,
        body: TaskCreateBody,
        response: { 201: json(TaskBody, 'The new task'), ...problems(403, 409) },
      },
    },
    async (request, reply) => {
      const task = await inRequest(pool, request, () =>
        tasks.create({ ...request.body, planId: request.params.planId }),
      );
      return reply.code(201).header('location', `/tasks/${task.id}`).send(tagged(reply, task));
    },
  );

  app.get(
    '/tasks/:id',
    {
      schema: {
        tags,
        summary: 'Get a task',
        params: IdParams,
        response: { 200: json(TaskBody, 'The task'), ...problems(403, 404) },
      },
    },
    async (request, reply) => tagged(reply, await tasks.get(request.params.id)),
  );

  app.patch(
    '/tasks/:id',
    {
      schema: {
        tags,
        summary: 'Change a task (planId moves it to another plan)',
        params: IdParams,
        body: TaskUpdateBody,
        headers: IfMatchHeaders,
        response: { 200: json(TaskBody, 'The task as changed'), ...problems(403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const current = () => tasks.get(id, { lock: true });
      return tagged(reply, await writeIfMatch(pool, request, current, () => tasks.update(id, request.body)));
    },
  );

  app.delete(
    '/tasks/:id',
    {
      schema: {
        tags,
        summary: 'Delete a task (and its artifacts)',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: Empty, ...problems(403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await writeIfMatch(pool, request, () => tasks.get(id, { lock: true }), () => tasks.delete(id));
      return reply.code(204).send();
    },
  );
};
