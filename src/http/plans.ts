/** Plans: CRUD (running one: runs.ts). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from './deps.ts';
import { IfMatchHeaders, tagged, writeIfMatch } from './etag.ts';
import { sendPage, PageQuery } from './pages.ts';
import { problems } from './problem.ts';
import { inRequest } from './request-context.ts';
import { Empty, IdParams, json, PlanBody, PlanCreateBody, PlanUpdateBody } from './schemas.ts';

const tags = ['plans'];

export const planRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, { pool, entities }) => {
  const { plans } = entities;

  app.get(
    '/plans',
    {
      schema: {
        tags,
        summary: 'List plans',
        querystring: PageQuery,
        response: { 200: json(z.array(PlanBody), 'Every plan, oldest first'), ...problems(403) },
      },
    },
    async (request, reply) => sendPage(request, reply, await plans.page(request.query)),
  );

  app.post(
    '/plans',
    {
      schema: {
        tags,
        summary: 'Create a plan',
        body: PlanCreateBody,
        response: { 201: json(PlanBody, 'The new plan'), ...problems(403, 409) },
      },
    },
    async (request, reply) => {
      const plan = await inRequest(pool, request, () => plans.create(request.body));
      return reply.code(201).header('location', `/plans/${plan.id}`).send(tagged(reply, plan));
    },
  );

  app.get(
    '/plans/:id',
    {
      schema: {
        tags,
        summary: 'Get a plan',
        params: IdParams,
        response: { 200: json(PlanBody, 'The plan'), ...problems(403, 404) },
      },
    },
    async (request, reply) => tagged(reply, await plans.get(request.params.id)),
  );

  app.patch(
    '/plans/:id',
    {
      schema: {
        tags,
        summary: 'Change a plan (title, status)',
        params: IdParams,
        body: PlanUpdateBody,
        headers: IfMatchHeaders,
        response: { 200: json(PlanBody, 'The plan as changed'), ...problems(403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const current = () => plans.get(id, { lock: true });
      return tagged(reply, await writeIfMatch(pool, request, current, () => plans.update(id, request.body)));
    },
  );

  app.delete(
    '/plans/:id',
    {
      schema: {
        tags,
        summary: 'Delete a plan (and its tasks and artifacts)',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: Empty, ...problems(403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await writeIfMatch(pool, request, () => plans.get(id, { lock: true }), () => plans.delete(id));
      return reply.code(204).send();
    },
  );
};
