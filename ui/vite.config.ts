/**
 * The /ui/ page: `npm run build:ui` bundles ui/src into ui/dist (committed,
 * so a clean `npm ci` serves it with no build step). JSX is compiled by
 * Vite's own transform for Preact (jsxImportSource in ui/tsconfig.json).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/ui/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
});
