/**
 * The quick start's local development key: with the embedded PostgreSQL,
 * `npm start` creates an admin API key at first start and keeps it in the
 * embedded data directory (mode 0600, beside the database that holds its
 * hash, so removing the cluster removes both). Later starts show the same
 * key again; a key that was revoked (or a file that was removed) is
 * replaced by a new one. With DATABASE_URL nothing is created: a real
 * database's keys are made with `pg-checkpoint keys create`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { createApiKey, findApiKey } from './http/api-keys.ts';

export const DEV_KEY_FILE = 'pg-checkpoint-dev-key';
export const DEV_KEY_ACTOR = 'local-dev';

async function readKey(file: string): Promise<string | undefined> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export interface DevKey {
  key: string;
  /** Where it is kept. */
  file: string;
  /** Made by this start (the first, or the stored one was revoked or lost). */
  created: boolean;
}

/** The development key stored in dataDir (created there if missing or no longer valid). */
export async function ensureDevKey(pool: pg.Pool, dataDir: string): Promise<DevKey> {
  const file = path.join(dataDir, DEV_KEY_FILE);
  const stored = await readKey(file);
  if (stored !== undefined && (await findApiKey(pool, stored)) !== undefined) return { key: stored, file, created: false };
  const { key } = await createApiKey(pool, { actor: DEV_KEY_ACTOR, role: 'admin' });
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return { key, file, created: true };
}
