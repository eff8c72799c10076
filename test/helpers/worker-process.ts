/**
 * The worker as a process of its own (`node --import tsx src/worker/main.ts`:
 * one process, so SIGKILL reaches the worker itself, not a tsx wrapper),
 * for the tests that kill it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { repoRoot } from '../../src/db.ts';
import type { TestDatabase } from './db.ts';

export interface WorkerProcess {
  child: ChildProcess;
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A worker on `db` running only the jobs the test adds (no crontab), with `env` on top. */
export function spawnWorker(db: TestDatabase, env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      CHECKPOINT_PRUNE_SCHEDULE: 'off',
      CHECKPOINT_VERIFY_SCHEDULE: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return { child, output, exited };
}

/** Kills (SIGKILL) every worker of `spawned` still alive: for afterAll. */
export function killAll(spawned: readonly WorkerProcess[]): void {
  for (const w of spawned) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
}
