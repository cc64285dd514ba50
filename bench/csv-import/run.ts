// /health latency while a 5 MB products CSV is imported, beside the same sampling with nothing else running.
// The API runs in its own process (as in production); this process only sends requests.
// Run from the repository root: npx tsx bench/csv-import/run.ts   (BENCH_CSV_MB=5 BENCH_REFERENCE_SECONDS=5)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { CsvImportJob } from '@shopstream/contracts';
import { makeProductCsv } from '../../backend-api/test/support/product-csv';

const megabytes = Number(process.env.BENCH_CSV_MB ?? 5);
const referenceSeconds = Number(process.env.BENCH_REFERENCE_SECONDS ?? 5);
const SAMPLE_EVERY_MS = 10;

const child = spawn(
  process.execPath,
  ['--import', 'tsx', fileURLToPath(new URL('./server.ts', import.meta.url))],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
const { apiUrl, staff } = JSON.parse(line) as { apiUrl: string; staff: { email: string; password: string } };
const login = await fetch(`${apiUrl}/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(staff),
});
const { accessToken } = (await login.json()) as { accessToken: string };
const auth = { authorization: `Bearer ${accessToken}` };

/** Asks for /health every 10 ms (one request at a time) until `until` resolves; returns each latency. */
const sampledAt: number[] = [];
async function sampleHealth(until: Promise<unknown>): Promise<number[]> {
  let done = false;
  void until.finally(() => {
    done = true;
  });
  const latencies: number[] = [];
  while (!done) {
    const started = performance.now();
    const response = await fetch(`${apiUrl}/health`);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`/health answered ${response.status}`);
    const took = performance.now() - started;
    latencies.push(took);
    sampledAt.push(started);
    await sleep(Math.max(0, SAMPLE_EVERY_MS - took));
  }
  return latencies;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};
const figures = (values: number[]) => ({
  samples: values.length,
  p50: percentile(values, 50),
  p99: percentile(values, 99),
  max: Math.max(...values),
});

await sampleHealth(sleep(1000)); // warm-up: JIT, connections
const reference = figures(await sampleHealth(sleep(referenceSeconds * 1000)));

const { csv, rows } = makeProductCsv({ bytes: megabytes * 1024 * 1024 - 4096, prefix: 'bench' });
const started = performance.now();
let job: CsvImportJob | null = null;
let writingAt = 0;
const importing = (async () => {
  const response = await fetch(`${apiUrl}/admin/products/import`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'text/csv' },
    body: csv,
  });
  if (response.status !== 202)
    throw new Error(`import answered ${response.status}: ${await response.text()}`);
  job = (await response.json()) as CsvImportJob;
  while (job.status === 'checking' || job.status === 'writing') {
    await sleep(250);
    job = (await (
      await fetch(`${apiUrl}/admin/products/import/${job.id}`, { headers: auth })
    ).json()) as CsvImportJob;
    if (job.status === 'writing' && !writingAt) writingAt = performance.now();
  }
})();
sampledAt.length = 0;
const duringAll = await sampleHealth(importing);
await importing;
const during = figures(duringAll);
const whileChecking = figures(duringAll.filter((_, index) => sampledAt[index]! < writingAt));
const whileWriting = figures(duringAll.filter((_, index) => sampledAt[index]! >= writingAt));
const seconds = (performance.now() - started) / 1000;

// The export of everything just imported, sampled the same way.
const exportStarted = performance.now();
let exportedBytes = 0;
const exporting = (async () => {
  const response = await fetch(`${apiUrl}/admin/products/export.csv`, { headers: auth });
  exportedBytes = (await response.arrayBuffer()).byteLength;
})();
const whileExporting = figures(await sampleHealth(exporting));
await exporting;
const exportSeconds = (performance.now() - exportStarted) / 1000;

child.kill('SIGTERM');
await once(child, 'exit');

const finished = job as CsvImportJob | null;
if (finished?.status !== 'succeeded') throw new Error(`import ended ${JSON.stringify(finished?.problem)}`);
const bytes = Buffer.byteLength(csv);
console.log(
  `\n${(bytes / 1024 / 1024).toFixed(2)} MB CSV, ${rows} rows; /health asked every ${SAMPLE_EVERY_MS} ms, one at a time; load average ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')} on this machine; ${new Date().toISOString()}\n`,
);
console.log(
  ['/health'.padEnd(28), 'samples', 'p50 ms', 'p99 ms', 'max ms']
    .map((s, i) => (i ? s.padStart(8) : s))
    .join(' '),
);
for (const [name, row] of [
  ['nothing else running', reference],
  ['during the 5 MB import', during],
  ['  while checking rows', whileChecking],
  ['  while writing rows', whileWriting],
  ['during the export after it', whileExporting],
] as const) {
  console.log(
    [
      name.padEnd(28),
      String(row.samples).padStart(8),
      row.p50.toFixed(1).padStart(8),
      row.p99.toFixed(1).padStart(8),
      row.max.toFixed(1).padStart(8),
    ].join(' '),
  );
}
const checkSeconds = writingAt ? (writingAt - started) / 1000 : Number.NaN;
console.log(
  `\nimport: ${seconds.toFixed(1)} s in all (checking ≈ ${checkSeconds.toFixed(1)} s, writing ≈ ${(seconds - checkSeconds).toFixed(1)} s), ${Math.round(rows / seconds)} rows/s; ${JSON.stringify(finished.result)}`,
);
console.log(`export: ${(exportedBytes / 1024 / 1024).toFixed(2)} MB in ${exportSeconds.toFixed(1)} s`);
console.log(`target: /health p99 < 50 ms during the import: ${during.p99 < 50 ? 'met' : 'NOT met'}`);
