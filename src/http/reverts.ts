/** Reverts: undo what one unit of work (a request, a trace, a transaction) changed (revert_changes). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CheckpointDeps } from './deps.ts';
import { problemResponse, problems } from './problem.ts';
import { inRequest } from './request-context.ts';
import { json, RevertBody, RevertResult } from './schemas.ts';

export const revertRoutes: FastifyPluginAsyncZod<CheckpointDeps> = async (app, { pool, service }) => {
  app.post(
    '/reverts',
    {
      schema: {
        tags: ['units'],
        summary: 'Revert what one request, trace or transaction changed, keeping later changes of others (revert_changes)',
        description:
          'Every entity the unit changed goes back to its state before the unit; where someone else changed it since, ' +
          'column by column: the columns the unit changed go back, the others keep their current values. A column the ' +
          'unit changed that was changed again since, a row deleted since, a row the unit deleted that exists again, or ' +
          'one it inserted that has children added since is a conflict: onConflict abort (default) answers 409 with ' +
          'every conflicting entity in `conflicts` and changes nothing; skip leaves them; overwrite takes them back ' +
          'anyway. 404 when no captured change matches. Atomic; its own writes are captured under this request’s id ' +
          '(x-request-id), so a revert can itself be reverted.',
        body: RevertBody,
        response: {
          200: json(RevertResult, 'What the revert did (or, with dryRun, would do) per entity'),
          ...problems(403, 404),
          409: problemResponse(
            'Conflicts under onConflict abort (55000, type urn:pg-checkpoint:problem:revert-conflict, every ' +
              'conflicting entity in conflicts; nothing changed), or a key violation while writing (23503, 23505)',
          ),
        },
      },
    },
    async (request) => {
      const { onConflict = 'abort', dryRun = false, ...key } = request.body;
      const steps = await inRequest(pool, request, () => service.revert({ ...key, onConflict, dryRun }));
      return { dryRun, onConflict, steps };
    },
  );
};
