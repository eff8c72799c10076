/** Integrity: verify checkpoints now, and list what the background scan found. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CheckpointDeps } from './deps.ts';
import { sendPage, PageQuery } from './pages.ts';
import { problems } from './problem.ts';
import { listFindings } from './reads.ts';
import { Finding, json, VerifyFindingBody, VerifyQuery } from './schemas.ts';

const tags = ['integrity'];

export const verifyRoutes: FastifyPluginAsyncZod<CheckpointDeps> = async (app, { pool, service }) => {
  app.get(
    '/verify',
    {
      schema: {
        tags,
        summary: 'Checkpoints whose state no longer matches their hash (verify_checkpoints); [] when all are sound',
        description:
          'All of history, one type (entityType), or one entity (entityType and entityId). Reads every selected ' +
          'row: for the whole history prefer the background scan (GET /verify/findings).',
        querystring: VerifyQuery,
        response: {
          200: json(z.array(VerifyFindingBody), 'The corrupted checkpoints ([] when all are sound)'),
          ...problems(403),
        },
      },
    },
    async (request) => service.verify(request.query),
  );

  app.get(
    '/verify/findings',
    {
      schema: {
        tags,
        summary: 'Corrupted checkpoints recorded by the background verify_checkpoints job (pgcheckpoint.findings)',
        querystring: PageQuery,
        response: { 200: json(z.array(Finding), 'The findings, in capture order'), ...problems(403) },
      },
    },
    async (request, reply) => sendPage(request, reply, await listFindings(pool, request.query)),
  );
};
