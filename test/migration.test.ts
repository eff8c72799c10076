/**
 * The committed migration is generated from its sources
 * (migrations/fixtures/schema.sql and the files it includes): it must be
 * exactly what `npm run db:build-migration` makes of them today.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildMigration, committedPath } from '../scripts/build-migration.ts';

describe('the committed migration', () => {
  it('equals what its sources build (npm run db:build-migration)', async () => {
    expect(await readFile(committedPath, 'utf8')).toBe(await buildMigration());
  });
});
