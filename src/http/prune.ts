/** Retention: prune old checkpoints (prune_checkpoints). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CheckpointDeps } from './deps.ts';
import { problems } from './problem.ts';
import { inRequest } from './request-context.ts';
import { json, PruneBody, PruneResult } from './schemas.ts';

export const pruneRoutes: FastifyPluginAsyncZod<CheckpointDeps> = async (app, { pool, service }) => {
  app.post(
    '/prune',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['retention'],
        summary: 'Remove old checkpoints (prune_checkpoints)',
        description:
          'With horizon now() - olderThan, every entity keeps its newest keepLast checkpoints and its newest ' +
          'checkpoint at or before the horizon (so any later point can still be rolled back to); the other ' +
          'checkpoints at or before the horizon are removed. Only the owner of the schema may prune (else 403).',
        body: PruneBody,
        response: { 200: json(PruneResult, 'How many checkpoints were removed'), ...problems(403, 409) },
      },
    },
    async (request) => {
      const removed = await inRequest(pool, request, () => service.prune(request.body));
      return { removed };
    },
  );
};
