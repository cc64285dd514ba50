// Ingestion throughput of the analytics service beside a bare Node `http` server, same machine, same run.
// Batches of 50 events to POST /api/events (202 only once RabbitMQ confirmed them); an ingest process and a
// worker process, as in production; the drain rate into MongoDB is read while the load runs and after it.
// Run from the repository root: npx tsx bench/ingest/run.ts   (BENCH_DURATION=10 BENCH_CONNECTIONS=50)
// BENCH_WORKER=after keeps the worker stopped while the load runs (the queue takes the spike, as designed)
// and starts it afterwards: on a 2-core machine the worker's MongoDB server otherwise takes a core.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { Cluster, SITE, sleep, WRITE_KEY } from '../faults/cluster';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const BATCH = 50;
const workerDuring = (process.env.BENCH_WORKER ?? 'during') !== 'after';

/** A realistic batch: pageviews and product events of one browser, without ids (the service assigns them). */
function batchBody() {
  const batch = Array.from({ length: BATCH }, (_, i) =>
    i % 3 === 0
      ? {
          type: 'track',
          event: 'Product Viewed',
          properties: { product_id: `prod-${i % 7}`, name: `Product ${i % 7}`, price: 1299, currency: 'EUR' },
          page: { url: `https://shop.example/products/prod-${i % 7}`, path: `/products/prod-${i % 7}` },
        }
      : {
          type: 'page',
          page: {
            url: `https://shop.example/page-${i % 11}?utm_source=newsletter`,
            path: `/page-${i % 11}`,
            referrer: 'https://www.google.com/',
            title: `Page ${i % 11}`,
          },
        },
  );
  return JSON.stringify({ batch });
}

const body = batchBody();
const headers = {
  'content-type': 'application/json',
  'x-write-key': WRITE_KEY,
  'user-agent':
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
  'x-forwarded-for': '198.51.100.7',
};

interface Row {
  name: string;
  requestsPerSecond: number;
  eventsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(name: string, url: string): Promise<Row> {
  const result = await autocannon({ url, method: 'POST', headers, body, connections, duration });
  const ok = result['2xx'];
  return {
    name,
    requestsPerSecond: Math.round(ok / result.duration),
    eventsPerSecond: Math.round((ok * BATCH) / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

// The bare server: reads the body, answers 202 with a small JSON, in its own Node process like the service.
const bare = spawn(
  process.execPath,
  [
    '-e',
    `const http = require('node:http');
     const server = http.createServer((req, res) => {
       const chunks = [];
       req.on('data', (c) => chunks.push(c));
       req.on('end', () => {
         res.writeHead(202, { 'content-type': 'application/json' });
         res.end('{"accepted":0,"ids":[],"filtered":0,"rejected":[]}');
       });
     });
     server.listen(0, '127.0.0.1', () => console.log(server.address().port));`,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const [portLine] = (await once(createInterface({ input: bare.stdout! }), 'line')) as [string];

const cluster = new Cluster();
try {
  const ingest = await cluster.start('ingest');
  if (workerDuring) await cluster.start('worker');
  // Warm up both (JIT, connections, the queue's first segment).
  await autocannon({
    url: `http://127.0.0.1:${portLine}/`,
    method: 'POST',
    headers,
    body,
    connections,
    duration: 2,
  });
  await autocannon({
    url: `${ingest.url}/api/events`,
    method: 'POST',
    headers,
    body,
    connections,
    duration: 2,
  });
  await sleep(1000);

  const bareRow = await load('bare node:http (reads body, 202)', `http://127.0.0.1:${portLine}/`);
  const storedBefore = (await cluster.counts()).stored;
  const loadStart = Date.now();
  const serviceRow = await load('analytics POST /api/events', `${ingest.url}/api/events`);
  const loadSeconds = (Date.now() - loadStart) / 1000;
  const storedDuring = (await cluster.counts()).stored - storedBefore;
  if (!workerDuring) await cluster.start('worker');
  const afterStart = Date.now();
  await sleep(10_000);
  const { stored, queued } = await cluster.counts();
  const storedAfter = stored - storedBefore - storedDuring;
  const afterSeconds = (Date.now() - afterStart) / 1000;

  console.table([bareRow, serviceRow].map((r) => ({ ...r, name: r.name })));
  const ratio = serviceRow.requestsPerSecond / bareRow.requestsPerSecond;
  console.log(
    [
      `site ${SITE}; ${connections} connections, ${duration} s per server, batches of ${BATCH} events; worker ${workerDuring ? 'running during the load' : 'started after the load'}`,
      `accepted: ${serviceRow.eventsPerSecond} events/s (${serviceRow.requestsPerSecond} requests/s), p50 ${serviceRow.p50} ms, p99 ${serviceRow.p99} ms, non-2xx ${serviceRow.non2xx}`,
      `bare node:http: ${bareRow.requestsPerSecond} requests/s, p50 ${bareRow.p50} ms, p99 ${bareRow.p99} ms`,
      `ratio service/bare requests per second: ${ratio.toFixed(3)}`,
      `drain into MongoDB: ${Math.round(storedDuring / loadSeconds)} events/s during the load, ${Math.round(storedAfter / afterSeconds)} events/s in the 10 s after; ${queued} messages still queued (deleted with the run's queue)`,
    ].join('\n'),
  );
} finally {
  bare.kill();
  await cluster.close();
}
