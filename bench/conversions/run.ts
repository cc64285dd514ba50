// What countries, goals and visitor funnels cost, each beside a bare reference in the same run.
// 1. Ingest: CPU µs per country lookup (the shipped database) beside a bare `Map.get` and `net.isIP` of the
//    same addresses: what one request pays for its country.
// 2. Reports: a visitor funnel (4 steps) and the goals report over BENCH_EVENTS (40,000) raw events of
//    BENCH_VISITORS (4,000) visitors, beside a bare range find of the same events with the same projection:
//    wall p50/p95 and CPU µs per event read in this process (the service's share; the database's is apart).
// Needs the MongoDB server of MONGODB_URI (FerretDB here); writes only a database of its own, dropped after.
// Run from the repository root: npx tsx bench/conversions/run.ts   (BENCH_DB_PREFIX=bench_conversions)
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { MongoClient } from 'mongodb';
import { ConversionsRepository } from '../../analytics-service/src/modules/conversions/repository';
import { ConversionsService } from '../../analytics-service/src/modules/conversions/service';
import { CountryLocator } from '../../analytics-service/src/modules/ingest/geo';
import type { ReportsService } from '../../analytics-service/src/modules/reports/service';
import { DigestRepository } from '../../analytics-service/src/modules/segments/digest-repository';
import { DayDigests } from '../../analytics-service/src/modules/segments/digests';
import { FilteredReports } from '../../analytics-service/src/modules/segments/filtered-reports';
import { COUNTRY_NETWORKS } from '../../analytics-service/tools/simulate/shopper-sessions';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 40_000);
const VISITORS = Number(process.env.BENCH_VISITORS ?? 4_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const base =
  process.env.MONGODB_URI ??
  'mongodb://analytics:analytics_secret@127.0.0.1:27017/analytics?authSource=admin';
const dbName = `${process.env.BENCH_DB_PREFIX ?? 'bench_conversions'}_${randomBytes(4).toString('hex')}`;

const cpuMicros = (run: () => void) => {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return used.user + used.system;
};
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

// 1. Country lookups.
const locator = new CountryLocator();
const addresses = Array.from({ length: 100_000 }, (_, i) => {
  const origin = COUNTRY_NETWORKS[i % COUNTRY_NETWORKS.length]!;
  return `${origin.networks[i % origin.networks.length]}.${(i >> 8) % 256}.${(i % 254) + 1}`;
});
const cache = new Map(addresses.map((a) => [a, 'DE']));
let sink = 0;
for (const a of addresses.slice(0, 5000)) sink += locator.countryOf(a)?.length ?? 0; // warm up
const lookup = cpuMicros(() => {
  for (const a of addresses) sink += locator.countryOf(a)?.length ?? 0;
});
const bare = cpuMicros(() => {
  for (const a of addresses) sink += (cache.get(a)?.length ?? 0) + isIP(a);
});
console.log(
  `country lookup: ${(lookup / addresses.length).toFixed(2)} µs CPU each; bare Map.get + isIP: ${(bare / addresses.length).toFixed(2)} µs (${addresses.length} addresses, sink ${sink % 10})`,
);

// 2. Funnel and goals over raw events.
const uri = base.replace(/\/[^/?]*(\?|$)/, `/${dbName}$1`);
const mongo = new MongoClient(uri);
const db = mongo.db();
const site = 'bench-shop';
const from = new Date(Date.UTC(2026, 0, 1));
const to = new Date(from.getTime() + 30 * 86_400_000);
const steps = ['view', 'Product Added', 'Checkout Started', 'done'] as const;
try {
  await db.collection('events').createIndex({ site: 1, name: 1, occurredAt: -1 });
  const docs = [];
  for (let i = 0; i < EVENTS; i++) {
    const visitor = i % VISITORS;
    const step = steps[Math.min(3, Math.floor(Math.random() * 4))]!;
    const at = new Date(from.getTime() + Math.floor(Math.random() * (to.getTime() - from.getTime())));
    const page = step === 'view' || step === 'done';
    docs.push({
      _id: `b${i}`,
      site,
      type: page ? 'page' : 'track',
      name: page ? 'pageview' : step,
      path: step === 'view' ? '/products/mug' : step === 'done' ? '/checkout/confirmation' : '/',
      occurredAt: at,
      visitorId: `v${visitor}`,
      properties: {},
    });
  }
  const started = Date.now();
  for (let i = 0; i < docs.length; i += 1000)
    await db.collection('events').insertMany(docs.slice(i, i + 1000));
  console.log(
    `inserted ${EVENTS} events of ${VISITORS} visitors in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  const repository = new ConversionsRepository(db);
  const reports = { visitors: async () => VISITORS } as unknown as ReportsService;
  // Unfiltered reports only: the filtered path (day digests) is measured by bench/filtered-reports.
  const filtered = new FilteredReports(
    new DayDigests(new DigestRepository(db), { sessionTimeoutMs: 30 * 60_000 }),
  );
  const service = new ConversionsService(repository, reports, [site], filtered);
  await db.collection('funnels').insertOne({
    _id: 'bench',
    site,
    name: 'Bench',
    steps: [
      { label: 'Viewed', match: { type: 'page', path: '/products/*' } },
      { label: 'Added', match: { type: 'event', event: 'Product Added' } },
      { label: 'Checkout', match: { type: 'event', event: 'Checkout Started' } },
      { label: 'Done', match: { type: 'page', path: '/checkout/confirmation**' } },
    ],
    createdAt: new Date(),
  } as never);
  await db.collection('goals').insertMany([
    {
      _id: 'g1',
      site,
      name: 'Done',
      match: { type: 'page', path: '/checkout/confirmation' },
      createdAt: new Date(),
    },
    {
      _id: 'g2',
      site,
      name: 'Added',
      match: { type: 'event', event: 'Product Added' },
      createdAt: new Date(),
    },
  ] as never);
  const range = { site, from, to };
  const measure = async (name: string, run: () => Promise<number>) => {
    const walls: number[] = [];
    let cpu = 0;
    let read = 0;
    for (let i = 0; i < RUNS; i++) {
      const start = process.cpuUsage();
      const t = performance.now();
      read = await run();
      walls.push(performance.now() - t);
      const used = process.cpuUsage(start);
      cpu += used.user + used.system;
    }
    console.log(
      `${name}: p50 ${percentile(walls, 50).toFixed(0)} ms, p95 ${percentile(walls, 95).toFixed(0)} ms, ${(cpu / RUNS / read).toFixed(2)} µs CPU per event read (${read} events, ${RUNS} runs)`,
    );
  };
  const projection = { name: 1, visitorId: 1, occurredAt: 1, path: 1 };
  await measure('bare finds, one per name', async () => {
    let read = 0;
    for (const name of ['pageview', 'Product Added', 'Checkout Started'])
      read += (
        await db
          .collection('events')
          .find({ site, name, occurredAt: { $gte: from, $lt: to } }, { projection })
          .toArray()
      ).length;
    return read;
  });
  await measure(
    'bare find, one $in command (as the service reads)',
    async () =>
      (
        await db
          .collection('events')
          .find(
            {
              site,
              name: { $in: ['pageview', 'Product Added', 'Checkout Started'] },
              occurredAt: { $gte: from, $lt: to },
            },
            { projection: { name: 1, visitorId: 1, occurredAt: 1, path: 1 } },
          )
          .toArray()
      ).length,
  );
  await measure('visitor funnel, 4 steps', async () => {
    const report = await service.funnel(range, 'bench');
    if (!report.complete) throw new Error('incomplete');
    return EVENTS;
  });
  await measure('goals report, 2 goals', async () => {
    await service.goals(range);
    return EVENTS;
  });
} finally {
  await db.dropDatabase().catch(() => {});
  await mongo.close();
}
