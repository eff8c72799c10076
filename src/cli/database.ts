/**
 * Which database a CLI command talks to, first that applies:
 *   1. --database-url
 *   2. DATABASE_URL
 *   3. the embedded PostgreSQL of this checkout when it is already running
 *      (e.g. under `npm start`): connect to it
 *   4. the embedded PostgreSQL, started for this command and stopped after it
 * Notices go to stderr: stdout carries only the command's output.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import {
  DEFAULT_EMBEDDED_PORT,
  EMBEDDED_DATABASE,
  createPool,
  embeddedDataDir,
  embeddedUrl,
  maskUrl,
  parsePort,
  resolveDatabase,
  type ResolvedDatabase,
} from '../db.ts';
import { handleSignals } from '../signals.ts';


/** The URL given explicitly (flag, then environment), if any. */
export function explicitUrl(flag: string | undefined): string | undefined {
  if (flag !== undefined && flag !== '') return flag;
  const env = process.env.DATABASE_URL;
  return env !== undefined && env !== '' ? env : undefined;
}

/** The embedded server of this checkout, when one is running and answers. */
async function runningEmbeddedUrl(): Promise<string | undefined> {
  if (!existsSync(path.join(embeddedDataDir(), 'postmaster.pid'))) return undefined;
  const port = parsePort(process.env.PGCHECKPOINT_EMBEDDED_PORT, DEFAULT_EMBEDDED_PORT);
  const url = embeddedUrl(port, EMBEDDED_DATABASE);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return url;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}

async function openDatabase(flag: string | undefined): Promise<ResolvedDatabase> {
  const given = explicitUrl(flag);
  const nothing = { stop: async () => {}, forceStop: () => {} };
  if (given !== undefined) return { url: given, embedded: false, ...nothing };
  const running = await runningEmbeddedUrl();
  if (running !== undefined) {
    console.error(`pg-checkpoint: using the running embedded PostgreSQL ${maskUrl(running)}`);
    return { url: running, embedded: true, ...nothing };
  }
  // (its notice on stderr: stdout carries only the command's output)
  return resolveDatabase((line) => console.error(line));
}

/**
 * Runs `fn` with a pool on the command's database, then closes the pool and
 * stops an embedded server it started. Ctrl-C does the same, then exits 130.
 */
export async function withPool<T>(flag: string | undefined, fn: (pool: pg.Pool, url: string) => Promise<T>): Promise<T> {
  return withDatabase(flag, async (url, onClose) => {
    const pool = createPool(url);
    onClose(() => pool.end());
    return fn(pool, url);
  });
}

/** Runs `fn` with the database's URL; `onClose` registers cleanups run (last first) before the server stops. */
export async function withDatabase<T>(
  flag: string | undefined,
  fn: (url: string, onClose: (cleanup: () => Promise<unknown>) => void) => Promise<T>,
): Promise<T> {
  let db: ResolvedDatabase | undefined;
  const cleanups: Array<() => Promise<unknown>> = [];
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
      await db?.stop();
    })();
    return closing;
  };
  handleSignals({
    shutdown: async () => {
      await close();
      return 130;
    },
    force: () => db?.forceStop(),
  });
  try {
    db = await openDatabase(flag);
    return await fn(db.url, (cleanup) => cleanups.push(cleanup));
  } finally {
    await close();
  }
}
