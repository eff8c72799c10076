/**
 * `npm start`: database (DATABASE_URL, else the embedded one: the one already
 * running on .pgdata/, or one started) → migrations → HTTP API and the
 * background worker (prune and verify jobs) in the same process; once it
 * listens it prints the API and docs URLs, a psql command and the local
 * development API key (dev-key.ts; with DATABASE_URL, how to create a key).
 * SIGINT/SIGTERM close the server, the worker, the pool and the embedded
 * PostgreSQL it started. WORKER=off runs the API alone (e.g. when workers run apart,
 * `npm run worker`).
 * Runs when it is the entry point; `pg-checkpoint serve` calls start().
 */
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { createPool, maskUrl, parsePort, resolveDatabase, type ResolvedDatabase } from './db.ts';
import { buildApp } from './http/app.ts';
import { runMigrations } from './migrate.ts';
import { workerConfigFromEnv } from './worker/config.ts';
import { errorMessage } from './lib/errors.ts';
import { closeInOrder, handleSignals } from './signals.ts';
import { startWorker, type CheckpointWorker } from './worker/worker.ts';
import { stderrLogger } from './worker/stderr-logger.ts';
import { isEntryPoint } from './entry-point.ts';
import { type DevKey, ensureDevKey } from './dev-key.ts';

let db: ResolvedDatabase | undefined;
let pool: pg.Pool | undefined;
let app: FastifyInstance | undefined;
let worker: CheckpointWorker | undefined;
let stopping = false;

export interface StartOptions {
  /** Print the ready message as one JSON line (and the notices before it on stderr). */
  json?: boolean;
}

async function shutdown(): Promise<void> {
  stopping = true;
  await closeInOrder('pg-checkpoint', [
    ['HTTP server', () => app?.close()],
    ['worker', () => worker?.stop()],
    ['database pool', () => pool?.end()],
    ['embedded PostgreSQL', () => db?.stop()],
  ]);
}

async function startServer(options: StartOptions): Promise<void> {
  const port = parsePort(process.env.PORT, 3000);
  const host = process.env.HOST ?? '127.0.0.1';
  // Read the worker's configuration first: a typo fails before any database work.
  const workerConfig = process.env.WORKER === 'off' ? undefined : workerConfigFromEnv();

  db = await resolveDatabase(options.json ? console.error : console.log);
  if (stopping) return;
  await runMigrations(db.url, { quiet: options.json === true });
  if (stopping) return;
  pool = createPool(db.url);
  app = await buildApp({
    pool,
    logLevel: process.env.LOG_LEVEL ?? 'warn',
    ...(options.json ? { logStream: process.stderr } : {}),
  });
  if (stopping) return;
  if (workerConfig) {
    worker = await startWorker({
      connectionString: db.url,
      config: workerConfig,
      ...(options.json ? { logger: stderrLogger } : {}),
    });
    if (stopping) return;
  }
  const devKey = db.dataDir === undefined ? undefined : await ensureDevKey(pool, db.dataDir);
  await app.listen({ port, host });
  const message = ready(db, host, port, worker !== undefined, devKey);
  console.log(options.json ? JSON.stringify(message.json) : message.human);
}

/**
 * What `npm start` prints once it listens: the API, its docs, and a psql
 * command to paste (the embedded server's full URL: its password only
 * guards 127.0.0.1; a DATABASE_URL is the user's own, named, not printed).
 */
export function ready(
  database: ResolvedDatabase,
  host: string,
  port: number,
  workerRunning: boolean,
  devKey?: DevKey,
): {
  json: {
    listening: string;
    docs: string;
    database: string;
    psql: string | null;
    worker: boolean;
    apiKey: string | null;
    apiKeyFile: string | null;
  };
  human: string;
} {
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const base = `http://${shownHost}:${port}`;
  const psql = database.embedded ? `psql '${database.url}'` : 'psql "$DATABASE_URL"';
  return {
    json: {
      listening: base,
      docs: `${base}/docs`,
      database: maskUrl(database.url),
      psql: database.embedded ? database.url : null,
      worker: workerRunning,
      apiKey: devKey?.key ?? null,
      apiKeyFile: devKey?.file ?? null,
    },
    human: [
      `pg-checkpoint listening on ${base}${workerRunning ? ' (worker running)' : ''}`,
      `  API docs: ${base}/docs`,
      `  psql:     ${psql}`,
      devKey === undefined
        ? '  API key:  none made here; create one: pg-checkpoint keys create --actor <name> --role reader|writer|admin'
        : `  API key:  ${devKey.key} (admin, local development${devKey.created ? ', new' : ''}; kept in ${devKey.file})\n` +
          `            curl -H 'Authorization: Bearer ${devKey.key}' ${base}/plans`,
    ].join('\n'),
  };
}

/**
 * What `npm start` runs: installs the signal handlers, then starts the
 * server; a failure to start closes what was opened and exits 1. Resolves
 * once the server listens.
 */
export async function start(options: StartOptions = {}): Promise<void> {
  handleSignals({
    shutdown: async () => {
      await shutdown();
      console.error('pg-checkpoint: stopped');
      return 0;
    },
    force: () => db?.forceStop(),
  });

  await startServer(options).catch(async (err: unknown) => {
    console.error(`pg-checkpoint: failed to start: ${errorMessage(err)}`);
    await shutdown();
    process.exit(1);
  });
}


if (isEntryPoint(import.meta.url)) void start();
