/**
 * The committed build of the /ui/ page (ui/dist) is what `npm run build:ui`
 * makes of today's sources: a change to ui/src without a rebuild fails here,
 * not in front of a user.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/db.ts';

let outDir: string | undefined;
afterAll(async () => {
  if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
});

/** Every file below dir, by relative path, as a SHA-256 (a mismatch names the file, not 30 kB of it). */
async function digests(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, full)] = createHash('sha256').update(await readFile(full)).digest('hex');
  }
  return out;
}

describe('ui/dist', () => {
  it('matches a fresh build of ui/ (else: npm run build:ui, and commit ui/dist)', async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'pgcp-ui-'));
    // A process of its own, as npm run build:ui runs it: vitest's NODE_ENV=test would make a development build.
    const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
    const env = { ...process.env, NODE_ENV: 'production' };
    await promisify(execFile)(
      process.execPath,
      [vite, 'build', '--config', path.join(repoRoot, 'ui', 'vite.config.ts'), '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
      { cwd: repoRoot, env },
    );
    const fresh = await digests(outDir);
    expect(Object.keys(fresh)).toContain('index.html');
    expect(await digests(path.join(repoRoot, 'ui', 'dist'))).toEqual(fresh);
  });
});
