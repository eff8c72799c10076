/**
 * `npm run worker`: the background worker alone (no HTTP API).
 * Database (DATABASE_URL or the embedded PostgreSQL, as `npm start`) →
 * migrations → graphile-worker with the prune and verify jobs and their
 * crontab (configuration: src/config.ts). SIGINT/SIGTERM stop it cleanly:
 * running jobs stop at their next batch boundary and are retried by the
 * next worker; then the embedded PostgreSQL, if any, is stopped.
 */
import { workerConfigFromEnv } from './config.ts';
import { resolveDatabase, type ResolvedDatabase } from './db.ts';
import { runMigrations } from './migrate.ts';
import { handleSignals } from './signals.ts';
import { type CheckpointWorker, startWorker } from './worker.ts';

let db: ResolvedDatabase | undefined;
let worker: CheckpointWorker | undefined;
let stopping = false;

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function shutdown(): Promise<void> {
  stopping = true;
  const steps: Array<[string, () => Promise<unknown> | undefined]> = [
    ['worker', () => worker?.stop()],
    ['embedded PostgreSQL', () => db?.stop()],
  ];
  for (const [name, step] of steps) {
    try {
      await step();
    } catch (err) {
      console.error(`pg-checkpoint worker: closing ${name} failed: ${message(err)}`);
    }
  }
}

async function start(): Promise<void> {
  // Read the configuration first: a typo fails before any database work.
  const config = workerConfigFromEnv();
  db = await resolveDatabase();
  if (stopping) return;
  await runMigrations(db.url);
  if (stopping) return;
  worker = await startWorker({ connectionString: db.url, config });
  const off = (s: string | null): string => s ?? 'off';
  console.log(
    `pg-checkpoint worker: running (concurrency ${config.concurrency}; prune "${off(config.pruneSchedule)}" UTC, ` +
      `retention ${config.retention}, keep_last ${config.keepLast}; verify "${off(config.verifySchedule)}" UTC)`,
  );
  worker.promise.catch(async (err: unknown) => {
    if (stopping) return;
    console.error(`pg-checkpoint worker: stopped on an error: ${message(err)}`);
    await shutdown();
    process.exit(1);
  });
}

handleSignals({
  shutdown: async () => {
    await shutdown();
    console.error('pg-checkpoint worker: stopped');
    return 0;
  },
  force: () => db?.forceStop(),
});

start().catch(async (err: unknown) => {
  console.error(`pg-checkpoint worker: failed to start: ${message(err)}`);
  await shutdown();
  process.exit(1);
});
