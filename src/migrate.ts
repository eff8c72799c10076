/**
 * Applies the committed graphile-migrate migrations (migrations/committed/).
 * Idempotent: already-applied migrations are skipped. migrations/current.sql
 * is NOT applied here; it is for `graphile-migrate watch` during development.
 *
 * As a script (`npm run db:migrate`): DATABASE_URL, or the embedded database.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Logger, migrate, type Settings } from 'graphile-migrate';
import { getSettingsFromJSON } from 'graphile-migrate/dist/commands/_common.js';
import { clearAllPools } from 'graphile-migrate/dist/pgReal.js';
import type { Queryable } from './lib/context.ts';
import { repoRoot, resolveDatabase, type ResolvedDatabase } from './db.ts';
import { handleSignals } from './signals.ts';
import { isEntryPoint } from './entry-point.ts';
import { errorMessage } from './lib/errors.ts';

export const migrationsFolder = path.join(repoRoot, 'migrations');
const gmrcPath = path.join(repoRoot, '.gmrc');

export interface MigrateOptions {
  /** Silence graphile-migrate's progress lines (tests). */
  quiet?: boolean;
}

/**
 * The .gmrc settings (pgSettings, placeholders, actions…) with the connection
 * string supplied by the caller and the migrations folder made absolute, so
 * the programmatic run and the graphile-migrate CLI behave the same.
 */
async function migrationSettings(url: string, options: MigrateOptions = {}): Promise<Settings> {
  const fromFile: Settings = existsSync(gmrcPath) ? await getSettingsFromJSON(gmrcPath) : {};
  const settings: Settings = { ...fromFile, connectionString: url, migrationsFolder };
  if (options.quiet) settings.logger = new Logger(() => () => {});
  return settings;
}

/** How many migrations the database has applied (0 before the first). */
export async function appliedMigrations(db: Queryable): Promise<number> {
  const exists = await db.query<{ t: string | null }>(`select to_regclass('graphile_migrate.migrations')::text as t`);
  if (exists.rows[0]?.t == null) return 0;
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from graphile_migrate.migrations');
  return rows[0]?.n ?? 0;
}

export async function runMigrations(url: string, options: MigrateOptions = {}): Promise<void> {
  try {
    await migrate(await migrationSettings(url, options));
  } finally {
    // graphile-migrate keeps its pool open ~200 ms after use and calls
    // process.exit(1) if an idle connection errors (server stopped, database
    // dropped). Close it now so that cannot happen.
    clearAllPools();
  }
}

async function main(): Promise<number> {
  let db: ResolvedDatabase | undefined;
  handleSignals({
    shutdown: async () => {
      await db?.stop();
      return 130;
    },
    force: () => db?.forceStop(),
  });
  db = await resolveDatabase();
  try {
    await runMigrations(db.url);
    return 0;
  } finally {
    await db.stop();
  }
}


if (isEntryPoint(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`pg-checkpoint: migration failed: ${errorMessage(err)}`);
      process.exit(1);
    },
  );
}
