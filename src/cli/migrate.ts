/** migrate: the committed migrations, applied (graphile-migrate, as `npm run db:migrate`). */
import pg from 'pg';
import { maskUrl } from '../db.ts';
import { appliedMigrations, runMigrations } from '../migrate.ts';
import { plural } from './output.ts';
import type { CommandResult } from './result.ts';

/** appliedMigrations over a connection of its own. */
async function countApplied(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await appliedMigrations(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function migrateCommand(url: string, json: boolean): Promise<CommandResult> {
  const before = await countApplied(url);
  await runMigrations(url, { quiet: json });
  const after = await countApplied(url);
  const applied = after - before;
  return {
    json: { database: maskUrl(url), applied, total: after },
    human: `${maskUrl(url)}: ${applied === 0 ? 'already up to date' : `${plural(applied, 'migration')} applied`} (${plural(after, 'migration')} in total)`,
  };
}
