// Daily series and breakdowns over shop days of a half-hour zone (Asia/Kolkata), read from the bucket
// layout: documents read per report (counted from the driver's command replies: every document a `find`
// or `getMore` returned), CPU per report (process.cpuUsage) and wall time, beside the bare reference of the
// same run: one read of the day documents with their hours, as the hour-bucket series read them before.
// The bucket documents are built by the workers' own functions (incrementsOf, documentWritesOf,
// documentOf) from synthetic events and inserted in bulk; the drain is measured by bench/ingest.
// Run from the repository root: npx tsx bench/local-days/run.ts
//   BENCH_MONGODB_URI (…/bench_local_days on the local FerretDB), BENCH_DAYS (30), BENCH_EVENTS_PER_HOUR
//   (60), BENCH_RUNS (10).

import { loadavg } from 'node:os';
import { type CommandSucceededEvent, MongoClient } from 'mongodb';
import { incrementsOf, visitorMarkKey } from '../../analytics-service/src/modules/aggregates/buckets';
import type { StoredEventDoc } from '../../analytics-service/src/modules/aggregates/documents';
import { documentOf, documentWritesOf } from '../../analytics-service/src/modules/aggregates/layout';
import { piecesOf } from '../../analytics-service/src/modules/reports/local-range';
import { ReportsRepository } from '../../analytics-service/src/modules/reports/repository';
import { ReportsService } from '../../analytics-service/src/modules/reports/service';
import { FilteredReports } from '../../analytics-service/src/modules/segments/filtered-reports';
import { FilteredRepository } from '../../analytics-service/src/modules/segments/filtered-repository';
import { UNMIRRORED_SHOP_SETTINGS } from '../../analytics-service/src/modules/shop/settings';

const uri =
  process.env.BENCH_MONGODB_URI ??
  'mongodb://analytics:analytics_secret@127.0.0.1:27017/bench_local_days?authSource=admin';
const days = Number(process.env.BENCH_DAYS ?? 30);
const perHour = Number(process.env.BENCH_EVENTS_PER_HOUR ?? 60);
const runs = Number(process.env.BENCH_RUNS ?? 10);
const SITE = 'bench-shop';
const ZONE = 'Asia/Kolkata';
const HOUR = 3_600_000;
// Kolkata midnights (UTC+5:30, no summer time): 18:30 UTC the day before.
const from = new Date(Date.UTC(2026, 9, 31, 18, 30) - days * 24 * HOUR);
const to = new Date(Date.UTC(2026, 9, 31, 18, 30));

function syntheticEvents(): StoredEventDoc[] {
  const events: StoredEventDoc[] = [];
  let seed = 11;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const start = Math.floor(from.getTime() / HOUR) * HOUR - HOUR;
  for (let t = start; t < to.getTime() + HOUR; t += HOUR) {
    for (let i = 0; i < perHour; i++) {
      const occurredAt = new Date(t + Math.floor(next() * HOUR));
      const order = next() < 0.05;
      const id = `e${events.length}`;
      events.push({
        _id: id,
        site: SITE,
        type: order ? 'track' : 'page',
        name: order ? 'Order Completed' : 'pageview',
        occurredAt,
        receivedAt: occurredAt,
        storedAt: occurredAt,
        visitorId: `v${Math.floor(next() * 500)}`,
        sessionId: `s${Math.floor(next() * 2000)}`,
        trusted: order,
        path: `/products/${Math.floor(next() * 200)}`,
        referrerHost: ['google.com', 'bing.com', 'news.example', undefined][Math.floor(next() * 4)],
        utm: {},
        device: order ? 'server' : ['desktop', 'mobile', 'tablet'][Math.floor(next() * 3)]!,
        browser: order ? 'server' : 'Chrome',
        os: order ? 'server' : 'Android',
        properties: order
          ? {
              total: 1999,
              products: [{ product_id: `p${Math.floor(next() * 50)}`, price: 1999, quantity: 1 }],
            }
          : {},
        applyId: 'bench',
      });
    }
  }
  return events;
}

async function main() {
  let documents = 0;
  let commands = 0;
  const client = new MongoClient(uri, { monitorCommands: true });
  client.on('commandSucceeded', (event: CommandSucceededEvent) => {
    if (event.commandName !== 'find' && event.commandName !== 'getMore') return;
    commands++;
    const cursor = (event.reply as { cursor?: { firstBatch?: unknown[]; nextBatch?: unknown[] } }).cursor;
    documents += (cursor?.firstBatch ?? cursor?.nextBatch ?? []).length;
  });
  await client.connect();
  const db = client.db();
  const buckets = db.collection('buckets');
  if ((await buckets.countDocuments({ site: SITE, g: 'hm' })) === 0) {
    const events = syntheticEvents();
    const owners = new Map<string, string>();
    for (const event of events) {
      if (event.trusted) continue;
      for (const g of ['h', 'd'] as const) {
        const key = visitorMarkKey(event, g);
        if (!owners.has(key)) owners.set(key, event._id);
      }
    }
    const docs = documentWritesOf(incrementsOf(events, owners)).map((w) => documentOf(w, {}));
    console.log(`loading ${events.length} events as ${docs.length} bucket documents`);
    for (let i = 0; i < docs.length; i += 1000) await buckets.insertMany(docs.slice(i, i + 1000) as never[]);
    await buckets.createIndex({ site: 1, g: 1, dim: 1, t: 1 });
  }
  const repository = new ReportsRepository(db);
  const reports = new ReportsService(
    repository,
    async () => ({ ...UNMIRRORED_SHOP_SETTINGS, timeZone: ZONE }),
    new FilteredReports(new FilteredRepository(db)),
  );
  const range = { site: SITE, from, to };
  const hourFrom = new Date(Math.floor(from.getTime() / HOUR) * HOUR);
  const oneDay = { site: SITE, from, to: new Date(from.getTime() + 24 * HOUR) };
  const queries: Array<{ name: string; run: () => Promise<unknown> }> = [
    {
      name: `reference: day documents with hours, ${days} days`,
      run: () => repository.series(SITE, 'h', hourFrom, to),
    },
    { name: `daily series, ${days} Kolkata days (exact)`, run: () => reports.timeseries(range, 'day', ZONE) },
    { name: 'daily series, 1 Kolkata day (exact)', run: () => reports.timeseries(oneDay, 'day', ZONE) },
    { name: 'overview, 1 Kolkata day (and the day before)', run: () => reports.overview(oneDay) },
    { name: `overview, ${days} Kolkata days (and the ${days} before)`, run: () => reports.overview(range) },
    {
      name: `site totals of ${days} Kolkata days from all minute buckets (the overview's read before)`,
      run: () => repository.totals(SITE, 'm', from, to),
    },
    {
      name: `site totals of ${days} Kolkata days from the local range's buckets`,
      run: async () => {
        const pieces = piecesOf(from, to);
        return repository.bucketsOfPieces(SITE, 'total', pieces);
      },
    },
    {
      name: `breakdown page, ${days} Kolkata days (widened)`,
      run: () => reports.breakdown(range, 'page', 1000),
    },
    { name: 'breakdown page, 1 Kolkata day (widened)', run: () => reports.breakdown(oneDay, 'page', 1000) },
  ];
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (2 cores shared); ${runs} runs each`,
  );
  console.log('query | documents read | finds+getMores | CPU ms/report | wall ms/report (median)');
  for (const query of queries) {
    await query.run();
    const walls: number[] = [];
    const cpuStart = process.cpuUsage();
    const docsStart = documents;
    const commandsStart = commands;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await query.run();
      walls.push(performance.now() - started);
    }
    const cpu = process.cpuUsage(cpuStart);
    walls.sort((a, b) => a - b);
    console.log(
      [
        query.name,
        (documents - docsStart) / runs,
        (commands - commandsStart) / runs,
        ((cpu.user + cpu.system) / 1000 / runs).toFixed(1),
        walls[Math.floor(runs / 2)]!.toFixed(0),
      ].join(' | '),
    );
  }
  // What exact breakdowns would cost: a minutes document per hour and key of every breakdown dimension.
  const perDim = await buckets
    .aggregate<{ _id: string; keys: number }>([
      { $match: { site: SITE, g: 'd', dim: { $ne: 'total' } } },
      { $group: { _id: '$dim', keys: { $sum: 1 } } },
    ])
    .toArray();
  const dayDocs = perDim.reduce((sum, d) => sum + d.keys, 0);
  const hourSlots = await buckets
    .find({ site: SITE, g: 'd', dim: { $ne: 'total' } }, { projection: { hours: 1 } })
    .toArray();
  const keyHours = hourSlots.reduce((sum, d) => sum + Object.keys((d.hours as object) ?? {}).length, 0);
  const minuteDocs = await buckets.countDocuments({ site: SITE, g: 'hm' });
  console.log(
    `breakdown dimensions: ${dayDocs} day documents; exact breakdowns would need a minutes document per key and hour: ${keyHours} more documents (the site totals have ${minuteDocs})`,
  );
  await client.close();
}

await main();
