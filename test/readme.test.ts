/**
 * The README's worked psql session runs as written and gives what its
 * comments show (ids aside): docs that match the code.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/db.ts';
import { withFreshDatabase } from './helpers/db.ts';

/** The statements of the README section's first ```sql block, comment lines dropped. */
async function readmeStatements(section: string): Promise<string[]> {
  const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
  const from = readme.indexOf(`### ${section}`);
  expect(from, `README section "${section}"`).toBeGreaterThanOrEqual(0);
  const block = /```sql\n([\s\S]*?)```/.exec(readme.slice(from))?.[1] ?? '';
  return block
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .split(/;\s*\n/)
    .map((statement) => statement.trim())
    .filter((statement) => statement !== '');
}

const actions = (r: pg.QueryResult): string[] =>
  r.rows.map((row: { entity_type: string; action: string }) => `${row.entity_type} ${row.action}`);

describe('README', () => {
  it('the worked session runs as written and shows what its comments say', async () => {
    await withFreshDatabase(async (db) => {
      // one statement at a time, each its own transaction, as psql runs them
      const results: pg.QueryResult[] = [];
      for (const statement of await readmeStatements('A worked session')) results.push(await db.pool.query(statement));
      const rollbacks = results.filter((r) => r.fields.some((f) => f.name === 'action'));
      expect(rollbacks.map(actions)).toEqual([
        ['plan updated', 'task inserted', 'task updated', 'artifact deleted'], // the dry run
        ['plan updated', 'task inserted', 'task updated', 'artifact deleted'], // the rollback
        ['plan updated', 'task updated', 'artifact inserted', 'task deleted'], // the rollback of the rollback
      ]);
      const statuses = results.find((r) => r.fields.map((f) => f.name).join() === 'title,status');
      expect(statuses?.rows).toEqual([
        { title: 'collect data', status: 'pending' },
        { title: 'draft', status: 'pending' },
        { title: 'review', status: 'pending' },
      ]);
      const history = results.find((r) => r.fields.some((f) => f.name === 'seq'));
      expect(history?.rows.map((r: { operation: string; status: string }) => `${r.operation} ${r.status}`)).toEqual([
        'update pending',
        'update failed',
        'insert pending',
      ]);
      expect(history?.rows[0]).toMatchObject({ reason: expect.stringMatching(/^rollback of plan 5a1e0000-/) });
      const diff = results.find((r) => r.fields.some((f) => f.name === 'diff'));
      expect(diff?.rows[0]).toEqual({ diff: { status: { from: 'failed', to: 'pending' } } });
      // the broken state is back
      const draft = await db.pool.query(`select status from tasks where title = 'draft'`);
      expect(draft.rows).toEqual([{ status: 'failed' }]);
    });
  });
});
