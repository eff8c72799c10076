/** What the route plugins are built with (see buildApp). */
import type pg from 'pg';
import type { CheckpointService } from '../lib/checkpoints.ts';
import type { Entities } from '../app/entities.ts';
import type { PlanExecutor } from '../app/executor.ts';

export interface ApiDeps {
  pool: pg.Pool;
  service: CheckpointService;
  entities: Entities;
  /** Runs POST /plans/{id}/run: its registered handlers are the steps the API can run. */
  executor: PlanExecutor;
}
