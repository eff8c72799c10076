/**
 * `npm start` with no DATABASE_URL, as a new user runs it: the embedded
 * PostgreSQL. A terminal's Ctrl-C goes to its whole foreground process
 * group, not just to us. The server runs in a process group of its own, so
 * the service still stops in order (HTTP server, worker, pool, then
 * PostgreSQL) and leaves no PostgreSQL running. While it runs, its ready
 * message's psql command works as pasted, and the CLI uses its server.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive, repoRoot } from '../src/db.ts';
import { freePort } from './helpers/net.ts';
import { waitFor } from './helpers/worker.ts';

/** Runs a command to its end: exit code and output. */
async function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

/** The process group of a process (field 5 of /proc/<pid>/stat). */
async function processGroup(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

describe('npm start on the embedded PostgreSQL', () => {
  it('stops in order on a Ctrl-C to its process group: the server has a group of its own; none is left', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pgcp-embedded-'));
    await chmod(dir, 0o755); // as root the server runs as the postgres user, which must reach its data
    const dataDir = path.join(dir, 'data');
    const httpPort = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(httpPort),
      PGCHECKPOINT_EMBEDDED_DIR: dataDir,
      PGCHECKPOINT_EMBEDDED_PORT: String(await freePort()),
    };
    delete env.DATABASE_URL;
    // detached: its own process group, as a terminal's foreground job is
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: repoRoot,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    const exited = once(child, 'exit').then(([code]) => code as number | null);
    let postmaster: number | undefined;
    try {
      await waitFor('the service to listen', () => (/listening on http:\/\/127\.0\.0\.1:\d+/.test(output) ? true : undefined), 90_000).catch(
        (err: unknown) => {
          throw new Error(`${String(err)}; output: ${output}`);
        },
      );
      const health = await fetch(`http://127.0.0.1:${httpPort}/health`);
      expect(health.status).toBe(200);
      const pidFile = (await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n');
      postmaster = Number(pidFile[0]);
      // the local development key it printed (and kept beside the data) opens the API
      const key = /^ {2}API key: +(pgcp_\S+) \(admin, local development, new; kept in /m.exec(output)?.[1];
      expect((await readFile(path.join(dataDir, 'pg-checkpoint-dev-key'), 'utf8')).trim()).toBe(key);
      const listed = await fetch(`http://127.0.0.1:${httpPort}/plans`, { headers: { authorization: `Bearer ${key}` } });
      expect(listed.status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${httpPort}/plans`)).status).toBe(401);
      expect(isAlive(postmaster)).toBe(true);

      // The ready message: the docs URL, and a psql command that works as pasted.
      expect(output).toContain(`  API docs: http://127.0.0.1:${httpPort}/docs`);
      const psql = /^ {2}psql: +psql '(postgres:\/\/[^']+)'$/m.exec(output)?.[1];
      expect(psql).toBe(`postgres://postgres:pg-checkpoint-local@127.0.0.1:${pidFile[3]}/pg_checkpoint`);
      const pasted = await run('psql', [psql ?? '', '-Atc', 'select count(*) from pg_tables where tablename = \'checkpoints\''], env);
      expect(pasted).toMatchObject({ code: 0, stdout: '1\n' });

      // The CLI finds the running server (its port from postmaster.pid, not
      // PGCHECKPOINT_EMBEDDED_PORT, set wrong here) rather than start another.
      const plans = await run(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', '--json', 'plans'],
        { ...env, PGCHECKPOINT_EMBEDDED_PORT: String(await freePort()) },
      );
      expect(plans.stderr).toContain(`using the running embedded PostgreSQL postgres://postgres:***@127.0.0.1:${pidFile[3]}/pg_checkpoint (pid ${postmaster}`);
      expect(plans.code, plans.stderr).toBe(0);
      expect(JSON.parse(plans.stdout)).toEqual([]);
      // and leaves it running for the service
      expect(isAlive(postmaster)).toBe(true);
      expect((await fetch(`http://127.0.0.1:${httpPort}/health`)).status).toBe(200);
      // The server is in a process group of its own: the terminal's Ctrl-C
      // (sent to the service's group below) cannot reach it first.
      expect(await processGroup(postmaster)).not.toBe(await processGroup(child.pid!));

      process.kill(-child.pid!, 'SIGINT'); // what a terminal's Ctrl-C does
      expect(await exited).toBe(0);
      expect(output).toMatch(/pg-checkpoint: stopped/);
      // no connection of the API or the worker was cut while still in use
      // (once a pool is ending, its connections closing is expected)
      expect(output).not.toMatch(/database connection error/);
      expect(isAlive(postmaster)).toBe(false);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
      if (postmaster !== undefined && isAlive(postmaster)) process.kill(postmaster, 'SIGQUIT');
      await rm(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
