import type { EnrichedEvent } from '@shopstream/contracts';
import amqp from 'amqplib';
import { type Db, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isolatedConfig,
  RABBITMQ_URL,
  removeIsolated,
  SITE,
  waitFor,
} from '../../../test/support/environment';
import { buildApp } from '../../app';
import type { BucketDoc } from '../aggregates/documents';
import { bucketCounters, bucketDocId } from '../aggregates/layout';
import { assertTopology, topologyNames } from './topology';

const config = isolatedConfig({ ANALYTICS_DELIVERY_LIMIT: '2' });
const names = topologyNames(config);
const app = await buildApp(config, { role: 'worker' });
const mongo = new MongoClient(config.MONGODB_URI);
const db = mongo.db();
const connection = await amqp.connect(RABBITMQ_URL);
const channel = await connection.createConfirmChannel();

beforeAll(async () => {
  await app.ready();
  await assertTopology(channel, names, config.ANALYTICS_DELIVERY_LIMIT);
});
afterAll(async () => {
  await app.close();
  await connection.close();
  await mongo.close();
  await removeIsolated(config);
});

let serial = 0;
function makeEnriched(overrides: Partial<EnrichedEvent> = {}): EnrichedEvent {
  const now = new Date().toISOString();
  serial++;
  return {
    id: `pipeline-${Date.now()}-${serial}`,
    site: SITE,
    type: 'page',
    name: 'pageview',
    occurredAt: now,
    receivedAt: now,
    visitorId: `visitor-${serial}`,
    sessionId: `session-${serial}`,
    trusted: false,
    path: '/pipeline',
    utm: {},
    device: 'desktop',
    browser: 'Chrome',
    os: 'Linux',
    properties: {},
    ...overrides,
  };
}

const publish = async (body: unknown) => {
  channel.sendToQueue(
    names.eventsQueue,
    Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    {
      persistent: true,
    },
  );
  await channel.waitForConfirms();
};

/** The counters of an hour bucket, read from the document that holds it. */
const hourBucket = async (db: Db, at: string, dim = 'page', key = '/pipeline') =>
  bucketCounters(
    await db
      .collection<BucketDoc>('buckets')
      .findOne({ _id: bucketDocId(SITE, 'h', new Date(at), dim, key) }),
    'h',
    new Date(at),
  );

describe('the event consumer', () => {
  it('stores and counts a redelivered event once', async () => {
    const at = '2026-01-05T10:15:00.000Z';
    const events = [
      makeEnriched({ occurredAt: at, path: '/redelivered' }),
      makeEnriched({ occurredAt: at, path: '/redelivered' }),
    ];
    await publish({ events });
    await publish({ events });
    await publish({ events: [events[1]] });
    const raw = db.collection('events');
    const applies = db.collection('applies');
    await waitFor(
      async () =>
        (await raw.countDocuments({ _id: { $in: events.map((e) => e.id) } as never })) === 2 &&
        (await applies.countDocuments({ state: { $in: ['inserting', 'applying'] } })) === 0,
      (done) => done,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await hourBucket(db, at, 'page', '/redelivered')).toMatchObject({ pageviews: 2, events: 2 });
  });

  it('counts its MongoDB commands and operations on /metrics: a batch of 40 events costs more than 40 operations in fewer commands', async () => {
    const read = async () => {
      const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
      const value = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
      return {
        commands: value('analytics_mongodb_commands_total'),
        operations: value('analytics_mongodb_operations_total'),
      };
    };
    const before = await read();
    const events = Array.from({ length: 40 }, () => makeEnriched({ path: '/counted' }));
    await publish({ events });
    await waitFor(
      () => db.collection('events').countDocuments({ _id: { $in: events.map((e) => e.id) } as never }),
      (count) => count === 40,
    );
    const after = await read();
    // The 40 inserts alone are 40 operations, sent in commands of at most 16.
    expect(after.operations - before.operations).toBeGreaterThanOrEqual(40);
    expect(after.commands - before.commands).toBeLessThan(after.operations - before.operations);
  });

  it('dead-letters an unreadable message with its reason, and the queue keeps flowing', async () => {
    const after = makeEnriched({ path: '/after-poison' });
    await publish('{"not": "events"');
    await publish({ events: [after] });
    await waitFor(
      () => db.collection('events').countDocuments({ _id: after.id as never }),
      (n) => n === 1,
    );
    const dead = await waitFor(
      () => channel.get(names.deadQueue, { noAck: true }),
      (message) => message !== false,
      5000,
    );
    expect(dead === false ? 'no message' : dead.content.toString()).toBe('{"not": "events"');
    expect(dead && String(dead.properties.headers?.['x-dead-reason'])).toMatch(/invalid message/);
  });

  it('gives up its MongoDB client when no write succeeds for too long, and the waiting events stay queued', async () => {
    const cut = isolatedConfig({
      // Nothing listens there: every MongoDB call fails, as while its server is away.
      MONGODB_URI: 'mongodb://analytics:analytics_secret@127.0.0.1:1/unreachable?authSource=admin',
      ANALYTICS_QUEUE_PREFIX: `${config.ANALYTICS_QUEUE_PREFIX}.cut`,
    });
    const cutNames = topologyNames(cut);
    let stuck = 0;
    const worker = await buildApp(cut, { role: 'worker', stuckAfterMs: 3000, onStuck: () => stuck++ });
    try {
      await worker.ready();
      await assertTopology(channel, cutNames, cut.ANALYTICS_DELIVERY_LIMIT);
      channel.sendToQueue(cutNames.eventsQueue, Buffer.from(JSON.stringify({ events: [makeEnriched()] })), {
        persistent: true,
      });
      await channel.waitForConfirms();
      expect(
        await waitFor(
          async () => stuck,
          (n) => n > 0,
          15_000,
        ),
      ).toBeGreaterThan(0);
    } finally {
      await worker.close();
    }
    // The worker never acked: its message is back in the queue for the next one.
    const waiting = await waitFor(
      async () => (await channel.checkQueue(cutNames.eventsQueue)).messageCount,
      (n) => n === 1,
      5000,
    );
    expect(waiting).toBe(1);
    await channel.deleteQueue(cutNames.eventsQueue);
    await channel.deleteQueue(cutNames.deadQueue);
    await channel.deleteExchange(cutNames.deadExchange);
    await channel.deleteExchange(cutNames.liveExchange);
  });

  it('dead-letters a message redelivered beyond the delivery limit', async () => {
    const names2 = topologyNames({ ANALYTICS_QUEUE_PREFIX: `${config.ANALYTICS_QUEUE_PREFIX}.limit` });
    const side = await connection.createChannel();
    try {
      await assertTopology(side, names2, 2);
      side.sendToQueue(names2.eventsQueue, Buffer.from('crashes every consumer'), { persistent: true });
      // Each nack with requeue is one failed attempt, like a consumer dying on the message.
      for (let attempt = 0; attempt < 3; attempt++) {
        const message = await waitFor(
          () => side.get(names2.eventsQueue),
          (m) => m !== false,
          5000,
        );
        if (message) side.nack(message, false, true);
      }
      const dead = await waitFor(
        () => side.get(names2.deadQueue, { noAck: true }),
        (m) => m !== false,
        5000,
      );
      expect(dead === false ? 'no message' : dead.content.toString()).toBe('crashes every consumer');
      expect(dead && JSON.stringify(dead.properties.headers?.['x-death'])).toMatch(/delivery_limit/);
    } finally {
      await side.deleteQueue(names2.eventsQueue);
      await side.deleteQueue(names2.deadQueue);
      await side.deleteExchange(names2.deadExchange);
      await side.close();
    }
  });
});
