/**
 * The run_plan job: runs a queued plan run (POST /plans/{id}/run), or
 * resumes one whose worker died, with the executor's handlers (see
 * src/app/executor.ts). Payload: { runId }.
 *
 * Nothing to do (the run has finished, or a live process holds it): the job
 * succeeds at once. A shutdown mid-step fails the job with RunInterrupted
 * and leaves the step to the next worker, which undoes it and resumes.
 */
import type { Task } from 'graphile-worker';
import { z } from 'zod';
import type { PlanExecutor } from '../../app/executor.ts';
import { Uuid } from '../../lib/interfaces.ts';

const RunPlanPayload = z.object({ runId: Uuid });

export function runPlanTask(executor: PlanExecutor): Task {
  return async (payload, helpers) => {
    const { runId } = RunPlanPayload.parse(payload);
    const result = await executor.execute(runId, helpers.abortSignal);
    helpers.logger.info(
      result === null ? `run ${runId}: nothing to do (finished, or held by another worker)` : `run ${runId}: ${result.status}`,
    );
  };
}
