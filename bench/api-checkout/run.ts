// Checkouts per second and latency of POST /checkout (stock reservation, order, test card payment, outbox)
// at a fixed concurrency, each request with its own prepared guest cart of two lines and its own Idempotency-Key.
// Run from the repository root: npx tsx bench/api-checkout/run.ts
//   BENCH_CONCURRENCY=16 BENCH_CARTS=2000 BENCH_HOT_VARIANT=1 (every cart buys the same two variants)

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const warmup = 100;

const child = spawn(
  process.execPath,
  ['--import', 'tsx', fileURLToPath(new URL('./server.ts', import.meta.url))],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  },
);
const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
const { apiUrl, cookies } = JSON.parse(line) as { apiUrl: string; cookies: string[] };

const body = JSON.stringify({
  email: 'bench@example.com',
  shippingAddress: {
    fullName: 'Bench Mark',
    line1: 'Hauptstraße 1',
    city: 'Berlin',
    postalCode: '10115',
    country: 'DE',
  },
  shippingOptionId: 'standard',
  payment: { cardNumber: '4242 4242 4242 4242', expMonth: 12, expYear: 2099, cvc: '123' },
});

async function checkoutOnce(cookie: string) {
  const started = performance.now();
  const response = await fetch(`${apiUrl}/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'idempotency-key': randomUUID() },
    body,
  });
  await response.arrayBuffer();
  return { ms: performance.now() - started, status: response.status };
}

/** Runs the carts through `concurrency` workers; answers the latencies and statuses. */
async function drive(list: string[]) {
  const results: { ms: number; status: number }[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < list.length) {
        const cookie = list[next++]!;
        results.push(await checkoutOnce(cookie));
      }
    }),
  );
  return { results, seconds: (performance.now() - started) / 1000 };
}

await drive(cookies.slice(0, warmup));
const { results, seconds } = await drive(cookies.slice(warmup));
child.kill('SIGTERM');
await once(child, 'exit');

const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
const failed = results.filter((r) => r.status !== 201);
console.log(
  `\nPOST /checkout, ${results.length} checkouts of 2-line guest carts, concurrency ${concurrency}, ` +
    `${process.env.BENCH_HOT_VARIANT === '1' ? 'every cart on the same 2 variants' : 'carts spread over 200 variants'}, ` +
    `${new Date().toISOString()}\n`,
);
console.log(`checkouts/s  ${(results.length / seconds).toFixed(1)}`);
console.log(`p50 ms       ${pct(50).toFixed(1)}`);
console.log(`p99 ms       ${pct(99).toFixed(1)}`);
console.log(`max ms       ${latencies.at(-1)!.toFixed(1)}`);
console.log(
  `non-201      ${failed.length}${failed.length ? ` (${[...new Set(failed.map((f) => f.status))].join(', ')})` : ''}`,
);
