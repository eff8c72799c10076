/**
 * The README's psql sessions (the worked session; two agents, one plan) run
 * as written and give what their comments show (ids aside): docs that match
 * the code.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/db.ts';
import { withFreshDatabase, withSession } from './helpers/db.ts';

/** The statements of the first ```sql block after a README heading (`### A worked session`), comment lines dropped. */
async function readmeStatements(heading: string): Promise<string[]> {
  const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
  const from = readme.indexOf(`\n${heading}\n`);
  expect(from, `README section "${heading}"`).toBeGreaterThanOrEqual(0);
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
  it('the worked session runs as written, twice, beside other plans, and shows what its comments say', async () => {
    await withFreshDatabase(async (db) => {
      // someone else's plan, with tasks of the same titles and a rollback of its own
      const OTHER = '0e0e0000-0000-4000-8000-000000000001';
      await db.pool.query(`insert into plans (id, title) values ($1, 'someone else''s plan')`, [OTHER]);
      await db.pool.query(
        `insert into tasks (plan_id, title, position) select $1, t, o from unnest(array['collect data', 'draft', 'review']) with ordinality u (t, o)`,
        [OTHER],
      );
      await db.pool.query(`select create_checkpoint('plan', $1, 'theirs')`, [OTHER]);
      await db.pool.query(`update tasks set status = 'done' where plan_id = $1`, [OTHER]);
      await db.pool.query(`select * from rollback_entity('plan', $1)`, [OTHER]);
      const others = `select jsonb_agg(to_jsonb(t) order by t.id) as rows from tasks t where t.plan_id = '${OTHER}'`;
      const before = (await db.pool.query(others)).rows[0];

      for (const run of [1, 2]) {
        // one statement at a time, each its own transaction, as psql runs them
        const results: pg.QueryResult[] = [];
        for (const statement of await readmeStatements('### A worked session')) results.push(await db.pool.query(statement));
        const rollbacks = results.filter((r) => r.fields.some((f) => f.name === 'action'));
        expect(rollbacks.map(actions), `run ${run}`).toEqual([
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
        const draft = await db.pool.query(
          `select status from tasks where plan_id = '5a1e0000-0000-4000-8000-000000000001' and title = 'draft'`,
        );
        expect(draft.rows).toEqual([{ status: 'failed' }]);
      }
      // and the other plan was never touched
      expect((await db.pool.query(others)).rows[0]).toEqual(before);
    });
  });

  it('two agents, one plan: the psql session runs as written, twice, and shows what its comments say', async () => {
    await withFreshDatabase(async (db) => {
      for (const run of [1, 2]) await twoAgents(db.url, run);
    });
  });
});

/** The two-agents psql session in one session on the database at url, checked (run: which run, for messages). */
async function twoAgents(url: string, run: number): Promise<void> {
  // one session, as psql runs it (the agents' transactions span statements);
  // after each statement, how many checkpoints there are
  const steps: Array<{ statement: string; result: pg.QueryResult; checkpoints: number }> = [];
  await withSession(url, async (client) => {
    for (const statement of await readmeStatements('## Two agents, one plan')) {
      const result = await client.query(statement);
      const { rows } = await client.query<{ n: number }>('select count(*)::int as n from checkpoints');
      steps.push({ statement, result, checkpoints: rows[0]?.n ?? -1 });
    }
  });
  const PLAN = '5a1e0000-0000-4000-8000-000000000002';
  const OUTLINE = '7a5c0000-0000-4000-8000-000000000001';
  const RESEARCH = '7a5c0000-0000-4000-8000-000000000002';
  const find = (fragment: string) => {
    const i = steps.findIndex((s) => s.statement.includes(fragment));
    expect(i, fragment).toBeGreaterThanOrEqual(0);
    return { ...steps[i]!, before: steps[i - 1]?.checkpoints };
  };
  const unit = (r: pg.QueryResult) =>
    r.rows.map((row: { entity_type: string; entity_id: string; action: string; conflict: string | null }) =>
      [row.entity_type, row.entity_id, row.action, row.conflict].join(' '),
    );

  const preview = find('from unit_changes(');
  expect(preview.result.rows, `run ${run}`).toEqual([
    {
      entity_type: 'task',
      entity_id: OUTLINE,
      operation: 'update',
      columns: ['title', 'updated_at'],
      created_by: 'agent:planner',
    },
    {
      entity_type: 'task',
      entity_id: RESEARCH,
      operation: 'insert',
      columns: ['created_at', 'error', 'id', 'plan_id', 'position', 'status', 'timeout_ms', 'title', 'updated_at'],
      created_by: 'agent:planner',
    },
    {
      entity_type: 'plan',
      entity_id: PLAN,
      operation: 'update',
      columns: ['status', 'updated_at'],
      created_by: 'agent:planner',
    },
  ]);

  const reverted = [`plan ${PLAN} updated `, `task ${OUTLINE} updated `, `task ${RESEARCH} deleted `];
  const dry = find(`00000000000a', dry_run => true)`);
  expect(unit(dry.result)).toEqual(reverted);
  expect(dry.checkpoints, 'the dry run writes nothing').toBe(dry.before);
  const real = find(`revert_changes(request_id => 'a9e00000-0000-4000-8000-00000000000a')`);
  expect(unit(real.result)).toEqual(reverted);
  expect(real.checkpoints - (real.before ?? 0), 'the revert writes one checkpoint per entity').toBe(3);

  expect(find('as artifacts').result.rows).toEqual([{ title: 'outline', status: 'done', artifacts: '1' }]);
  expect(find('select title, status from plans').result.rows).toEqual([{ title: 'Launch the blog', status: 'draft' }]);

  const writer = find(`00000000000b', dry_run => true)`);
  expect(unit(writer.result)).toEqual([`task ${OUTLINE} skipped status`, expect.stringMatching(/^artifact \S+ deleted $/)]);
  expect(writer.checkpoints).toBe(writer.before);
  // and for real, under the default abort: 55000, nothing changes
  await withSession(url, async (client) => {
    await expect(
      client.query(`select * from revert_changes(request_id => 'a9e00000-0000-4000-8000-00000000000b')`),
    ).rejects.toMatchObject({ code: '55000' });
  });
}
