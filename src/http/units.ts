/** Units of work: what one request, trace or transaction changed (unit_changes); reverting one is POST /reverts. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CheckpointDeps } from './deps.ts';
import { sendPage } from './pages.ts';
import { problems } from './problem.ts';
import { json, UnitChangeBody, UnitQuery } from './schemas.ts';

export const unitRoutes: FastifyPluginAsyncZod<CheckpointDeps> = async (app, { service }) => {
  app.get(
    '/units/changes',
    {
      schema: {
        tags: ['units'],
        summary: 'The changes one request, trace or transaction made, in capture order (unit_changes)',
        description:
          'Give exactly one of ?requestId=, ?traceId=, ?transactionId= (else 422). Each change with the columns it ' +
          'changed (all of them for an insert or a delete): the preview of POST /reverts. [] when none matches.',
        querystring: UnitQuery,
        response: {
          200: json(z.array(UnitChangeBody), 'The unit’s changes, oldest first ([] when none matches)'),
          ...problems(403),
        },
      },
    },
    async (request, reply) => {
      const { limit, cursor, ...key } = request.query;
      return sendPage(request, reply, await service.unitChangesPage(key, { limit, ...(cursor === undefined ? {} : { cursor }) }));
    },
  );
};
