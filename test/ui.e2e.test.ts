/**
 * The /ui/ page in a real browser (Debian's chromium, driven by
 * playwright-core) against the real server on a fresh database: a plan is
 * made and broken through the API, then the page shows its tree, timeline,
 * a diff and the tree at a time, previews a rollback (nothing changes) and
 * performs it (the database is back at the checkpoint), previews a revert
 * with its conflicts and shows the API's refusal in words.
 *
 * UI_SCREENSHOTS=1 (npm run docs:screenshots) also saves each view to
 * docs/img/ui-*.png.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/db.ts';
import { createApiKey, type ApiRole } from '../src/http/api-keys.ts';
import { buildApp } from '../src/http/app.ts';
import type { Checkpoint } from '../src/lib/interfaces.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ZONE = 'Asia/Kolkata'; // +05:30, never the server's UTC: a time shown in UTC would not match
const SCREENSHOTS = process.env.UI_SCREENSHOTS === '1' ? path.join(repoRoot, 'docs', 'img') : undefined;

let db: TestDatabase;
let app: FastifyInstance;
let base: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** The key the page is given (a writer's); every API call it makes must carry it. */
let key: string;
/** A writer key per actor, for the API calls that set the scene. */
const keys = new Map<string, string>();
const apiCalls: { url: string; authorization: string | undefined }[] = [];
/** Script errors and console errors of the page (a CSP violation is one), less the API's own 4xx answers. */
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install chromium (or set CHROMIUM_PATH)`);
  db = await createTestDatabase();
  app = await buildApp({ pool: db.pool });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  key = await keyOf('operator');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  context = await browser.newContext({ timezoneId: ZONE, locale: 'en-GB', viewport: { width: 1280, height: 560 } });
  page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) pageErrors.push(msg.text());
  });
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!url.pathname.startsWith('/ui')) apiCalls.push({ url: url.pathname + url.search, authorization: r.headers().authorization });
  });
  if (SCREENSHOTS !== undefined) mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.drop();
});

async function keyOf(actor: string, role: ApiRole = 'writer'): Promise<string> {
  const name = `${actor} (${role})`;
  const known = keys.get(name);
  if (known !== undefined) return known;
  const created = (await createApiKey(db.pool, { actor, role })).key;
  keys.set(name, created);
  return created;
}

/** The headers of an actor's calls: its key, and with a trace id, a W3C traceparent. */
async function as(actor: string, traceId?: string): Promise<Record<string, string>> {
  const headers: Record<string, string> = { authorization: `Bearer ${await keyOf(actor)}` };
  if (traceId !== undefined) headers.traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
  return headers;
}

async function api<T>(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
  const res = await fetch(base + url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(headers ?? (await as('setup'))) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  expect(res.ok, `${method} ${url}: ${res.status} ${text}`).toBe(true);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

async function shot(name: string): Promise<void> {
  if (SCREENSHOTS !== undefined) await page.screenshot({ path: path.join(SCREENSHOTS, `ui-${name}.png`), fullPage: true });
}

/** The plan's tree in the database: titles and states, for comparisons. */
async function treeRows(planId: string): Promise<unknown> {
  const { rows } = await db.pool.query(
    `select (select to_jsonb(p) from plans p where p.id = $1) as plan,
            (select jsonb_agg(to_jsonb(t) order by t.id) from tasks t where t.plan_id = $1) as tasks,
            (select jsonb_agg(to_jsonb(a) order by a.id) from artifacts a join tasks t on t.id = a.task_id
              where t.plan_id = $1) as artifacts,
            (select count(*) from checkpoints)::int as checkpoints`,
    [planId],
  );
  return rows[0];
}

interface Row {
  id: string;
}

describe('the /ui/ page', () => {
  it('shows a broken plan’s tree, timeline, diff and past state; previews and performs a rollback; the database is back', async () => {
    // ---- A plan, checkpointed, then broken by an agent (through the API) ----
    await api('POST', '/plans', { title: 'onboarding checklist', status: 'succeeded' });
    const plan = await api<Row>('POST', '/plans', { title: 'launch' });
    await api('POST', '/plans', { title: 'weekly digest', status: 'running' });
    const draft = await api<Row>('POST', `/plans/${plan.id}/tasks`, { title: 'draft', position: 1 });
    const review = await api<Row>('POST', `/plans/${plan.id}/tasks`, { title: 'review', position: 2 });
    await api('POST', `/tasks/${draft.id}/artifacts`, { name: 'notes', content: 'first notes' });
    const manual = await api<Row>('POST', '/checkpoints', { entityType: 'plan', entityId: plan.id, reason: 'before the agent' });
    const before = await treeRows(plan.id);
    const beforeBreak = (
      await db.pool.query<{ at: string }>(`select to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at`)
    ).rows[0]?.at;

    const traceId = randomBytes(16).toString('hex');
    const agent = await as('agent:writer', traceId);
    await api('PATCH', `/plans/${plan.id}`, { title: 'launch (broken)', status: 'failed' }, agent);
    await api('PATCH', `/tasks/${draft.id}`, { title: 'draft v2', status: 'failed' }, agent);
    await api('DELETE', `/tasks/${review.id}`, undefined, agent);
    const junk = await api<Row>('POST', `/plans/${plan.id}/tasks`, { title: 'junk', position: 3 }, agent);
    const history = await api<Checkpoint[]>('GET', `/entities/plan/${plan.id}/history`);
    const broken = await treeRows(plan.id);

    // ---- The key, then the plans list ----
    await page.goto(`${base}/ui/`);
    await page.getByLabel('API key').fill(key);
    await shot('key');
    await page.getByRole('button', { name: 'Use key' }).click();
    const planLink = page.getByRole('link', { name: 'launch (broken)' });
    await planLink.waitFor();
    await shot('plans');

    // ---- The plan's tree now: the agent's task is there, the deleted one is not ----
    await planLink.click();
    const tree = page.locator('ul.tree');
    await tree.locator(`[data-entity="task/${junk.id}"]`).waitFor();
    expect(await tree.locator('li[data-entity^="task/"] > a').allTextContents()).toEqual(['draft v2', 'junk']);
    expect(await tree.locator(`[data-entity^="artifact/"] > a`).allTextContents()).toEqual(['notes']);
    await shot('tree');

    // ---- The plan's timeline: every checkpoint, newest first, with who, why, which trace ----
    await page.getByRole('link', { name: 'Timeline of this plan' }).click();
    const rows = page.locator('table.timeline tbody tr');
    await rows.nth(history.length - 1).waitFor();
    expect(await rows.count()).toBe(history.length);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-checkpoint')))).toEqual(
      history.map((c) => c.id),
    );
    const manualRow = page.locator(`tr[data-checkpoint="${manual.id}"]`);
    expect(await manualRow.locator('td').nth(4).textContent()).toBe('manual');
    expect(await manualRow.locator('td').nth(6).textContent()).toBe('before the agent');
    const newest = history[0];
    if (newest === undefined) throw new Error('no history');
    const newestRow = page.locator(`tr[data-checkpoint="${newest.id}"]`);
    expect(await newestRow.locator('td').nth(5).textContent()).toBe('agent:writer');
    expect(await newestRow.locator('td').nth(8).locator('button').getAttribute('title')).toContain(traceId);
    // Times: shown in the browser's zone, the exact microsecond value on hover.
    const time = newestRow.locator('time');
    const micros = /\.(\d{6})Z$/.exec(newest.createdAt)?.[1];
    expect(micros).toBeDefined();
    expect(await time.getAttribute('title')).toContain(newest.createdAt);
    // (ICU may name the zone by its older alias, Asia/Calcutta.)
    expect(await time.getAttribute('title')).toMatch(new RegExp(`\\.${micros} \\+05:30 \\(Asia/(Kolkata|Calcutta)\\)`));
    const localHourMinute = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hour12: false })
      .format(new Date(newest.createdAt));
    expect(await time.textContent()).toContain(localHourMinute);
    await shot('timeline');

    // ---- The diff between the manual checkpoint and the newest: a table of columns, from → to ----
    await page.getByLabel(`diff from #${history.find((c) => c.id === manual.id)?.seq}`).check();
    await page.getByLabel(`diff to #${newest.seq}`).check();
    const diff = page.locator('table.diff-table');
    await diff.waitFor();
    const cells = await diff.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.children].map((td) => td.textContent)),
    );
    expect(cells).toEqual(
      expect.arrayContaining([
        ['title', 'launch', 'launch (broken)'],
        ['status', 'draft', 'failed'],
      ]),
    );
    expect(cells.map((c) => c[0]).sort()).toEqual(['status', 'title', 'updated_at']);
    await shot('diff');

    // ---- The tree as it was before the agent: the deleted task is back, the new one absent ----
    await page.goto(`${base}/ui/#/tree/plan/${plan.id}/${encodeURIComponent(beforeBreak ?? '')}`);
    const then = page.locator('ul.tree');
    await then.locator(`[data-entity="task/${review.id}"]`).waitFor();
    expect(await then.locator('li[data-entity^="task/"] > a').allTextContents()).toEqual(['draft', 'review']);
    expect(await then.locator('li[data-entity^="plan/"] > a').first().textContent()).toBe('launch');
    expect(await page.getByText('Created since (absent then)').textContent()).toContain(`task ${junk.id.slice(0, 8)}`);
    await shot('tree-at');
    expect(await treeRows(plan.id)).toEqual(broken); // looking changed nothing

    // ---- Roll back to the manual checkpoint: the preview first, nothing changes; then confirmed ----
    await page.goto(`${base}/ui/#/entity/plan/${plan.id}`);
    await page.locator(`tr[data-checkpoint="${manual.id}"]`).getByRole('button', { name: 'Roll back to here…' }).click();
    const preview = page.locator('section.confirm .preview table.steps');
    await preview.waitFor();
    const previewSteps = await preview.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => `${tr.querySelector('a')?.getAttribute('title')} ${tr.querySelector('td.action')?.textContent}`),
    );
    expect(previewSteps.sort()).toEqual(
      [`plan ${plan.id} updated`, `task ${draft.id} updated`, `task ${review.id} inserted`, `task ${junk.id} deleted`].sort(),
    );
    expect(await treeRows(plan.id)).toEqual(broken);
    await shot('rollback-preview');

    await page.getByRole('button', { name: 'Roll back', exact: true }).click();
    await page.getByRole('status').getByText('Done.').waitFor();
    await shot('rollback-done');

    // The database: every row of the tree exactly as at the checkpoint (updated_at included); history grew.
    const after = (await treeRows(plan.id)) as { checkpoints: number };
    const { checkpoints: countBefore, ...rowsBefore } = before as { checkpoints: number };
    const { checkpoints: countAfter, ...rowsAfter } = after;
    expect(rowsAfter).toEqual(rowsBefore);
    expect(countAfter).toBeGreaterThan(countBefore);
    // And the timeline reloaded: the rollback's own checkpoint, naming what was rolled back, is on top.
    await page.locator('table.timeline tbody tr').nth(history.length).waitFor();
    expect(await page.locator('table.timeline tbody tr').first().locator('td.reason').textContent()).toMatch(/roll/i);

    // Every API call the page made carried the key.
    expect(apiCalls.length).toBeGreaterThan(5);
    expect(apiCalls.filter((c) => c.authorization !== `Bearer ${key}`)).toEqual([]);
  });

  it('previews a revert of an agent’s trace with its conflicts, and shows the API’s refusal in words', async () => {
    const plan = await api<Row>('POST', '/plans', { title: 'report' });
    const traceId = randomBytes(16).toString('hex');
    const agent = await as('agent:planner', traceId);
    await api('PATCH', `/plans/${plan.id}`, { title: 'report (agent)' }, agent);
    await api('PATCH', `/plans/${plan.id}`, { title: 'report (edited by hand)' }, await as('alice'));
    const rows = await treeRows(plan.id);

    await page.goto(`${base}/ui/#/entity/plan/${plan.id}`);
    await page.locator('table.timeline').getByTitle(`trace ${traceId}: revert what it changed…`).click();
    const preview = page.locator('section.confirm .preview table.steps');
    await preview.waitFor();
    expect(await preview.locator('tbody tr td').allTextContents()).toEqual([`plan ${plan.id.slice(0, 8)}`, 'skipped', 'title']);
    await page.getByText('Under “abort” the revert will be refused').waitFor();
    await page.getByText('What it changed (1 change)').click();
    expect(await page.locator('details.changes tbody td').allTextContents()).toEqual(
      expect.arrayContaining(['agent:planner', 'update', `plan ${plan.id.slice(0, 8)}`, 'title, updated_at']),
    );
    await shot('revert-preview');

    await page.getByRole('button', { name: 'Revert', exact: true }).click();
    const alert = page.locator('section.confirm [role="alert"]');
    await alert.waitFor();
    expect(await alert.locator('strong').textContent()).toBe('Revert conflicts with later changes');
    expect(await alert.textContent()).toContain(plan.id);
    expect(await alert.textContent()).toContain('55000');
    expect(await treeRows(plan.id)).toEqual(rows);
    await shot('revert-refused');

    // Overwrite: previewed again under the new policy, then done; the agent's change is gone, and so is Alice's.
    await page.getByLabel('On conflict').selectOption('overwrite');
    await preview.locator('td.action', { hasText: 'updated' }).waitFor();
    await page.getByRole('button', { name: 'Revert', exact: true }).click();
    await page.getByRole('status').getByText('Done.').waitFor();
    const { rows: [now] } = await db.pool.query<{ title: string }>('select title from plans where id = $1', [plan.id]);
    expect(now?.title).toBe('report');
  });

  it('pages a long history 50 at a time, saves a checkpoint after showing what it will save, and says why a view cannot load', async () => {
    const plan = await api<Row>('POST', '/plans', { title: 'busy v0' });
    // 70 more versions, one statement (and one checkpoint) each.
    await db.pool.query(
      `do $$ begin
         for v in 1..70 loop
           update plans set title = 'busy v' || v where id = '${plan.id}';
         end loop;
       end $$`,
    );
    const history = await api<Checkpoint[]>('GET', `/entities/plan/${plan.id}/history`);
    expect(history).toHaveLength(71);

    await page.goto(`${base}/ui/#/entity/plan/${plan.id}`);
    const rows = page.locator('table.timeline tbody tr');
    await rows.nth(49).waitFor();
    expect(await rows.count()).toBe(50);
    await page.getByRole('button', { name: 'Older checkpoints' }).click();
    await rows.nth(70).waitFor();
    expect(await rows.count()).toBe(71);
    // The first 50 came as one page of the API, the rest as the page its Link header named.
    const historyCalls = apiCalls.map((c) => c.url).filter((u) => u.startsWith(`/entities/plan/${plan.id}/history`));
    expect(historyCalls).toHaveLength(2);
    expect(historyCalls[0]).toBe(`/entities/plan/${plan.id}/history?limit=50`);
    expect(historyCalls[1]).toMatch(/[?&]cursor=/);
    expect(await page.getByRole('button', { name: 'Older checkpoints' }).count()).toBe(0);

    // Create a checkpoint: the preview is the state it will save; nothing is written before the confirmation.
    const countBefore = Number((await db.pool.query('select count(*) from checkpoints')).rows[0]?.count);
    await page.getByRole('button', { name: 'Create checkpoint…' }).click();
    const state = page.locator('section.confirm table.state');
    await state.waitFor();
    expect(await state.locator('tr', { hasText: 'title' }).locator('td').textContent()).toBe('busy v70');
    await page.getByLabel('Reason').fill('checked by hand');
    expect(Number((await db.pool.query('select count(*) from checkpoints')).rows[0]?.count)).toBe(countBefore);
    await page.getByRole('button', { name: 'Save checkpoint' }).click();
    await page.getByRole('status').getByText('Done.').waitFor();
    const { rows: saved } = await db.pool.query<{ operation: string; reason: string; title: string }>(
      `select operation, reason, state_data->>'title' as title from checkpoints
        where entity_id = $1 order by seq desc limit 1`,
      [plan.id],
    );
    expect(saved).toEqual([{ operation: 'manual', reason: 'checked by hand', title: 'busy v70' }]);
    await rows.first().locator('td', { hasText: 'checked by hand' }).waitFor();

    // A plan that does not exist: the API's 404 problem, in words.
    const missing = '00000000-0000-4000-8000-000000000000';
    await page.goto(`${base}/ui/#/plan/${missing}`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.locator('strong').textContent()).toBe('Not found');
    expect(await alert.textContent()).toContain(missing);
  
    // A reader's key: the timeline shows; a rollback's dry run is refused (403), in words, and nothing changes.
    const unchanged = await treeRows(plan.id);
    await page.goto(`${base}/ui/#/entity/plan/${plan.id}`);
    await page.getByRole('button', { name: 'forget API key' }).click();
    await page.getByLabel('API key').fill(await keyOf('auditor', 'reader'));
    await page.getByRole('button', { name: 'Use key' }).click();
    await page.locator('table.timeline tbody tr').first().getByRole('button', { name: 'Roll back to here…' }).click();
    const refused = page.locator('section.confirm [role="alert"]');
    await refused.waitFor();
    expect(await refused.locator('strong').textContent()).toBe('Forbidden');
    expect(await refused.textContent()).toContain('reader');
    expect(await page.getByRole('button', { name: 'Roll back', exact: true }).count()).toBe(0);
    // The tree at a time still shows, and says that rows deleted since may be missing (their dry run was refused).
    await page.locator('table.timeline tbody tr').last().getByRole('link', { name: 'tree then' }).click();
    await page.locator(`ul.tree [data-entity="plan/${plan.id}"]`).waitFor();
    expect(await page.locator('p.warning').textContent()).toContain('Rows deleted since that time may be missing');
    // (The 70 updates were one transaction: one time, after the last of them.)
    expect(await page.locator('ul.tree li[data-entity^="plan/"] > a').textContent()).toBe('busy v70');
    expect(await treeRows(plan.id)).toEqual(unchanged);

    // A key the API does not know: every view says so, in words, and how to give another.
    await page.getByRole('button', { name: 'forget API key' }).click();
    await page.getByLabel('API key').fill('not-a-key');
    await page.getByRole('button', { name: 'Use key' }).click();
    const unknown = page.getByRole('alert');
    await unknown.waitFor();
    expect(await unknown.locator('strong').textContent()).toBe('Unauthorized');
    expect(await unknown.textContent()).toContain('forget API key');
  });

  it('ran without a script error or a Content-Security-Policy violation', () => {
    expect(apiCalls.length).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  });
});
