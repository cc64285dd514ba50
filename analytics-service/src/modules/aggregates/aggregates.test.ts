import type { EnrichedEvent } from '@shopstream/contracts';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedConfig, removeIsolated, SITE } from '../../../test/support/environment';
import { bucketId, incrementsOf, visitorMarkKey } from './buckets';
import type { BucketDoc, StoredEventDoc } from './documents';
import { bucketCounters, bucketDocId, dayDocId } from './layout';
import { migrateBucketLayout } from './migrate-layout';
import { AggregatesRepository } from './repository';
import { AggregationService } from './service';

const config = isolatedConfig();
const mongo = new MongoClient(config.MONGODB_URI);
const repository = new AggregatesRepository(mongo.db());

beforeAll(() => repository.ensureIndexes());
afterAll(async () => {
  await mongo.close();
  await removeIsolated(config);
});

let serial = 0;
function makeEvent(at: string, overrides: Partial<EnrichedEvent> = {}): EnrichedEvent {
  serial++;
  return {
    id: `agg-${serial}-${Math.random().toString(36).slice(2, 8)}`,
    site: SITE,
    type: 'page',
    name: 'pageview',
    occurredAt: at,
    receivedAt: at,
    visitorId: `visitor-${serial % 3}`,
    sessionId: `session-${serial % 3}`,
    trusted: false,
    path: `/page-${serial % 4}`,
    utm: {},
    device: 'desktop',
    browser: 'Chrome',
    os: 'Linux',
    properties: {},
    ...overrides,
  };
}

const order = (at: string, total: number): EnrichedEvent =>
  makeEvent(at, {
    type: 'track',
    name: 'Order Completed',
    trusted: true,
    visitorId: 'user:server',
    properties: {
      order_id: `o-${serial}`,
      total,
      currency: 'EUR',
      products: [{ product_id: 'prod-x', price: total, quantity: 1 }],
    },
  });

const toStored = (
  { id, occurredAt, receivedAt, ...rest }: EnrichedEvent,
  applyId: string,
  storedAt: Date,
) => ({
  ...rest,
  _id: id,
  occurredAt: new Date(occurredAt),
  receivedAt: new Date(receivedAt),
  storedAt,
  applyId,
});

async function dayTotals(day: string) {
  return repository.buckets.findOne({ _id: bucketId(SITE, 'd', new Date(`${day}T00:00:00Z`), 'total', '') });
}

describe('aggregation', () => {
  it('counts pageviews, unique visitors, orders and revenue of a batch exactly', async () => {
    const day = '2026-02-01';
    const service = new AggregationService(repository);
    const events = [0, 1, 2, 3, 4, 5].map((i) =>
      makeEvent(`${day}T09:0${i}:00.000Z`, { visitorId: `v-${i % 2}` }),
    );
    await service.storeEvents([...events, order(`${day}T09:30:00.000Z`, 4599)]);
    expect(await dayTotals(day)).toMatchObject({
      pageviews: 6,
      visitors: 2,
      orders: 1,
      revenue: 4599,
      events: 7,
    });
  });

  it('never counts twice when the same events arrive again, in any grouping', async () => {
    const day = '2026-02-02';
    const service = new AggregationService(repository);
    const events = [0, 1, 2, 3].map((i) => makeEvent(`${day}T10:0${i}:00.000Z`));
    await service.storeEvents(events.slice(0, 3));
    await service.storeEvents(events);
    await new AggregationService(repository).storeEvents([events[0]!, events[3]!, events[3]!]);
    expect(await dayTotals(day)).toMatchObject({ pageviews: 4, events: 4 });
  });

  it('finishes an apply cut short between two bucket writes exactly once', async () => {
    const day = '2026-02-03';
    const events = [0, 1, 2, 3, 4].map((i) =>
      makeEvent(`${day}T11:0${i}:00.000Z`, { visitorId: `cut-${i % 2}` }),
    );
    events.push(order(`${day}T11:30:00.000Z`, 1250));
    // A worker that died mid-apply: events stored, marks claimed, only half of the buckets updated.
    const applyId = 'deadworker:7';
    const docs: StoredEventDoc[] = events.map(({ id, occurredAt, receivedAt, ...rest }) => ({
      ...rest,
      _id: id,
      occurredAt: new Date(occurredAt),
      receivedAt: new Date(receivedAt),
      storedAt: new Date(Date.now() - 60_000),
      applyId,
    }));
    await repository.beginApply(applyId, new Date(Date.now() - 60_000));
    await repository.insertEvents(docs);
    expect(await repository.claimApply(applyId)).toBe('applying');
    const claims = new Map<string, string>();
    for (const doc of docs) {
      if (doc.trusted) continue;
      for (const g of ['h', 'd'] as const)
        if (!claims.has(visitorMarkKey(doc, g))) claims.set(visitorMarkKey(doc, g), doc._id);
    }
    await repository.claimVisitorMarks(claims);
    const increments = incrementsOf(docs, claims);
    // Cut between two documents (an apply writes each document once): the totals' day and minutes
    // documents took it, the breakdowns' documents did not.
    const firstHalf = increments.filter((b) => b.dim === 'total');
    expect(firstHalf.length).toBeLessThan(increments.length);
    await repository.applyIncrements('deadworker', 7, firstHalf);

    const survivor = new AggregationService(repository);
    expect(await survivor.recoverPending(1000)).toBe(1);
    // Run again, and the events redelivered too: nothing moves.
    expect(await survivor.recoverPending(1000)).toBe(0);
    await survivor.storeEvents(events);

    expect(await dayTotals(day)).toMatchObject({
      pageviews: 5,
      visitors: 2,
      orders: 1,
      revenue: 1250,
      events: 6,
    });
    const hourStart = new Date(`${day}T11:00:00Z`);
    const hour = bucketCounters(
      await repository.buckets.findOne({ _id: dayDocId(SITE, hourStart, 'total', '') }),
      'h',
      hourStart,
    );
    expect(hour).toMatchObject({ pageviews: 5, visitors: 2, orders: 1, revenue: 1250, events: 6 });
    const product = await repository.buckets.findOne({
      _id: bucketId(SITE, 'd', new Date(`${day}T00:00:00Z`), 'product', 'prod-x'),
    });
    expect(product).toMatchObject({ purchases: 1, revenue: 1250 });
    expect(await repository.applies.findOne({ _id: applyId })).toMatchObject({ state: 'done' });
  });

  it('counts the events of a worker that died while inserting once, also an insert of it that lands late', async () => {
    const day = '2026-02-05';
    const events = [0, 1, 2, 3, 4].map((i) => makeEvent(`${day}T08:0${i}:00.000Z`, { visitorId: 'late-v' }));
    const applyId = 'deadinserter:3';
    const longAgo = new Date(Date.now() - 60_000);
    await repository.beginApply(applyId, longAgo);
    // It died after three of its five inserts; it never claimed the apply.
    await repository.insertEvents(events.slice(0, 3).map((e) => toStored(e, applyId, longAgo)));

    const survivor = new AggregationService(repository);
    expect(await survivor.recoverPending(1000)).toBe(2); // abandoned, then its events moved and counted
    expect(await repository.applies.findOne({ _id: applyId })).toMatchObject({ state: 'abandoned' });
    expect(await dayTotals(day)).toMatchObject({ pageviews: 3, visitors: 1, events: 3 });

    // One of its inserts was still on the wire and lands now, after the takeover.
    await repository.insertEvents([toStored(events[3]!, applyId, longAgo)]);
    expect(await survivor.recoverPending(1000)).toBe(1);
    expect(await survivor.recoverPending(1000)).toBe(0);
    // RabbitMQ redelivers the whole batch (it was never acked): only the fifth event is new.
    await survivor.storeEvents(events);
    expect(await dayTotals(day)).toMatchObject({ pageviews: 5, visitors: 1, events: 5 });
    expect(await repository.events.countDocuments({ applyId })).toBe(0);
  });

  it('leaves the events of a worker that a sweep took for dead to that sweep, counted once', async () => {
    const day = '2026-02-06';
    const events = [0, 1, 2].map((i) => makeEvent(`${day}T07:0${i}:00.000Z`, { visitorId: 'slow-v' }));
    const sweeper = new AggregationService(repository);
    // The slow worker's inserts finish just after a sweep abandoned its apply: its claim must lose.
    class SlowRepository extends AggregatesRepository {
      override async claimApply(applyId: string) {
        await sweeper.recoverPending(-1000);
        return super.claimApply(applyId);
      }
    }
    const slow = new AggregationService(new SlowRepository(mongo.db()));
    await slow.storeEvents(events);
    expect(await dayTotals(day)).toMatchObject({ pageviews: 3, visitors: 1, events: 3 });
    expect(await sweeper.recoverPending(1000)).toBe(0);
    await slow.storeEvents(events);
    expect(await dayTotals(day)).toMatchObject({ pageviews: 3, visitors: 1, events: 3 });
  });

  it('counts into bucket documents removed under a running worker, which it believed stored', async () => {
    const day = '2026-02-07';
    const service = new AggregationService(repository);
    await service.storeEvents([makeEvent(`${day}T06:00:00.000Z`), makeEvent(`${day}T06:01:00.000Z`)]);
    // The database emptied (or restored from an older backup) while the worker runs.
    await repository.buckets.deleteOne({ _id: dayDocId(SITE, new Date(`${day}T00:00:00Z`), 'total', '') });
    await service.storeEvents([makeEvent(`${day}T06:02:00.000Z`)]);
    expect(await dayTotals(day)).toMatchObject({ pageviews: 1, events: 1 });
    // Later batches count on from there.
    await service.storeEvents([makeEvent(`${day}T06:03:00.000Z`)]);
    expect(await dayTotals(day)).toMatchObject({ pageviews: 2, events: 2 });
  });

  it('counts a visitor once and widens a session when two workers, each knowing nothing of the other, store them', async () => {
    const day = '2026-02-08';
    const one = new AggregationService(new AggregatesRepository(mongo.db()));
    const other = new AggregationService(new AggregatesRepository(mongo.db()));
    const session = 'shared-session';
    const at = (minute: number) => `${day}T05:${String(minute).padStart(2, '0')}:00.000Z`;
    await one.storeEvents([makeEvent(at(10), { visitorId: 'both-v', sessionId: session, path: '/second' })]);
    // The other worker's marks, session and buckets are duplicates of the first one's inserts.
    await other.storeEvents([
      makeEvent(at(5), { visitorId: 'both-v', sessionId: session, path: '/landing' }),
      makeEvent(at(20), { visitorId: 'both-v', sessionId: session, path: '/third' }),
    ]);
    expect(await dayTotals(day)).toMatchObject({ pageviews: 3, visitors: 1, events: 3 });
    const hour = new Date(`${day}T05:00:00Z`);
    expect(
      bucketCounters(await repository.buckets.findOne({ _id: dayDocId(SITE, hour, 'total', '') }), 'h', hour),
    ).toMatchObject({ pageviews: 3, visitors: 1 });
    expect(await repository.sessions.findOne({ _id: `${SITE}|${session}` })).toMatchObject({
      first: new Date(at(5)),
      last: new Date(at(20)),
      entry: { at: new Date(at(5)), path: '/landing' },
    });
  });

  it('keeps a session as its first and last pageview and its entry page, whatever order its events arrive in', async () => {
    const service = new AggregationService(repository);
    const session = 'ordered-session';
    const landing = makeEvent('2026-02-04T12:00:00.000Z', { sessionId: session, path: '/landing' });
    await service.storeEvents([makeEvent('2026-02-04T12:10:00.000Z', { sessionId: session, path: '/cart' })]);
    await service.storeEvents([landing]);
    await service.storeEvents([makeEvent('2026-02-04T12:05:00.000Z', { sessionId: session, path: '/p/1' })]);
    // A redelivery of the landing page and a later page in one batch change nothing.
    await service.storeEvents([landing, makeEvent('2026-02-04T12:07:00.000Z', { sessionId: session })]);
    expect(await repository.sessions.findOne({ _id: `${SITE}|${session}` })).toMatchObject({
      first: new Date('2026-02-04T12:00:00.000Z'),
      last: new Date('2026-02-04T12:10:00.000Z'),
      entry: { at: new Date('2026-02-04T12:00:00.000Z'), path: '/landing' },
    });
  });
});

describe('the bucket layout migration', () => {
  it('folds the minute and hour buckets of an earlier install into the day layout once, also when run again or cut short', async () => {
    const site = `migrated-${Math.random().toString(36).slice(2, 8)}`;
    const day = new Date('2026-02-10T00:00:00Z');
    const nine = new Date('2026-02-10T09:00:00Z');
    const minute = new Date('2026-02-10T09:07:00Z');
    const buckets = mongo.db().collection<BucketDoc>('buckets');
    // As the earlier version stored them: a day bucket, an hour bucket of a product and the totals, a minute.
    const hourTotal: BucketDoc = {
      _id: bucketId(site, 'h', nine, 'total', ''),
      site,
      g: 'h',
      t: nine,
      dim: 'total',
      key: '',
      events: 3,
      pageviews: 2,
      visitors: 1,
      applied: { oldworker: 4 },
    };
    const oldMinute: BucketDoc = {
      _id: bucketId(site, 'm', minute, 'total', ''),
      site,
      g: 'm',
      t: minute,
      dim: 'total',
      key: '',
      events: 3,
      pageviews: 2,
    };
    await buckets.insertMany([
      {
        _id: bucketId(site, 'd', day, 'total', ''),
        site,
        g: 'd',
        t: day,
        dim: 'total',
        key: '',
        events: 3,
        pageviews: 2,
        visitors: 1,
        applied: { oldworker: 4 },
      },
      hourTotal,
      {
        _id: bucketId(site, 'h', nine, 'product', 'p.1'),
        site,
        g: 'h',
        t: nine,
        dim: 'product',
        key: 'p.1',
        name: 'Shoe',
        views: 2,
      },
      oldMinute,
    ]);

    expect(await migrateBucketLayout(mongo.db())).toBe(3);
    expect(await migrateBucketLayout(mongo.db())).toBe(0);
    // A run cut short between a fold and its delete leaves the old bucket: the next run only deletes it.
    await buckets.insertMany([hourTotal, oldMinute]);
    expect(await migrateBucketLayout(mongo.db())).toBe(2);

    const dayDoc = await buckets.findOne({ _id: dayDocId(site, day, 'total', '') });
    expect(bucketCounters(dayDoc, 'd', day)).toEqual({ events: 3, pageviews: 2, visitors: 1 });
    expect(bucketCounters(dayDoc, 'h', nine)).toEqual({ events: 3, pageviews: 2, visitors: 1 });
    const product = await buckets.findOne({ _id: dayDocId(site, day, 'product', 'p.1') });
    expect(bucketCounters(product, 'h', nine)).toEqual({ views: 2 });
    expect(product?.name).toBe('Shoe');
    const minutes = await buckets.findOne({ _id: bucketDocId(site, 'm', minute, 'total', '') });
    expect(bucketCounters(minutes, 'm', minute)).toEqual({ events: 3, pageviews: 2 });
    expect(await buckets.countDocuments({ site, g: { $in: ['h', 'm'] } })).toBe(0);

    // New events of that hour add to the folded figures.
    const event = makeEvent('2026-02-10T09:07:30.000Z', { site, visitorId: 'after-migration' });
    await new AggregationService(repository).storeEvents([event]);
    expect(bucketCounters(await buckets.findOne({ _id: dayDoc!._id }), 'h', nine)).toMatchObject({
      events: 4,
      pageviews: 3,
      visitors: 2,
    });
    expect(
      bucketCounters(
        await buckets.findOne({ _id: bucketDocId(site, 'm', minute, 'total', '') }),
        'm',
        minute,
      ),
    ).toEqual({ events: 4, pageviews: 3 });
  });
});

describe('session counters', () => {
  it('adds a replayed apply to its sessions once (guarded by worker and sequence)', async () => {
    const id = `${SITE}|s:replayed-${Math.random().toString(36).slice(2, 8)}`;
    const sessions = mongo.db().collection<{ _id: string; n?: Record<string, number> }>('sessions');
    const counts = new Map([[id, { site: SITE, inc: { pageviews: 5, events: 5 } }]]);
    const facts = { touches: new Map(), counts };
    await repository.countSessions('replay-worker', 7, facts);
    await repository.countSessions('replay-worker', 7, facts);
    await repository.countSessions('replay-worker', 6, facts);
    expect((await sessions.findOne({ _id: id }))?.n).toEqual({ pageviews: 5, events: 5 });
    await repository.countSessions('replay-worker', 8, facts);
    await repository.countSessions('other-worker', 1, facts);
    expect((await sessions.findOne({ _id: id }))?.n).toEqual({ pageviews: 15, events: 15 });
  });
});
