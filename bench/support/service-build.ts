// How a benchmark starts a Node service: its production build (`node dist/server.js`, from `npm run
// build`) when there is one, else its source through tsx. BENCH_FROM_SOURCE=1 forces the source.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export type Service = 'backend-api' | 'analytics-service';

/** The newest modification time of a TypeScript source the build bundles (the service and packages/). */
function newestSource(service: Service): number {
  const folders = [
    join(root, service, 'src'),
    ...readdirSync(join(root, 'packages')).map((p) => join(root, 'packages', p, 'src')),
  ];
  let newest = 0;
  for (const folder of folders) {
    if (!existsSync(folder)) continue;
    for (const file of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
      if (!/\.tsx?$/.test(file) || file.endsWith('.test.ts')) continue;
      newest = Math.max(newest, statSync(join(folder, file)).mtimeMs);
    }
  }
  return newest;
}

/**
 * The `node` arguments that start `service` from its folder, and which of the two they run. A build
 * older than its source is refused: a figure measured on stale code would mislead.
 */
export function serviceEntry(service: Service): { args: string[]; from: 'build' | 'source' } {
  const built = join(root, service, 'dist/server.js');
  if (process.env.BENCH_FROM_SOURCE !== '1' && existsSync(built)) {
    if (statSync(built).mtimeMs < newestSource(service))
      throw new Error(
        `${service}/dist is older than its source: run \`npm run build\` (or set BENCH_FROM_SOURCE=1)`,
      );
    return { args: ['--enable-source-maps', 'dist/server.js'], from: 'build' };
  }
  return { args: ['--import', 'tsx', 'src/server.ts'], from: 'source' };
}
