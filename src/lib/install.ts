/**
 * The SQL core into an existing database: sql/pg-checkpoint.sql (generated
 * from migrations/fixtures/core.sql, shipped in the package), applied as it
 * is. The file is one transaction, takes an advisory lock against a second
 * installer and may run again, so installing is atomic and re-running it is
 * harmless; `pg-checkpoint install` and an application's own start-up code
 * call this.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import type { Queryable } from './context.ts';

/** sql/pg-checkpoint.sql of this package (the same path from src/lib and dist/lib). */
export const installScriptPath = fileURLToPath(new URL('../../sql/pg-checkpoint.sql', import.meta.url));

export interface InstallResult {
  /** The version the script installs (and records in pgcheckpoint.versions). */
  version: string;
  /** The newest version installed before, if any. */
  previous?: string;
  /** installed: none before; upgraded: another version before; current: this version already, applied again. */
  outcome: 'installed' | 'upgraded' | 'current';
}

/** The version a generated install script records: its first line says it. */
export function scriptVersion(script: string): string {
  const version = /^-- pg-checkpoint (\S+): /.exec(script)?.[1];
  if (version === undefined) throw new Error(`${installScriptPath} does not start with "-- pg-checkpoint <version>: "`);
  return version;
}

async function newestInstalled(db: Queryable): Promise<string | undefined> {
  // Two statements: a query naming a table that does not exist fails when parsed, whatever its case says.
  const table = await db.query<{ found: boolean }>(`select to_regclass('pgcheckpoint.versions') is not null as found`);
  if (table.rows[0]?.found !== true) return undefined;
  const { rows } = await db.query<{ version: string }>(
    'select version from pgcheckpoint.versions order by installed_at desc, version desc limit 1',
  );
  return rows[0]?.version;
}

/**
 * Installs or upgrades the core in the database behind `pool`, on a
 * connection of its own. Needs a superuser: the script creates event
 * triggers, a role (pgcheckpoint_pruner) and, when absent, the pgcrypto
 * extension. All or nothing: on an error the script's transaction is rolled
 * back before the connection goes back to the pool.
 */
export async function installCore(pool: pg.Pool): Promise<InstallResult> {
  const script = await readFile(installScriptPath, 'utf8');
  const version = scriptVersion(script);
  const client = await pool.connect();
  /** A connection that could not even roll back is destroyed, not reused. */
  let failed: Error | undefined;
  try {
    const previous = await newestInstalled(client);
    try {
      await client.query(script);
    } catch (err) {
      // The script runs as one simple query: an error stops it inside its
      // own `begin`, leaving the session in a failed transaction.
      await client.query('rollback').catch((broken: unknown) => {
        failed = broken instanceof Error ? broken : new Error(String(broken));
      });
      throw err;
    }
    const outcome = previous === undefined ? 'installed' : previous === version ? 'current' : 'upgraded';
    return { version, ...(previous === undefined ? {} : { previous }), outcome };
  } finally {
    client.release(failed);
  }
}
