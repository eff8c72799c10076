/**
 * The version of this package (package.json's `version`), for
 * `pg-checkpoint --version` and the tracer's instrumentation version.
 * Read from the package.json found walking up from this file, so that it
 * holds from the sources (tsx) and from a build output directory alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The fields read (checked by hand: zod here would cost every CLI start, --help included, its load time). */
function packageIdentity(json: unknown): { name: string; version: string } | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const { name, version } = json as Record<string, unknown>;
  return typeof name === 'string' && typeof version === 'string' ? { name, version } : undefined;
}

function readVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = packageIdentity(JSON.parse(readFileSync(file, 'utf8')));
      if (pkg?.name === 'pg-checkpoint') return pkg.version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('pg-checkpoint: package.json not found above the sources');
    dir = parent;
  }
}

export const version: string = readVersion();
