/** An entity's history: list it, read its state at a time, roll it back. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CheckpointDeps } from './deps.ts';
import { sendPage, PageQuery } from './pages.ts';
import { problems } from './problem.ts';
import { inRequest } from './request-context.ts';
import {
  CheckpointBody,
  EntityParams,
  json,
  RollbackBody,
  RollbackQuery,
  RollbackResult,
  StateQuery,
  StateResult,
} from './schemas.ts';

const tags = ['entities'];

export const entityRoutes: FastifyPluginAsyncZod<CheckpointDeps> = async (app, { pool, service }) => {
  app.get(
    '/entities/:type/:id/history',
    {
      schema: {
        tags,
        summary: 'Every checkpoint of an entity, newest first (entity_history)',
        params: EntityParams,
        querystring: PageQuery,
        response: {
          200: json(z.array(CheckpointBody), 'Every checkpoint of the entity, newest first ([] without history)'),
          ...problems(403),
        },
      },
    },
    async (request, reply) =>
      sendPage(request, reply, await service.historyPage(request.params.type, request.params.id, request.query)),
  );

  app.get(
    '/entities/:type/:id/state',
    {
      schema: {
        tags,
        summary: 'An entity’s state at a time (entity_state_at)',
        params: EntityParams,
        querystring: StateQuery,
        response: { 200: json(StateResult, 'The state at that time'), ...problems(403) },
      },
    },
    async (request) => {
      const { type, id } = request.params;
      const { at } = request.query;
      return { entityType: type, entityId: id, at, state: await service.stateAt(type, id, at) };
    },
  );

  app.post(
    '/entities/:type/:id/rollback',
    {
      schema: {
        tags,
        summary: 'Roll an entity (and with cascade, everything below it) back to a point (rollback_entity)',
        description:
          'Target: toCheckpoint (a checkpoint of this entity), or toTime, or by default the latest manual checkpoint; ' +
          'both is 422. Atomic: one corrupted checkpoint (500 XX001) and nothing changes. ' +
          '?dry_run=true returns the same steps and changes nothing.',
        params: EntityParams,
        querystring: RollbackQuery,
        body: RollbackBody.nullish(),
        response: {
          200: json(RollbackResult, 'What changed (or, with dry_run, would change)'),
          ...problems(403, 404, 409),
        },
      },
    },
    async (request) => {
      const { type, id } = request.params;
      const dryRun = request.query.dry_run;
      const body = request.body ?? {};
      const steps = await inRequest(pool, request, () =>
        service.rollback({
          entityType: type,
          entityId: id,
          dryRun,
          ...(body.toCheckpoint === undefined ? {} : { toCheckpoint: body.toCheckpoint }),
          ...(body.toTime === undefined ? {} : { toTime: body.toTime }),
          ...(body.cascade === undefined ? {} : { cascade: body.cascade }),
        }),
      );
      return { dryRun, steps };
    },
  );
};
