/**
 * The API's OpenAPI document as the server serves it (GET /openapi.json of
 * an app built over a pool that never connects), and what is made from it:
 *
 *   npm run openapi -- --out openapi.json   writes the document
 *   npm run openapi -- --lint               redocly lint (recommended rules); exits 1 on any problem
 *   npm run openapi -- --types              writes src/client/api.ts (openapi-typescript)
 *   npm run openapi -- --types --check      exits 1 when src/client/api.ts differs from the document
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import pg from 'pg';
import { repoRoot } from '../src/db.ts';
import { isEntryPoint } from '../src/entry-point.ts';
import { buildApp } from '../src/http/app.ts';

export const clientTypesPath = path.join(repoRoot, 'src', 'client', 'api.ts');

/** The served document (as JSON text). */
export async function openapiDocument(): Promise<string> {
  // Building the app queries nothing: the pool never connects.
  const pool = new pg.Pool({ connectionString: 'postgres://unused@127.0.0.1:1/unused' });
  const app = await buildApp({ pool });
  try {
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    if (res.statusCode !== 200) throw new Error(`GET /openapi.json answered ${res.statusCode}`);
    return res.body;
  } finally {
    await app.close();
    await pool.end();
  }
}

/** The TypeScript types of the document's paths (openapi-typescript). */
export async function clientTypes(document: string): Promise<string> {
  const ast = await openapiTS(document);
  return [
    '/**',
    ' * The HTTP API\'s types, generated from its OpenAPI document by openapi-typescript:',
    ' * `npm run openapi -- --types`. Do not edit. Use with openapi-fetch:',
    ' * `createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${key}` } })`.',
    ' */',
    '',
    astToString(ast),
  ].join('\n');
}

/** redocly lint of the document with the recommended rules: its exit code and output. */
export async function lint(document: string): Promise<{ code: number; output: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pgcp-openapi-'));
  try {
    const file = path.join(dir, 'openapi.json');
    await writeFile(file, document);
    const redocly = path.join(repoRoot, 'node_modules', '.bin', 'redocly');
    const run = spawnSync(redocly, ['lint', file, '--extends', 'recommended', '--max-problems', '200'], {
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    return { code: run.status ?? 1, output: `${run.stdout}${run.stderr}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(args: string[]): Promise<number> {
  const document = await openapiDocument();
  const out = args.indexOf('--out');
  if (out >= 0) {
    const file = args[out + 1];
    if (file === undefined) throw new Error('--out needs a file');
    await writeFile(file, document);
  }
  if (args.includes('--lint')) {
    const result = await lint(document);
    process.stdout.write(result.output);
    if (result.code !== 0) return 1;
  }
  if (args.includes('--types')) {
    const types = await clientTypes(document);
    if (args.includes('--check')) {
      const committed = await readFile(clientTypesPath, 'utf8').catch(() => '');
      if (committed !== types) {
        console.error(`${path.relative(repoRoot, clientTypesPath)} differs from the API: npm run openapi -- --types`);
        return 1;
      }
    } else {
      await writeFile(clientTypesPath, types);
      console.log(`wrote ${path.relative(repoRoot, clientTypesPath)}`);
    }
  }
  return 0;
}

if (isEntryPoint(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
