/**
 * The worker in an application's database: only the core installed (no demo
 * tables, so no plan runs). It starts with the prune and verify jobs, runs
 * one, and stops; the plan-run machinery stays out of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCore } from '../src/lib/install.ts';
import { startWorker } from '../src/worker/worker.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { captureLog } from './helpers/worker.ts';

describe('startWorker on a database with only the core', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    await installCore(db.pool);
    await db.pool.query('create table notes (id uuid primary key, body text)');
    await db.pool.query(`select track_table('notes', 'note')`);
    await db.pool.query(`insert into notes values ('0b000000-0000-4000-8000-000000000001', 'a')`);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('starts with its jobs but run_plan, runs a verify job and stops', async () => {
    const log = captureLog();
    const worker = await startWorker({ connectionString: db.url, schedule: false, logger: log.logger });
    try {
      const done = new Promise<string>((resolve) => {
        worker.events.on('job:success', ({ job }) => resolve(job.task_identifier));
      });
      await worker.addJob('verify_checkpoints', {});
      expect(await done).toBe('verify_checkpoints');
    } finally {
      await worker.stop();
    }
    const connected = log.find('info', 'Worker connected');
    expect(connected.map((l) => l.message)).toEqual([
      "Worker connected and looking for jobs... (task names: 'prune_checkpoints', 'verify_checkpoints', 'prune_service_rows')",
    ]);
  });
});
