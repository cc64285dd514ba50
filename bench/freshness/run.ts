// Freshness of the live feed under load: the time from an event's POST to the first /ws message that shows
// it, while the ingest benchmark's load (batches of 50) runs against the same service. The marker events are
// orders sent with the server key, ten a second; their effect is their order id in `latestOrders`.
// Run from the repository root: npx tsx bench/freshness/run.ts   (BENCH_DURATION=15 BENCH_CONNECTIONS=50)
import autocannon from 'autocannon';
import WebSocket from 'ws';
import { Cluster, SERVER_KEY, SITE, sleep, WRITE_KEY } from '../faults/cluster';

const duration = Number(process.env.BENCH_DURATION ?? 15);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);

const loadBody = JSON.stringify({
  batch: Array.from({ length: 50 }, (_, i) => ({
    type: 'page',
    page: {
      url: `https://shop.example/page-${i % 11}`,
      path: `/page-${i % 11}`,
      referrer: 'https://www.google.com/',
    },
  })),
});

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN;

const cluster = new Cluster();
try {
  const ingest = await cluster.start('ingest');
  await cluster.start('worker');
  const token = await cluster.staffToken();
  const posted = new Map<string, number>();
  const delays = new Map<string, number>();
  let messages = 0;
  const socket = new WebSocket(`${ingest.url.replace('http', 'ws')}/ws?site=${SITE}&token=${token}`);
  socket.on('message', (data: Buffer) => {
    const received = performance.now();
    messages++;
    const message = JSON.parse(String(data)) as { latestOrders: Array<{ orderId: string }> };
    for (const { orderId } of message.latestOrders) {
      const at = posted.get(orderId);
      if (at !== undefined && !delays.has(orderId)) delays.set(orderId, received - at);
    }
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });

  const loading = autocannon({
    url: `${ingest.url}/api/events`,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-write-key': WRITE_KEY,
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
    },
    body: loadBody,
    connections,
    duration,
  });
  await sleep(1000);
  let serial = 0;
  let refused = 0;
  const markers: Array<Promise<void>> = [];
  const stopAt = Date.now() + (duration - 2) * 1000;
  while (Date.now() < stopAt) {
    const orderId = `fresh-${cluster.suffix}-${serial++}`;
    const start = performance.now();
    posted.set(orderId, start);
    markers.push(
      fetch(`${ingest.url}/api/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${SERVER_KEY}`,
          'x-analytics-site': SITE,
        },
        body: JSON.stringify({
          id: `order-${orderId}`,
          type: 'track',
          event: 'Order Completed',
          properties: { order_id: orderId, total: 1000, currency: 'EUR', products: [] },
        }),
      }).then((response) => {
        if (response.status !== 202) {
          refused++;
          posted.delete(orderId);
        }
      }),
    );
    await sleep(100);
  }
  await Promise.all(markers);
  const load = await loading;
  await sleep(2000);
  socket.close();

  const sorted = [...delays.values()].sort((a, b) => a - b);
  const ms = (value: number) => `${Math.round(value)} ms`;
  console.log(
    [
      `load: ${Math.round((load['2xx'] * 50) / load.duration)} events/s accepted (${connections} connections, batches of 50, p99 ${load.latency.p99} ms)`,
      `markers: ${posted.size} orders acknowledged, ${delays.size} seen on /ws, ${refused} refused; ${messages} /ws messages`,
      `POST → /ws: p50 ${ms(percentile(sorted, 50))}, p95 ${ms(percentile(sorted, 95))}, p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted.at(-1) ?? Number.NaN)}`,
      `p95 under one second: ${percentile(sorted, 95) < 1000 && delays.size === posted.size ? 'yes' : 'NO'}`,
    ].join('\n'),
  );
} finally {
  await cluster.close();
}
