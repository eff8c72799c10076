/**
 * Step handlers for `npm start` (or `npm run worker`): the module that
 * PGCHECKPOINT_HANDLERS names. Its default export maps task titles to
 * handlers; a plan whose tasks are titled "collect", "draft" and "review"
 * runs with these.
 *
 *   PGCHECKPOINT_HANDLERS=examples/handlers.ts npm start
 *   curl -X POST localhost:3000/plans -H 'content-type: application/json' -d '{"title":"Q3 report"}'
 *   (tasks "collect", "draft", "review" with positions 1-3, then)
 *   curl -X POST localhost:3000/plans/<id>/run -H 'content-type: application/json' -d '{"onFailure":"revert"}'
 *   curl localhost:3000/runs/<run id>
 *
 * Each write goes through the step (`artifacts.write`, `transaction`), so it
 * carries the step's unit and is undone if the step fails. `signal` fires
 * when the step times out: pass it on to whatever waits (fetch, an SDK).
 */
import type { StepHandler } from '../src/index.ts';

/** Stands in for a model call: resolves after `ms`, or rejects as soon as the step is aborted. */
function slowCall(text: string, ms: number, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(text), ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

const handlers: Record<string, StepHandler> = {
  collect: async ({ artifacts }) => {
    await artifacts.write('data.csv', 'quarter,revenue\nQ3,42');
  },

  draft: async ({ artifacts, signal }) => {
    const text = await slowCall('# Q3\nRevenue was 42.', 200, signal);
    await artifacts.write('draft.md', text);
  },

  review: async ({ plan, transaction }) => {
    // Several writes in one short transaction of the step's own.
    await transaction(async (client) => {
      await client.query(`update plans set title = title || ' (reviewed)' where id = $1`, [plan.id]);
    });
  },
};

export default handlers;
