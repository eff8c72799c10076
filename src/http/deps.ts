/** What the route plugins are built with (see buildApp). */
import type pg from 'pg';
import type { CheckpointService } from '../lib/checkpoints.ts';
import type { Entities } from '../app/entities.ts';

export interface ApiDeps {
  pool: pg.Pool;
  service: CheckpointService;
  entities: Entities;
}
