/** The quick start's development key: created once, shown again, replaced when revoked or lost. */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureDevKey } from '../src/dev-key.ts';
import { findApiKey, revokeApiKey } from '../src/http/api-keys.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

let db: TestDatabase;
let dir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'pgcp-devkey-'));
});

afterAll(async () => {
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

it('is created at first start (admin, file 0600), the same at the next, new once revoked or unreadable', async () => {
  const first = await ensureDevKey(db.pool, dir);
  expect(first.created).toBe(true);
  expect((await stat(first.file)).mode & 0o777).toBe(0o600);
  expect(await findApiKey(db.pool, first.key)).toMatchObject({ actor: 'local-dev', role: 'admin' });

  const again = await ensureDevKey(db.pool, dir);
  expect(again).toEqual({ ...first, created: false });

  const principal = await findApiKey(db.pool, first.key);
  await revokeApiKey(db.pool, principal?.id ?? '');
  const replaced = await ensureDevKey(db.pool, dir);
  expect(replaced.created).toBe(true);
  expect(replaced.key).not.toBe(first.key);

  await writeFile(replaced.file, 'garbage\n');
  const fresh = await ensureDevKey(db.pool, dir);
  expect(fresh.created).toBe(true);
  expect(await findApiKey(db.pool, fresh.key)).toBeDefined();
});
