/**
 * Generates the committed migration from its sources: the `--!include` list
 * in migrations/fixtures/schema.sql, compiled the way graphile-migrate
 * compiles includes, hashed the way it hashes them.
 *
 *   npm run db:build-migration            writes migrations/committed/000001-pg-checkpoint-schema.sql
 *   npm run db:build-migration -- --check exits 1 when the committed file differs from its sources
 *
 * While pg-checkpoint is unreleased the schema is one migration, rebuilt
 * from the sources; after the first release each change ships as a new
 * migration (docs/adopting.md).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { calculateHash } from 'graphile-migrate/dist/hash.js';
import { compileIncludes, serializeMigration } from 'graphile-migrate/dist/migration.js';
import type { ParsedSettings } from 'graphile-migrate/dist/settings.js';
import { isEntryPoint } from '../src/entry-point.ts';
import { migrationsFolder } from '../src/migrate.ts';

export const committedPath = path.join(migrationsFolder, 'committed', '000001-pg-checkpoint-schema.sql');
const MESSAGE = 'pg-checkpoint schema';

/** The committed migration's text as its sources make it. */
export async function buildMigration(): Promise<string> {
  const settings = { migrationsFolder } as ParsedSettings;
  const body = await compileIncludes(settings, '--!include schema.sql\n', new Set());
  return serializeMigration(body, { Previous: '-', Hash: calculateHash(body, null), Message: MESSAGE });
}

async function main(): Promise<number> {
  const built = await buildMigration();
  const rel = path.relative(process.cwd(), committedPath);
  if (process.argv.includes('--check')) {
    const current = await readFile(committedPath, 'utf8').catch(() => '');
    if (current !== built) {
      console.error(`${rel} is not what migrations/fixtures/schema.sql builds: run npm run db:build-migration`);
      return 1;
    }
    console.log(`${rel} matches its sources`);
    return 0;
  }
  await writeFile(committedPath, built);
  console.log(`wrote ${rel}`);
  return 0;
}

if (isEntryPoint(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`build-migration: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
