/** Checkpoints: create (manual), read one, restore, diff two. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CheckpointDeps } from './deps.ts';
import { problems } from './problem.ts';
import { inRequest } from './request-context.ts';
import {
  CheckpointBody,
  CheckpointCreateBody,
  CheckpointCreated,
  DiffParams,
  DiffResult,
  Empty,
  IdParams,
  json,
} from './schemas.ts';

const tags = ['checkpoints'];

export const checkpointRoutes: FastifyPluginAsyncZod<CheckpointDeps> = async (app, { pool, service }) => {
  app.post(
    '/checkpoints',
    {
      schema: {
        tags,
        summary: 'Save an entity’s current state as a manual checkpoint (create_checkpoint)',
        description:
          'A rollback without a target goes back to the latest manual checkpoint. 404 for an unknown entity.',
        body: CheckpointCreateBody,
        response: { 201: json(CheckpointCreated, 'The id of the new checkpoint'), ...problems(403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { entityType, entityId, reason } = request.body;
      const id = await inRequest(pool, request, () => service.create(entityType, entityId, reason));
      return reply.code(201).header('location', `/checkpoints/${id}`).send({ id });
    },
  );

  app.get(
    '/checkpoints/:id',
    {
      schema: {
        tags,
        summary: 'Get a checkpoint',
        params: IdParams,
        response: { 200: json(CheckpointBody, 'The checkpoint'), ...problems(403, 404) },
      },
    },
    async (request) => service.get(request.params.id),
  );

  app.post(
    '/checkpoints/:id/restore',
    {
      schema: {
        tags,
        summary: 'Restore one entity’s row to a checkpoint (restore_checkpoint)',
        description:
          'Updates the row, or inserts it again if it was deleted; children are not touched (see rollback). ' +
          'The hash is verified first: 500 XX001 for a corrupted checkpoint, and nothing changes.',
        params: IdParams,
        response: { 204: Empty, ...problems(403, 404, 409) },
      },
    },
    async (request, reply) => {
      await inRequest(pool, request, () => service.restore(request.params.id));
      return reply.code(204).send();
    },
  );

  app.get(
    '/checkpoints/:from/diff/:to',
    {
      schema: {
        tags,
        summary: 'The columns that differ between two checkpoints (checkpoint_diff)',
        params: DiffParams,
        response: { 200: json(DiffResult, 'The columns that differ'), ...problems(403, 404) },
      },
    },
    async (request) => {
      const { from, to } = request.params;
      return { from, to, diff: await service.diff(from, to) };
    },
  );
};
