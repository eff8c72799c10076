/**
 * Which database a CLI command talks to, first that applies:
 *   1. --database-url
 *   2. DATABASE_URL
 *   3. the embedded PostgreSQL of this checkout when it is already running
 *      (e.g. under `npm start`; its port from postmaster.pid): connect to it
 *      and leave it running
 *   4. the embedded PostgreSQL, started for this command and stopped after it
 * (3 and 4: resolveDatabase in src/db.ts.)
 * Notices go to stderr: stdout carries only the command's output.
 */
import type pg from 'pg';
import { createPool, resolveDatabase, type ResolvedDatabase } from '../db.ts';
import { handleSignals } from '../signals.ts';


/** The URL given explicitly (flag, then environment), if any. */
export function explicitUrl(flag: string | undefined): string | undefined {
  if (flag !== undefined && flag !== '') return flag;
  const env = process.env.DATABASE_URL;
  return env !== undefined && env !== '' ? env : undefined;
}

async function openDatabase(flag: string | undefined): Promise<ResolvedDatabase> {
  const given = explicitUrl(flag);
  const nothing = { stop: async () => {}, forceStop: () => {} };
  if (given !== undefined) return { url: given, embedded: false, ...nothing };
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
