#!/usr/bin/env node
// `npm run build -w backend-api` (or analytics-service): bundles a Node service's entry points into
// dist/ with esbuild, to be started with plain `node`. The workspace packages (@shopstream/*) are
// TypeScript source, so they are bundled in; every other dependency stays an import of node_modules.
// Entries keep their place under src/ (src/db/migrate.ts → dist/db/migrate.js), so paths the code
// resolves from import.meta.url (the uploads folder, drizzle/) land where they do from the source.
//   node ../scripts/build-service.mjs src/server.ts src/db/migrate.ts
import { rmSync } from 'node:fs';
import { relative } from 'node:path';
import { build } from 'esbuild';

const entryPoints = process.argv.slice(2);
if (entryPoints.length === 0) {
  console.error('usage: build-service.mjs <entry.ts>...');
  process.exit(2);
}

/** Bare imports are external unless they name a workspace package. */
const externalDependencies = {
  name: 'external-dependencies',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@shopstream/') ? undefined : { path: args.path, external: true },
    );
  },
};

rmSync('dist', { recursive: true, force: true });
const started = performance.now();
const result = await build({
  entryPoints,
  outbase: 'src',
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  // Keeps stack traces readable in production logs (class and function names survive).
  keepNames: true,
  metafile: true,
  logLevel: 'warning',
  plugins: [externalDependencies],
});
const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
for (const [file, output] of outputs)
  console.log(`${relative(process.cwd(), file)}  ${(output.bytes / 1024).toFixed(0)} KiB`);
console.log(`built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
