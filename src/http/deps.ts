/** What the route plugins are built with (see buildApp and checkpointApi). */
import type pg from 'pg';
import type { CheckpointService } from '../lib/checkpoints.ts';
import type { Entities } from '../app/entities.ts';

/** The checkpoint routes' needs: any application's tables, no demo entities. */
export interface CheckpointDeps {
  pool: pg.Pool;
  service: CheckpointService;
}

export interface ApiDeps extends CheckpointDeps {
  entities: Entities;
}
