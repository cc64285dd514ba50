import type { EnrichedEvent } from '@shopstream/contracts';
import amqp, { type GetMessage } from 'amqplib';
import { MongoClient } from 'mongodb';
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

const config = isolatedConfig();
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

const occurredAt = '2026-02-03T09:30:00.000Z';
let serial = 0;
function makeEnriched(properties: Record<string, unknown> = {}): EnrichedEvent {
  serial++;
  return {
    id: `poison-${Date.now()}-${serial}`,
    site: SITE,
    type: 'track',
    name: 'Custom',
    occurredAt,
    receivedAt: new Date().toISOString(),
    visitorId: `visitor-${serial}`,
    sessionId: `session-${serial}`,
    trusted: false,
    utm: {},
    device: 'desktop',
    browser: 'Chrome',
    os: 'Linux',
    properties,
  };
}

/** Straight onto the queue, as a worker of an older version or a bug in ingest would: no validation. */
async function publishRaw(text: string) {
  channel.sendToQueue(names.eventsQueue, Buffer.from(text), { persistent: true });
  await channel.waitForConfirms();
}
const publish = (events: EnrichedEvent[]) => publishRaw(JSON.stringify({ events }));

const DEEP = 5000;
/** JSON.stringify overflows the stack on such depths, so the message is written as text. */
function deepMessage(event: EnrichedEvent) {
  const nested = `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`;
  return JSON.stringify({ events: [event] }).replace('"properties":{}', `"properties":${nested}`);
}

async function drainDeadLetters() {
  const letters: GetMessage[] = [];
  for (let got = await channel.get(names.deadQueue, { noAck: true }); got; ) {
    letters.push(got);
    got = await channel.get(names.deadQueue, { noAck: true });
  }
  return letters;
}

describe('a poison event never stalls the pipeline', () => {
  it('stores and counts the good events around unstorable ones within 10 s, dead-letters each bad one with the store’s reason, and lag returns to 0', async () => {
    const ferretdb = Boolean((await db.admin().command({ buildInfo: 1 })).ferretdbVersion);
    const good = [makeEnriched(), makeEnriched({ note: 'fine' }), makeEnriched(), makeEnriched()];
    const nulKey = makeEnriched({ 'a\u0000b': 1 });
    const deep = makeEnriched();
    // MongoDB 7 stores these three; FerretDB 1.24 refuses them.
    const dotted = makeEnriched({ 'a.b': 1 });
    const dollar = makeEnriched({ $set: 1 });
    const nulValue = makeEnriched({ note: 'x\u0000y' });
    const refusedHere = ferretdb ? [nulKey, deep, dotted, dollar, nulValue] : [nulKey, deep];

    const started = Date.now();
    await publish([good[0]!]);
    await publish([good[1]!, dotted, nulValue, good[2]!, nulKey, dollar]);
    await publishRaw(deepMessage(deep));
    await publish([good[3]!]);

    const hourTotal = async () =>
      bucketCounters(
        await db
          .collection<BucketDoc>('buckets')
          .findOne({ _id: bucketDocId(SITE, 'h', new Date(occurredAt), 'total', '') }),
        'h',
        new Date(occurredAt),
      );
    const expectedCount = 4 + (ferretdb ? 0 : 3);
    await waitFor(
      async () => (await hourTotal())?.events ?? 0,
      (events) => events === expectedCount,
      10_000,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    const stored = await db
      .collection('events')
      .find({}, { projection: { _id: 1 } })
      .toArray();
    expect(stored.map((d) => d._id).sort()).toEqual(
      [...good, ...(ferretdb ? [] : [dotted, dollar, nulValue])].map((e) => e.id).sort(),
    );

    const letters = await waitFor(
      async () => (await channel.checkQueue(names.deadQueue)).messageCount,
      (count) => count === refusedHere.length,
      5000,
    ).then(drainDeadLetters);
    const byEvent = new Map(
      letters.map((letter) => {
        const eventId = String(letter.properties.headers?.['x-dead-event-id']);
        if (eventId !== deep.id) {
          const { events } = JSON.parse(letter.content.toString()) as { events: EnrichedEvent[] };
          expect(events.map((e) => e.id)).toEqual([eventId]);
        }
        return [eventId, String(letter.properties.headers?.['x-dead-reason'])];
      }),
    );
    expect([...byEvent.keys()].sort()).toEqual(refusedHere.map((e) => e.id).sort());
    expect(byEvent.get(nulKey.id)).toMatch(/null bytes/);
    if (ferretdb) {
      expect(byEvent.get(dotted.id)).toMatch(/store \(code 2\): invalid key: "a\.b"/);
      expect(byEvent.get(dollar.id)).toMatch(/store \(code 2\): invalid key: "\$set"/);
      expect(byEvent.get(nulValue.id)).toMatch(/store \(code 1\).*SQLSTATE 22P05/);
    }
    expect(byEvent.get(deep.id)).toMatch(/store|driver/);

    const ready = await waitFor(
      async () => (await app.inject({ method: 'GET', url: '/ready' })).json().lag,
      (lag) => lag.queueDepth === 0 && lag.oldestUnprocessedAgeSeconds === 0,
      5000,
    );
    expect(ready.deadLettered).toBe(0);
    // Counted once: the events a refused command stored before failing are not counted again.
    expect((await hourTotal())?.events).toBe(expectedCount);
    expect(await db.collection('applies').countDocuments({ state: { $ne: 'done' } })).toBe(0);
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(new RegExp(`^analytics_dead_lettered_total ${refusedHere.length}$`, 'm'));
    expect(metrics).toMatch(/^analytics_queue_depth 0$/m);
  });

  it('shows the dead-letter queue’s depth on /ready and /metrics', async () => {
    await publish([makeEnriched({ 'k\u0000': 1 })]);
    const lag = await waitFor(
      async () => (await app.inject({ method: 'GET', url: '/ready' })).json().lag,
      (value) => value.deadLettered === 1,
      10_000,
    );
    expect(lag.queueDepth).toBe(0);
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/^analytics_dead_letter_queue_depth 1$/m);
  });
});
