/**
 * Plan runs as jobs: POST /plans/{id}/run queues a run for a worker (202,
 * graphile-worker job run_plan) and GET /runs/{id} reports it, with every
 * attempt of every step. The worker runs the steps with the handlers of
 * PGCHECKPOINT_HANDLERS (src/app/handlers.ts); see docs/executor.md.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { enqueueRun, getRun, publicRun } from '../app/runs.ts';
import type { ApiDeps } from './deps.ts';
import { problemResponse, problems } from './problem.ts';
import { requestContext } from './request-context.ts';
import { IdParams, json, RunBody, RunResponse } from './schemas.ts';

const tags = ['runs'];

export const runRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, { pool }) => {
  app.post(
    '/plans/:id/run',
    {
      schema: {
        tags,
        summary: 'Queue a run of the plan’s pending tasks (answers at once; a worker runs it)',
        description:
          'A worker runs the tasks in order, one step per task, each with the handler registered under its title ' +
          '(PGCHECKPOINT_HANDLERS). A step commits as it goes, tagged with a request id of its own (its unit); a step ' +
          'that throws or outlasts its timeout (the task’s timeoutMs, else stepTimeoutMs) is undone per onFailure — ' +
          'rollback: the plan back to the checkpoint taken before the step; revert: only the step’s own writes — then ' +
          'per policy: stop, retry (up to `retries` more times), skip. Running a failed plan again resumes it. ' +
          'Follow the run at the Location (GET /runs/{id}). The executor’s own writes carry this request’s id, ' +
          'actor and trace.',
        params: IdParams,
        body: RunBody.nullish(),
        response: {
          202: json(RunResponse, 'The run, queued'),
          ...problems(403, 404),
          409: problemResponse('The plan already has a queued or running run (23505), or is cancelled (55000)'),
        },
      },
    },
    async (request, reply) => {
      const run = await enqueueRun(pool, request.params.id, { ...request.body, context: requestContext(request) });
      return reply.code(202).header('location', `/runs/${run.id}`).send(publicRun(run));
    },
  );

  app.get(
    '/runs/:id',
    {
      schema: {
        tags,
        summary: 'A run: its status and every attempt of every step',
        params: IdParams,
        response: { 200: json(RunResponse, 'The run'), ...problems(403, 404) },
      },
    },
    async (request) => publicRun(await getRun(pool, request.params.id)),
  );
};
