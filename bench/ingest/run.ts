// Ingestion throughput of the analytics service beside a bare Node `http` server, same machine, same run.
// Batches of 50 events to POST /api/events (202 only once RabbitMQ confirmed them); an ingest process and a
// worker process, as in production; the drain rate into MongoDB is read while the load runs and after it.
// Run from the repository root: npx tsx bench/ingest/run.ts   (BENCH_DURATION=10 BENCH_CONNECTIONS=50)
// BENCH_WORKER=after keeps the worker stopped while the load runs (the queue takes the spike, as designed)
// and starts it afterwards: on a 2-core machine the worker's MongoDB server otherwise takes a core.
// BENCH_INGEST_PROCESSES=N (default 1) runs the ingest role as N processes on one port (ANALYTICS_PROCESSES),
// and the bare server as N node:cluster processes too, so the ratio compares like with like. Measured on the
// 2-vCPU machine: two processes were no faster than one (RabbitMQ and the load generator need the rest).
// BENCH_EVENTS=segment posts Segment batches to /v1/batch instead: 50 `track` events of about 440 bytes
// with an anonymousId, a userId on a third, context.page, context.sessionId, e-commerce properties and a
// unique messageId each (every request's body is built anew, so no event is a duplicate).
// BENCH_EVENTS=spec posts the same events in our own spec to /api/events (like with like for the two routes).
// BENCH_EVENTS=simulated posts the simulator's shoppers of the last two days to /api/events (the drain's
// realistic case); BENCH_DRAIN_SECONDS (10) is how long the drain is watched after the load. The worker's
// MongoDB operations per event stored are read from its /metrics.
// BENCH_PORT=N puts the bare server on N, the ingest process on N+1 and the worker on N+2 (free ports otherwise).

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { simulateShoppers } from '../../analytics-service/tools/simulate/shopper-sessions';
import { Cluster, type ServiceProcess, SITE, sleep, WRITE_KEY } from '../faults/cluster';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const profile = process.env.BENCH_EVENTS ?? 'events';
if (!['events', 'segment', 'spec', 'simulated'].includes(profile))
  throw new Error('BENCH_EVENTS must be events, segment, spec or simulated');
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** How long the drain is watched after the load. */
const drainSeconds = Number(process.env.BENCH_DRAIN_SECONDS ?? 10);
const ingestProcesses = Number(process.env.BENCH_INGEST_PROCESSES ?? 1);
const basePort = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : undefined;
const portOf = (offset: number) => (basePort === undefined ? undefined : basePort + offset);
const BATCH = 50;
const workerDuring = (process.env.BENCH_WORKER ?? 'during') !== 'after';
if (!Number.isInteger(ingestProcesses) || ingestProcesses < 1)
  throw new Error('BENCH_INGEST_PROCESSES must be an integer of at least 1');

/**
 * Only the ingest role gets several processes; the worker stays one process, as before.
 * BENCH_SERVICE_BUILD=<path of a dist/server.js> runs another build of the service (an earlier commit's,
 * for a before/after measured in alternating runs on the same machine).
 */
class BenchCluster extends Cluster {
  override readonly entry = process.env.BENCH_SERVICE_BUILD
    ? { args: ['--enable-source-maps', process.env.BENCH_SERVICE_BUILD], from: 'build' as const }
    : this.entry;
  override env(port: number, role: ServiceProcess['role']): NodeJS.ProcessEnv {
    const processes = role === 'ingest' ? ingestProcesses : 1;
    return { ...super.env(port, role), ANALYTICS_PROCESSES: String(processes), METRICS_TOKEN };
  }
}

/** CPU seconds used so far by a process and its children (Linux /proc; empty elsewhere). */
function cpuSeconds(pid: number | undefined): Map<number, number> {
  const seconds = new Map<number, number>();
  if (pid === undefined) return seconds;
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean);
    for (const id of [pid, ...children.map(Number)]) {
      const fields = readFileSync(`/proc/${id}/stat`, 'utf8').split(') ')[1]!.split(' ');
      seconds.set(id, (Number(fields[11]) + Number(fields[12])) / 100);
    }
  } catch {}
  return seconds;
}

const METRICS_TOKEN = 'bench-metrics-token-0123456789';

/** The worker's MongoDB commands and operations per event it stored, from its /metrics. */
async function mongoOperationsPerEvent(workerUrl: string) {
  try {
    const text = await (
      await fetch(`${workerUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
    const stored = value('analytics_events_stored_total');
    const per = (name: string) => (value(name) / stored).toFixed(2);
    return `worker: ${per('analytics_mongodb_operations_total')} MongoDB operations and ${per('analytics_mongodb_commands_total')} commands per event stored (${stored} stored)`;
  } catch {
    return 'worker operations unknown';
  }
}

/** The peak resident memory of a process and its children while sampling runs (Linux /proc). */
function rssSampler(pid: number | undefined) {
  let peak = 0;
  const sample = () => {
    if (pid === undefined) return;
    let total = 0;
    try {
      const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean);
      for (const id of [pid, ...children.map(Number)]) {
        const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${id}/status`, 'utf8'));
        total = Math.max(total, Number(rss?.[1] ?? 0) * 1024);
      }
    } catch {}
    peak = Math.max(peak, total);
  };
  const timer = setInterval(sample, 250);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak ? `${Math.round(peak / 1024 / 1024)} MB` : 'unknown';
    },
  };
}

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

/** A Segment batch as analytics-node sends it for a shop's browsers; ids unique per call. */
function segmentBatchBody() {
  return JSON.stringify(segmentBatch());
}

/**
 * BENCH_EVENTS=spec: the Segment profile's events in our own spec, to /api/events: the same ids,
 * anonymousId, userId, sessionId, page and properties (amounts in minor units), so the two routes'
 * CPU per event compare like with like (issue 14 point 9).
 */
function specBatchBody() {
  const { batch } = segmentBatch();
  return JSON.stringify({
    batch: batch.map(({ messageId, context, properties, ...event }) => ({
      ...event,
      id: messageId,
      sessionId: context.sessionId,
      page: context.page,
      properties: { ...properties, price: Math.round(properties.price * 100) },
    })),
  });
}

function segmentBatch() {
  const shopper = randomUUID();
  const sentAt = new Date().toISOString();
  const batch = Array.from({ length: BATCH }, (_, i) => ({
    type: 'track',
    event: i % 5 === 4 ? 'Product Added' : 'Product Viewed',
    messageId: `node-next-${Date.now()}-${randomUUID()}`,
    anonymousId: `${shopper.slice(0, 24)}${String(i % 4).padStart(12, '0')}`,
    ...(i % 3 === 0 ? { userId: `customer-${shopper.slice(0, 8)}-${i % 4}` } : {}),
    timestamp: sentAt,
    properties: {
      product_id: `prod-${i % 7}`,
      sku: `SKU-${i % 7}`,
      name: `Product ${i % 7}`,
      category: 'Mugs',
      price: 12.99,
      quantity: 1,
      currency: 'EUR',
    },
    context: {
      page: { path: `/products/prod-${i % 7}`, url: `https://shop.example/products/prod-${i % 7}` },
      sessionId: `${shopper.slice(0, 8)}-${i % 4}`,
    },
  }));
  return { batch, sentAt };
}

/**
 * BENCH_EVENTS=simulated: the simulator's shoppers (tools/simulate) over the last two days, their browser
 * events in order of session, 50 a request to /api/events: the drain's realistic case, each batch
 * touching many distinct minute and hour buckets. Ids are made unique per pass over the pool.
 */
const simulatedPool =
  profile === 'simulated'
    ? simulateShoppers({
        seed: 7,
        sessions: 20_000,
        from: new Date(Date.now() - 2 * 86_400_000),
        to: new Date(Date.now() - 60_000),
        runId: `bench-${randomUUID().slice(0, 8)}`,
      }).sessions.flatMap((session) => session.browserEvents)
    : [];
let simulatedNext = 0;
function simulatedBatchBody() {
  const batch = Array.from({ length: BATCH }, () => {
    const index = simulatedNext++;
    const event = simulatedPool[index % simulatedPool.length]!;
    return { ...event, id: `${event.id}-${Math.floor(index / simulatedPool.length)}` };
  });
  return JSON.stringify({ batch });
}

const freshBody = (
  { segment: segmentBatchBody, spec: specBatchBody, simulated: simulatedBatchBody } as Record<
    string,
    (() => string) | undefined
  >
)[profile];
const body = freshBody ? freshBody() : batchBody();
const servicePath = profile === 'segment' ? '/v1/batch' : '/api/events';
const headers = {
  'content-type': 'application/json',
  ...(profile === 'segment'
    ? { authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}` }
    : { 'x-write-key': WRITE_KEY }),
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
  /** Events accepted in the whole run. */
  accepted: number;
}

async function load(name: string, url: string, fresh?: () => string): Promise<Row> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers,
    body,
    connections,
    duration,
    // The Segment and simulated profiles' events each carry a unique id: a body is built for every request.
    ...(fresh ? { requests: [{ setupRequest: (request) => ({ ...request, body: fresh() }) }] } : {}),
  });
  const ok = result['2xx'];
  return {
    name,
    requestsPerSecond: Math.round(ok / result.duration),
    eventsPerSecond: Math.round((ok * BATCH) / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    accepted: ok * BATCH,
  };
}

// Before the bare server starts: a stale build is refused here, leaving no server behind.
const cluster = new BenchCluster();

// The bare server: reads the body, answers 202 with a small JSON, in processes of its own like the service
// (with more than one, node:cluster as in the service; the port is printed once every process listens).
// node:cluster forks the primary's script file, hence a temporary file rather than `node -e`.
const bareScript = join(mkdtempSync(join(tmpdir(), 'bench-bare-')), 'bare-server.cjs');
writeFileSync(
  bareScript,
  `const cluster = require('node:cluster');
     const http = require('node:http');
     const processes = ${ingestProcesses};
     if (processes > 1 && cluster.isPrimary) {
       let listening = 0;
       cluster.on('listening', (_worker, address) => {
         if (++listening === processes) console.log(address.port);
       });
       for (let i = 0; i < processes; i++) cluster.fork();
       process.on('SIGTERM', () => process.exit(0));
     } else {
       const server = http.createServer((req, res) => {
         const chunks = [];
         req.on('data', (c) => chunks.push(c));
         req.on('end', () => {
           res.writeHead(202, { 'content-type': 'application/json' });
           res.end('{"accepted":0,"ids":[],"filtered":0,"rejected":[]}');
         });
       });
       server.listen(${portOf(0) ?? 0}, '127.0.0.1', () => { if (cluster.isPrimary) console.log(server.address().port); });
     }`,
);
const bare = spawn(process.execPath, [bareScript], { stdio: ['ignore', 'pipe', 'inherit'] });
const [portLine] = (await once(createInterface({ input: bare.stdout! }), 'line')) as [string];

try {
  // /health answers as soon as the first ingest process listens; the measured load starts more than 10 s
  // later (warm-ups, then the bare server's run), when every process has long been listening.
  const ingest = await cluster.start('ingest', portOf(1));
  const runningWorker = workerDuring ? await cluster.start('worker', portOf(2)) : undefined;
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
    url: `${ingest.url}${servicePath}`,
    method: 'POST',
    headers,
    body,
    connections,
    duration: 2,
  });
  await sleep(1000);

  const totalCpu = (before: Map<number, number>, after: Map<number, number>) =>
    [...after].reduce((sum, [pid, seconds]) => sum + seconds - (before.get(pid) ?? 0), 0);
  const bareCpuBefore = cpuSeconds(bare.pid);
  const bareRow = await load(
    `bare node:http ×${ingestProcesses} (reads body, 202)`,
    `http://127.0.0.1:${portLine}/`,
  );
  const bareCpu = totalCpu(bareCpuBefore, cpuSeconds(bare.pid));
  const storedBefore = (await cluster.counts()).stored;
  const cpuBefore = cpuSeconds(ingest.child.pid);
  const ingestMemory = rssSampler(ingest.child.pid);
  let workerMemory = workerDuring ? rssSampler(runningWorker?.child.pid) : undefined;
  const loadStart = Date.now();
  const serviceRow = await load(
    `analytics POST ${servicePath} ×${ingestProcesses}`,
    `${ingest.url}${servicePath}`,
    freshBody,
  );
  const loadSeconds = (Date.now() - loadStart) / 1000;
  const cpuAfter = cpuSeconds(ingest.child.pid);
  const cpuUsed = totalCpu(cpuBefore, cpuAfter);
  const cpuShares = [...cpuAfter].map(
    ([pid, seconds]) => `${Math.round((100 * (seconds - (cpuBefore.get(pid) ?? 0))) / loadSeconds)}%`,
  );
  const storedDuring = (await cluster.counts()).stored - storedBefore;
  const ingestPeak = ingestMemory.stop();
  const worker = runningWorker ?? (await cluster.start('worker', portOf(2)));
  if (!workerDuring) workerMemory = rssSampler(worker.child.pid);
  const afterStart = Date.now();
  await sleep(drainSeconds * 1000);
  const workerPeak = workerMemory?.stop() ?? 'unknown';
  const drainCost = await mongoOperationsPerEvent(worker.url);
  const { stored, queued } = await cluster.counts();
  const storedAfter = stored - storedBefore - storedDuring;
  const afterSeconds = (Date.now() - afterStart) / 1000;

  console.table([bareRow, serviceRow].map(({ accepted: _accepted, ...r }) => r));
  const ratio = serviceRow.requestsPerSecond / bareRow.requestsPerSecond;
  console.log(
    [
      `analytics-service from its ${cluster.entry.from}${process.env.BENCH_SERVICE_BUILD ? ` (${process.env.BENCH_SERVICE_BUILD})` : ''}; events ${profile} (${servicePath}, ${Buffer.byteLength(body)} bytes per batch); site ${SITE}; ${connections} connections, ${duration} s per server, batches of ${BATCH} events; worker ${workerDuring ? 'running during the load' : 'started after the load'}`,
      `processes: ${ingestProcesses} ingest (BENCH_INGEST_PROCESSES), ${ingestProcesses} bare; ingest CPU during the load (${ingestProcesses > 1 ? 'primary, then each process' : 'the process'}, % of one core): ${cpuShares.join(' ') || 'unknown'}`,
      `accepted: ${serviceRow.eventsPerSecond} events/s (${serviceRow.requestsPerSecond} requests/s), p50 ${serviceRow.p50} ms, p99 ${serviceRow.p99} ms, non-2xx ${serviceRow.non2xx}`,
      // CPU per event holds still when other work shares the cores, where events/s does not.
      `ingest CPU per event: ${serviceRow.accepted ? Math.round((cpuUsed * 1e6) / serviceRow.accepted) : '–'} µs (${cpuUsed.toFixed(1)} CPU s for ${serviceRow.accepted} events)`,
      `peak RSS (largest process of the role): ingest ${ingestPeak} during the load, worker ${workerPeak} ${workerDuring ? `during the load and the ${drainSeconds} s after` : `in the ${drainSeconds} s after`}`,
      `bare node:http ×${ingestProcesses}: ${bareRow.requestsPerSecond} requests/s, p50 ${bareRow.p50} ms, p99 ${bareRow.p99} ms`,
      `ratio service/bare requests per second (${ingestProcesses} processes each): ${ratio.toFixed(3)}`,
      // What the ratio would be if each had a core to itself: bare CPU per request over the service's.
      `ratio by CPU per request (bare ${bareRow.accepted ? Math.round((bareCpu * 1e6 * BATCH) / bareRow.accepted) : '–'} µs, service ${serviceRow.accepted ? Math.round((cpuUsed * 1e6 * BATCH) / serviceRow.accepted) : '–'} µs): ${bareCpu && cpuUsed ? (bareCpu / bareRow.accepted / (cpuUsed / serviceRow.accepted)).toFixed(3) : '–'}`,
      `drain into MongoDB: ${Math.round(storedDuring / loadSeconds)} events/s during the load, ${Math.round(storedAfter / afterSeconds)} events/s in the ${drainSeconds} s after; ${queued} messages still queued (deleted with the run's queue); ${drainCost}`,
    ].join('\n'),
  );
} finally {
  bare.kill();
  await cluster.close();
  rmSync(dirname(bareScript), { recursive: true, force: true });
}
