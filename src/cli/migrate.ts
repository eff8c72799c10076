/** migrate: the committed migrations, applied (graphile-migrate, as `npm run db:migrate`). */
import pg from 'pg';
import { maskUrl } from '../db.ts';
import { runMigrations } from '../migrate.ts';
import { plural } from './output.ts';
import type { CommandResult } from './result.ts';

/** How many migrations the database has applied (0 before the first). */
async function appliedMigrations(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    const exists = await client.query<{ t: string | null }>(`select to_regclass('graphile_migrate.migrations') as t`);
    if (exists.rows[0]?.t == null) return 0;
    const { rows } = await client.query<{ n: number }>('select count(*)::int as n from graphile_migrate.migrations');
    return rows[0]?.n ?? 0;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function migrateCommand(url: string, json: boolean): Promise<CommandResult> {
  const before = await appliedMigrations(url);
  await runMigrations(url, { quiet: json });
  const after = await appliedMigrations(url);
  const applied = after - before;
  return {
    json: { database: maskUrl(url), applied, total: after },
    human: `${maskUrl(url)}: ${applied === 0 ? 'already up to date' : `${plural(applied, 'migration')} applied`} (${plural(after, 'migration')} in total)`,
  };
}
