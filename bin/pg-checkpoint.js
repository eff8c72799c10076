#!/usr/bin/env node
// The pg-checkpoint command. Installed from npm, the package holds the
// compiled CLI (dist/, built by `npm run build` on prepack) and no sources:
// it runs on plain node. In a checkout of the repository, where src/ is
// present and dist/ may be stale or absent, it runs the sources through tsx
// (a devDependency), so `npx pg-checkpoint` there always runs what is in src/.
// Node resolves this file's real path, so both are found next to it through
// npx, `npm link` and node_modules/.bin alike.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/main.ts', import.meta.url);
let cli;
if (existsSync(source)) {
  await import('tsx');
  cli = await import(source.href);
} else {
  cli = await import('../dist/cli/main.js');
}
await cli.run(process.argv);
