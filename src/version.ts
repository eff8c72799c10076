/**
 * The version of this package (package.json's `version`), for
 * `pg-checkpoint --version` and the tracer's instrumentation version.
 * Read from the package.json found walking up from this file, so that it
 * holds from the sources (tsx) and from a build output directory alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const PackageJson = z.object({ name: z.string(), version: z.string() });

function readVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = PackageJson.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (pkg.success && pkg.data.name === 'pg-checkpoint') return pkg.data.version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('pg-checkpoint: package.json not found above the sources');
    dir = parent;
  }
}

export const version: string = readVersion();
