// Catalog throughput and p99 latency against a bare Fastify "hello" route on the same machine, same run.
// Run from the repository root: npx tsx bench/api-catalog/run.ts   (BENCH_DURATION=10 BENCH_CONNECTIONS=10;
// BENCH_API_PORT and BENCH_HELLO_PORT pin the two servers' ports, free ones by default)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

const child = spawn(
  process.execPath,
  ['--import', 'tsx', fileURLToPath(new URL('./servers.ts', import.meta.url))],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
const { apiUrl, helloUrl, staff } = JSON.parse(line) as {
  apiUrl: string;
  helloUrl: string;
  staff: { email: string; password: string };
};

const login = await fetch(`${apiUrl}/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(staff),
});
const { accessToken } = (await login.json()) as { accessToken: string };

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function measure(name: string, url: string, headers: Record<string, string> = {}): Promise<Row> {
  await autocannon({ url, connections, duration: 2, headers }); // warm-up (JIT, pools, cache)
  const result = await autocannon({ url, connections, duration, headers });
  return {
    name,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors,
  };
}

const auth = { authorization: `Bearer ${accessToken}` };
const rows: Row[] = [];
rows.push(await measure('bare Fastify hello', `${helloUrl}/hello`));
rows.push(await measure('listing (anonymous, Redis-cached)', `${apiUrl}/catalog/products?limit=24`));
rows.push(await measure('search "snekaers" (anonymous, cached)', `${apiUrl}/catalog/products?q=snekaers`));
rows.push(await measure('listing (staff, uncached: PostgreSQL)', `${apiUrl}/admin/products?limit=24`, auth));
rows.push(await measure('search "snekaers" (staff, uncached)', `${apiUrl}/admin/products?q=snekaers`, auth));
child.kill('SIGTERM');
await once(child, 'exit');

const hello = rows[0]!;
console.log(`\n${connections} connections, ${duration} s per scenario, ${new Date().toISOString()}\n`);
console.log(
  [
    'scenario'.padEnd(42),
    'req/s'.padStart(8),
    'p50 ms'.padStart(8),
    'p99 ms'.padStart(8),
    'vs hello'.padStart(9),
    'non-2xx'.padStart(8),
  ].join(' '),
);
for (const row of rows) {
  console.log(
    [
      row.name.padEnd(42),
      String(row.rps).padStart(8),
      String(row.p50).padStart(8),
      String(row.p99).padStart(8),
      `${((row.rps / hello.rps) * 100).toFixed(1)}%`.padStart(9),
      String(row.non2xx).padStart(8),
    ].join(' '),
  );
}
