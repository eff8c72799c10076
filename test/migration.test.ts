/**
 * The committed migration and the install script are generated from their
 * sources (migrations/fixtures/schema.sql, core.sql and the files they
 * include): each must be exactly what `npm run db:build-migration` makes of
 * them today.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildInstallScript, buildMigration, committedPath } from '../scripts/build-migration.ts';
import { installScriptPath } from '../src/lib/install.ts';

describe('the generated SQL', () => {
  it('the committed migration equals what its sources build (npm run db:build-migration)', async () => {
    expect(await readFile(committedPath, 'utf8')).toBe(await buildMigration());
  });

  it('sql/pg-checkpoint.sql equals what core.sql builds (npm run db:build-migration)', async () => {
    expect(await readFile(installScriptPath, 'utf8')).toBe(await buildInstallScript());
  });
});
