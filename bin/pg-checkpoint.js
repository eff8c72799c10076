#!/usr/bin/env node
// The pg-checkpoint command: runs the TypeScript CLI (src/cli/main.ts) through tsx,
// in this process. Works from the repository (`npx pg-checkpoint`), from an
// `npm link` and from an installed package: node resolves this file's real
// path, so `tsx` and `../src/cli/main.ts` are found next to it.
import 'tsx';

const { run } = await import('../src/cli/main.ts');
await run(process.argv);
