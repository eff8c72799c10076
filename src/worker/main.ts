/**
 * `npm run worker`: the background worker alone (no HTTP API).
 * Database (DATABASE_URL or the embedded PostgreSQL, as `npm start`) →
 * migrations → graphile-worker with the prune and verify jobs and their
 * crontab (configuration: src/worker/config.ts). SIGINT/SIGTERM stop it cleanly:
 * running jobs stop at their next batch boundary and are retried by the
 * next worker; then the embedded PostgreSQL, if any, is stopped.
 */
import { workerConfigFromEnv } from './config.ts';
import { maskUrl, resolveDatabase, type ResolvedDatabase } from '../db.ts';
import type { StartOptions } from '../main.ts';
import { stderrLogger } from './stderr-logger.ts';
import { runMigrations } from '../migrate.ts';
import { isEntryPoint } from '../entry-point.ts';
import { errorMessage } from '../lib/errors.ts';
import { closeInOrder, handleSignals } from '../signals.ts';
import { type CheckpointWorker, startWorker } from './worker.ts';

let db: ResolvedDatabase | undefined;
let worker: CheckpointWorker | undefined;
let stopping = false;

async function shutdown(): Promise<void> {
  stopping = true;
  await closeInOrder('pg-checkpoint worker', [
    ['worker', () => worker?.stop()],
    ['embedded PostgreSQL', () => db?.stop()],
  ]);
}

async function startWorkerProcess(options: StartOptions): Promise<void> {
  // Read the configuration first: a typo fails before any database work.
  const config = workerConfigFromEnv();
  db = await resolveDatabase(options.json ? console.error : console.log);
  if (stopping) return;
  await runMigrations(db.url, { quiet: options.json === true });
  if (stopping) return;
  worker = await startWorker({ connectionString: db.url, config, ...(options.json ? { logger: stderrLogger } : {}) });
  const off = (s: string | null): string => s ?? 'off';
  console.log(
    options.json
      ? JSON.stringify({
          worker: 'running',
          database: maskUrl(db.url),
          concurrency: config.concurrency,
          prune: { schedule: config.pruneSchedule, retention: config.retention, keepLast: config.keepLast },
          verify: { schedule: config.verifySchedule },
        })
      : `pg-checkpoint worker: running (concurrency ${config.concurrency}; prune "${off(config.pruneSchedule)}" UTC, ` +
          `retention ${config.retention}, keep_last ${config.keepLast}; verify "${off(config.verifySchedule)}" UTC)`,
  );
  worker.promise.catch(async (err: unknown) => {
    if (stopping) return;
    console.error(`pg-checkpoint worker: stopped on an error: ${errorMessage(err)}`);
    await shutdown();
    process.exit(1);
  });
}

/**
 * What `npm run worker` runs: installs the signal handlers, then starts the
 * worker; a failure to start closes what was opened and exits 1.
 * `pg-checkpoint worker` calls it too.
 */
export async function start(options: StartOptions = {}): Promise<void> {
  handleSignals({
    shutdown: async () => {
      await shutdown();
      console.error('pg-checkpoint worker: stopped');
      return 0;
    },
    force: () => db?.forceStop(),
  });

  await startWorkerProcess(options).catch(async (err: unknown) => {
    console.error(`pg-checkpoint worker: failed to start: ${errorMessage(err)}`);
    await shutdown();
    process.exit(1);
  });
}

if (isEntryPoint(import.meta.url)) void start();
