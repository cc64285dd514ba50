// Filtered reports over 30 days of 300,000 simulated events, beside the unfiltered (bucket) reports of the
// same range in the same run. Filtered reports read day digests (one packed document of sessions and one of
// their events per UTC day): the bench builds them from its sessions and events with the workers' own
// functions (`digestSessionsOf`, `DayDigests.store`), and times one rebuild of a day from the database as a
// worker's refresh does it (`DayDigests.buildDay`). The simulator's shoppers are enriched as ingest would (user agent, referrer,
// UTM, cookieless visitor ids); the documents the workers would write for them (raw events, buckets,
// sessions with their dimensions and counters) are computed by the workers' own pure functions
// (`incrementsOf`, `sessionFactsOf`) and inserted in bulk: the drain itself writes about 35 events/s on this
// loaded machine (1,500/s quiet), and is measured by bench/ingest, not here. Loading is resumable: progress
// is kept in the database, and a second run reuses the data.
// Run from the repository root: npx tsx bench/filtered-reports/run.ts
//   BENCH_MONGODB_URI (…/bench_filtered_reports on the local FerretDB or MongoDB), BENCH_EVENTS (300000),
//   BENCH_RUNS (20 per query), BENCH_DAYS (30).

import { loadavg } from 'node:os';
import { type EnrichedEvent, type EventInput, filtersOf } from '@shopstream/contracts';
import { MongoClient } from 'mongodb';
import { incrementsOf, visitorMarkKey } from '../../analytics-service/src/modules/aggregates/buckets';
import type { SessionDoc, StoredEventDoc } from '../../analytics-service/src/modules/aggregates/documents';
import { AggregatesRepository } from '../../analytics-service/src/modules/aggregates/repository';
import { dimensionsOf, sessionFactsOf } from '../../analytics-service/src/modules/aggregates/session-facts';
import { ConversionsRepository } from '../../analytics-service/src/modules/conversions/repository';
import { ConversionsService } from '../../analytics-service/src/modules/conversions/service';
import {
  describeClient,
  pathOf,
  referrerHostOf,
  utmOf,
  visitorIdOf,
} from '../../analytics-service/src/modules/ingest/enrich';
import { ReportsRepository } from '../../analytics-service/src/modules/reports/repository';
import { type Range, ReportsService } from '../../analytics-service/src/modules/reports/service';
import { digestSessionsOf } from '../../analytics-service/src/modules/segments/digest-format';
import { DigestRepository } from '../../analytics-service/src/modules/segments/digest-repository';
import { DayDigests, daysOf } from '../../analytics-service/src/modules/segments/digests';
import { FilteredReports } from '../../analytics-service/src/modules/segments/filtered-reports';
import { simulateShoppers } from '../../analytics-service/tools/simulate/shopper-sessions';

const uri =
  process.env.BENCH_MONGODB_URI ??
  'mongodb://analytics:analytics_secret@127.0.0.1:27017/bench_filtered_reports?authSource=admin';
const target = Number(process.env.BENCH_EVENTS ?? 300_000);
const runs = Number(process.env.BENCH_RUNS ?? 20);
/** The bucket reports read every bucket of the site once per counter on FerretDB: fewer runs of them. */
const referenceRuns = Number(process.env.BENCH_REFERENCE_RUNS ?? 3);
const only = process.env.BENCH_QUERIES ? new RegExp(process.env.BENCH_QUERIES) : undefined;
const days = Number(process.env.BENCH_DAYS ?? 30);
const SITE = 'bench-shop';
const CHUNK = 1000;
const DAY = 86_400_000;
// A fixed range, so that a resumed load and the queries agree whatever day the bench runs on.
const to = new Date(Date.UTC(2026, 10, 1));
const from = new Date(to.getTime() - days * DAY);

/** Ingest's enrichment, minus what this bench does not need (bots, rate limits, identity links). */
function enrich(input: EventInput, ip: string, userAgent: string, trusted: boolean): EnrichedEvent {
  const client = describeClient(userAgent);
  const occurredAt = new Date(input.timestamp!);
  const visitorId = trusted
    ? `user:${input.userId ?? input.anonymousId}`
    : visitorIdOf('bench-visitor-secret', occurredAt, SITE, ip, userAgent);
  const event: EnrichedEvent = {
    id: input.id!,
    site: SITE,
    type: input.type,
    name: input.type === 'page' ? 'pageview' : (input.event ?? input.type),
    occurredAt: occurredAt.toISOString(),
    receivedAt: occurredAt.toISOString(),
    visitorId,
    sessionId: `s:${input.sessionId}`,
    trusted,
    utm: trusted ? {} : utmOf(input.page?.url, input.page?.search),
    device: trusted ? 'server' : client.device,
    browser: trusted ? 'server' : client.browser,
    os: trusted ? 'server' : client.os,
    properties: input.properties ?? {},
  };
  const path = pathOf(input.page?.path, input.page?.url);
  if (path) event.path = path;
  const referrerHost = referrerHostOf(input.page?.referrer, input.page?.url);
  if (referrerHost) event.referrerHost = referrerHost;
  return event;
}

function simulatedEvents(): EnrichedEvent[] {
  // About 5.6 events a session: simulate a few more sessions than needed and keep whole sessions.
  const { sessions } = simulateShoppers({
    seed: 30,
    sessions: Math.ceil(target / 5),
    from,
    to,
    runId: 'bench-fr',
  });
  const events: EnrichedEvent[] = [];
  for (const session of sessions) {
    if (events.length >= target) break;
    for (const e of session.browserEvents) events.push(enrich(e, session.ip, session.userAgent, false));
    for (const e of session.serverEvents) events.push(enrich(e, session.ip, session.userAgent, true));
  }
  return events.slice(0, target).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

async function main() {
  const mongo = new MongoClient(uri);
  await mongo.connect();
  const db = mongo.db();
  const aggregates = new AggregatesRepository(db);
  await aggregates.ensureIndexes();
  const progress = db.collection<{ _id: string; batches: number }>('bench_progress');
  // Data of an older layout of this bench is loaded again.
  const LAYOUT = 3;
  // Digests are rebuilt whenever this bench's digest layout changes: bump with digest-format.ts.
  const DIGEST_LAYOUT = 2;
  if ((await progress.findOne({ _id: 'digest-layout' }))?.batches !== DIGEST_LAYOUT) {
    await db.collection('digests').deleteMany({});
    await progress.deleteMany({ _id: 'digests' });
    await progress.updateOne(
      { _id: 'digest-layout' },
      { $set: { batches: DIGEST_LAYOUT } },
      { upsert: true },
    );
  }
  const layout = (await progress.findOne({ _id: 'layout' }))?.batches;
  if (layout === 2) {
    // Layout 2 lacked the sessions' top-level dimensions: only the sessions are loaded again.
    await db.collection('sessions').drop();
    await progress.deleteMany({ _id: { $in: ['sessions', 'complete'] } });
    await progress.updateOne({ _id: 'layout' }, { $set: { batches: LAYOUT } });
    await aggregates.ensureIndexes();
  } else if (layout !== LAYOUT) {
    for (const name of ['events', 'buckets', 'sessions', 'bench_progress'])
      await db.collection(name).deleteMany({});
    await progress.insertOne({ _id: 'layout', batches: LAYOUT });
    await aggregates.ensureIndexes();
  }

  const state = await progress.find({}).toArray();
  const chunksDone = new Map(state.map((p) => [p._id, p.batches]));
  const digestRepository = new DigestRepository(db);
  await digestRepository.ensureIndexes();
  const digests = new DayDigests(digestRepository, { sessionTimeoutMs: 30 * 60_000 });
  if (!chunksDone.get('complete') || !chunksDone.get('digests')) {
    const started = Date.now();
    const storedAt = new Date();
    const events: StoredEventDoc[] = simulatedEvents().map(({ id, occurredAt, receivedAt, ...rest }) => ({
      ...rest,
      _id: id,
      occurredAt: new Date(occurredAt),
      receivedAt: new Date(receivedAt),
      storedAt,
      applyId: 'bench:1',
      day: occurredAt.slice(0, 10),
    }));
    const owners = new Map<string, string>();
    for (const e of events) {
      if (e.trusted) continue;
      for (const g of ['h', 'd'] as const) {
        const key = visitorMarkKey(e, g);
        if (!owners.has(key)) owners.set(key, e._id);
      }
    }
    const buckets = incrementsOf(events, owners).map((b) => ({
      _id: b.id,
      site: b.site,
      g: b.g,
      t: b.t,
      dim: b.dim,
      key: b.key,
      ...(b.name ? { name: b.name } : {}),
      ...b.inc,
    }));
    const facts = sessionFactsOf(events);
    const sessions: SessionDoc[] = [...facts.counts].map(([id, count]) => {
      const touch = facts.touches.get(id);
      return {
        _id: id,
        site: count.site,
        ...(touch
          ? {
              first: touch.first,
              last: touch.last,
              visitorId: touch.visitorId,
              entry: touch.entry,
              exit: touch.exit,
              ...dimensionsOf(touch.entry),
            }
          : {}),
        n: count.inc,
      };
    });
    const load = async (name: string, docs: object[]) => {
      const collection = db.collection(name);
      const total = Math.ceil(docs.length / CHUNK);
      for (let c = chunksDone.get(name) ?? 0; c < total; c++) {
        // Ordered: FerretDB 1.24 runs an unordered command's inserts in parallel and can exhaust its pool.
        await collection.insertMany(docs.slice(c * CHUNK, (c + 1) * CHUNK) as never[], { ordered: true });
        await progress.updateOne({ _id: name }, { $set: { batches: c + 1 } }, { upsert: true });
        if ((c + 1) % 25 === 0) console.log(`  ${name}: ${c + 1}/${total} chunks of ${CHUNK}`);
      }
    };
    if (!chunksDone.get('complete')) {
      console.log(`loading ${events.length} events, ${buckets.length} buckets, ${sessions.length} sessions`);
      await load('buckets', buckets);
      await load('sessions', sessions);
      await load('events', events);
      await progress.updateOne({ _id: 'complete' }, { $set: { batches: 1 } }, { upsert: true });
      console.log(`loaded in ${Math.round((Date.now() - started) / 1000)} s`);
    }
    // The digests the workers' refresh writes for closed days, from the same sessions and events.
    const digestStarted = performance.now();
    const cpu = process.cpuUsage();
    const byDay = new Map<string, SessionDoc[]>();
    for (const session of sessions) {
      if (!session.first) continue;
      const day = session.first.toISOString().slice(0, 10);
      byDay.set(day, [...(byDay.get(day) ?? []), session]);
    }
    let documents = 0;
    for (const day of daysOf(from, to)) {
      const daySessions = byDay.get(day) ?? [];
      const ids = new Set(daySessions.map((s) => s._id.slice(SITE.length + 1)));
      const built = digestSessionsOf(
        SITE,
        daySessions,
        events.filter((e) => ids.has(e.sessionId)),
      );
      await digests.store(SITE, day, built);
      documents += 3;
    }
    const used = process.cpuUsage(cpu);
    console.log(
      `digests: ${documents} documents for ${days} days in ${Math.round(performance.now() - digestStarted)} ms ` +
        `(${Math.round((used.user + used.system) / 1000)} ms CPU, packing included)`,
    );
    await digestRepository.markBackfilled(SITE);
    await progress.updateOne({ _id: 'digests' }, { $set: { batches: 1 } }, { upsert: true });
  }
  // Not counted: any count reads every document on FerretDB 1.24.
  console.log(`data: ${target} events, ${days} days (${from.toISOString()} – ${to.toISOString()})`);

  // One closed day rebuilt from the database as a worker's refresh does it (read, pack, write).
  if (!only || only.test('rebuild')) {
    const day = daysOf(from, to)[10]!;
    const started = performance.now();
    const { sessions, documents } = await digests.buildDay(SITE, day);
    const read = performance.now() - started;
    await digests.store(SITE, day, sessions);
    console.log(
      `rebuild of ${day} from sessions and events: ${sessions.length} sessions, ${documents} documents read ` +
        `in ${Math.round(read)} ms, written in ${Math.round(performance.now() - started - read)} ms`,
    );
  }

  const filteredReports = new FilteredReports(digests);
  const reports = new ReportsService(
    new ReportsRepository(db),
    async () => ({ currency: 'EUR', timeZone: 'UTC' }) as never,
    filteredReports,
  );
  const conversions = new ConversionsService(new ConversionsRepository(db), reports, [SITE], filteredReports);
  const range = (f: string[]): Range => ({ site: SITE, from, to, filters: filtersOf(f) });
  const queries: Array<{ name: string; run: () => Promise<unknown> }> = [
    { name: 'overview, unfiltered (buckets: reference)', run: () => reports.overview(range([])) },
    {
      name: 'overview, referrer is l.instagram.com & device is mobile',
      run: () => reports.overview(range(['referrer:is:l.instagram.com', 'device:is:mobile'])),
    },
    { name: 'overview, device is mobile', run: () => reports.overview(range(['device:is:mobile'])) },
    { name: 'overview, page is /cart (event-scoped)', run: () => reports.overview(range(['page:is:/cart'])) },
    {
      name: 'breakdown referrer, unfiltered (buckets: reference)',
      run: () => reports.breakdown(range([]), 'referrer', 20),
    },
    {
      name: 'breakdown referrer, device is mobile',
      run: () => reports.breakdown(range(['device:is:mobile']), 'referrer', 20),
    },
    {
      name: 'breakdown page, utm_source is instagram',
      run: () => reports.breakdown(range(['utm_source:is:instagram']), 'page', 20),
    },
    {
      name: 'breakdown country, device is mobile',
      run: () => reports.breakdown(range(['device:is:mobile']), 'country', 20),
    },
    {
      name: 'purchase funnel, referrer is l.instagram.com',
      run: () => conversions.funnel(range(['referrer:is:l.instagram.com']), 'purchase'),
    },
  ];
  const rows: string[] = [];
  for (const query of queries) {
    if (only && !only.test(query.name)) continue;
    if (!query.name.includes('reference')) await query.run();
    const times: number[] = [];
    const n = query.name.includes('reference') ? referenceRuns : runs;
    const documentsBefore = filteredReports.stats.documents;
    const cpu = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      await query.run();
      times.push(performance.now() - started);
      if (process.env.BENCH_VERBOSE) console.log(`  ${query.name}: ${Math.round(times.at(-1)!)} ms`);
    }
    const used = process.cpuUsage(cpu);
    times.sort((a, b) => a - b);
    const documents = query.name.includes('reference')
      ? 'buckets'
      : String(Math.round((filteredReports.stats.documents - documentsBefore) / n));
    const row = `| ${query.name} | ${n} | ${quantile(times, 0.5).toFixed(0)} ms | ${quantile(times, 0.95).toFixed(0)} ms | ${((used.user + used.system) / 1000 / n).toFixed(0)} ms | ${documents} |`;
    rows.push(row);
    console.log(row);
  }
  console.log(
    `\nload average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (the machine is shared)`,
  );
  console.log(
    '| query (30 days) | runs | median | p95 | bench CPU per run | documents read per run |\n|---|---|---|---|---|---|',
  );
  for (const row of rows) console.log(row);
  await mongo.close();
}

await main();
