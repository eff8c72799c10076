/** install: the SQL core (sql/pg-checkpoint.sql) into an existing database, or again, or over an older version. */
import type pg from 'pg';
import { maskUrl } from '../db.ts';
import { installCore } from '../lib/install.ts';
import type { CommandResult } from './result.ts';

export async function installCommand(pool: pg.Pool, url: string): Promise<CommandResult> {
  const result = await installCore(pool);
  const what = {
    installed: `pg-checkpoint ${result.version} installed`,
    upgraded: `pg-checkpoint upgraded from ${result.previous ?? '?'} to ${result.version}`,
    current: `pg-checkpoint ${result.version} already installed (applied again; nothing to upgrade)`,
  }[result.outcome];
  return {
    json: { database: maskUrl(url), ...result },
    human: `${maskUrl(url)}: ${what}`,
  };
}
