/**
 * graphile-worker task `prune_service_rows`: the HTTP service's retention
 * (pgcheckpoint_api.prune_service_rows). Removes request_logs rows older
 * than the retention that no checkpoint references any more (pruning took
 * theirs; a referenced one stays, so a revert by request id keeps working)
 * and idempotency records older than it (a retry after that runs again).
 * Runs on the prune schedule. A database with the core only (`pg-checkpoint
 * install`, no HTTP service tables) has nothing to prune: logged, not an error.
 *
 * Payload (optional; the worker's configuration gives the default):
 *   { "retention": "7 days" }
 */
import type { Task } from 'graphile-worker';
import { z } from 'zod';
import type { WorkerConfig } from '../config.ts';

export const ServicePrunePayload = z
  .object({
    retention: z.string().min(1).optional(),
    /** Added by graphile-worker to jobs made by the crontab. */
    _cron: z.unknown().optional(),
  })
  .strict();

export function pruneServiceRowsTask(config: Pick<WorkerConfig, 'serviceRetention'>): Task {
  return async (payload, helpers) => {
    const { retention = config.serviceRetention } = ServicePrunePayload.parse(payload ?? {});
    const result = await helpers.withPgClient(async (client) => {
      const { rows: found } = await client.query<{ present: boolean }>(
        `select to_regprocedure('pgcheckpoint_api.prune_service_rows(interval)') is not null as present`,
      );
      if (found[0]?.present !== true) return undefined;
      const { rows } = await client.query<{ requestLogs: string; idempotency: string }>(
        `select request_logs::text as "requestLogs", idempotency::text as idempotency
           from pgcheckpoint_api.prune_service_rows($1::interval)`,
        [retention],
      );
      return rows[0];
    });
    if (result === undefined) {
      helpers.logger.info('prune_service_rows: no HTTP service tables in this database, nothing to prune');
      return;
    }
    helpers.logger.info('prune_service_rows: done', {
      retention,
      requestLogs: Number(result.requestLogs),
      idempotency: Number(result.idempotency),
    });
  };
}
