/**
 * Generates the committed migration from its sources: the `--!include` list
 * in migrations/fixtures/schema.sql, compiled the way graphile-migrate
 * compiles includes, hashed the way it hashes them.
 *
 *   npm run db:build-migration            writes migrations/committed/000001-pg-checkpoint-schema.sql
 *                                         and sql/pg-checkpoint.sql (the core alone, for
 *                                         `pg-checkpoint install` and for psql)
 *   npm run db:build-migration -- --check exits 1 when either file differs from its sources
 *
 * While pg-checkpoint is unreleased the schema is one migration, rebuilt
 * from the sources; after the first release each change ships as a new
 * migration (docs/adopting.md).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { calculateHash } from 'graphile-migrate/dist/hash.js';
import { compileIncludes, serializeMigration } from 'graphile-migrate/dist/migration.js';
import type { ParsedSettings } from 'graphile-migrate/dist/settings.js';
import { isEntryPoint } from '../src/entry-point.ts';
import { installScriptPath } from '../src/lib/install.ts';
import { migrationsFolder } from '../src/migrate.ts';

export const committedPath = path.join(migrationsFolder, 'committed', '000001-pg-checkpoint-schema.sql');
const MESSAGE = 'pg-checkpoint schema';

/** The committed migration's text as its sources make it. */
export async function buildMigration(): Promise<string> {
  const settings = { migrationsFolder } as ParsedSettings;
  const body = await compileIncludes(settings, '--!include schema.sql\n', new Set());
  return serializeMigration(body, { Previous: '-', Hash: calculateHash(body, null), Message: MESSAGE });
}

/**
 * The core alone (migrations/fixtures/core.sql: no demo tables, nothing
 * tracked) as one transaction that records its version: what
 * `pg-checkpoint install` applies and what `psql -f` can apply by hand.
 */
export async function buildInstallScript(): Promise<string> {
  const settings = { migrationsFolder } as ParsedSettings;
  const body = await compileIncludes(settings, '--!include core.sql\n', new Set());
  const pkg = JSON.parse(await readFile(path.join(migrationsFolder, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return [
    `-- pg-checkpoint ${pkg.version}: the core schema, for an existing database.`,
    '-- Generated from migrations/fixtures/core.sql by npm run db:build-migration; do not edit.',
    '-- Apply with `npx pg-checkpoint install` or `psql -v ON_ERROR_STOP=1 -f sql/pg-checkpoint.sql`;',
    '-- it runs in one transaction and may run again (an upgrade applies a newer version over an older).',
    'begin;',
    '-- Quiet "does not exist, skipping" notices of the drop ... if exists that make it re-runnable.',
    'set local client_min_messages = warning;',
    '-- One installer at a time: a second one waits here, then finds everything in place.',
    "do $$ begin perform pg_advisory_xact_lock(hashtext('pg-checkpoint install')); end $$;",
    body.trimEnd(),
    `insert into pgcheckpoint.versions (version) values ('${pkg.version}') on conflict (version) do nothing;`,
    'commit;',
    '',
  ].join('\n');
}

async function main(): Promise<number> {
  const outputs: Array<[string, string]> = [
    [committedPath, await buildMigration()],
    [installScriptPath, await buildInstallScript()],
  ];
  if (process.argv.includes('--check')) {
    let stale = 0;
    for (const [file, built] of outputs) {
      const rel = path.relative(process.cwd(), file);
      const current = await readFile(file, 'utf8').catch(() => '');
      if (current !== built) {
        console.error(`${rel} is not what migrations/fixtures builds: run npm run db:build-migration`);
        stale += 1;
      } else console.log(`${rel} matches its sources`);
    }
    return stale === 0 ? 0 : 1;
  }
  for (const [file, built] of outputs) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, built);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
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
