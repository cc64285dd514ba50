import type { LiveMessage } from '@shopstream/contracts';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isolatedConfig,
  makeOrderCompleted,
  makePageview,
  removeIsolated,
  SERVER_KEY,
  SITE,
  staffToken,
  WRITE_KEY,
  waitFor,
} from '../../../test/support/environment';
import { buildApp } from '../../app';
import { RabbitConnection } from '../../rabbit';
import { topologyNames } from '../pipeline/topology';
import { UNMIRRORED_SHOP_SETTINGS } from '../shop/settings';
import { LiveHub, MAX_BUFFERED_BYTES } from './hub';

const config = isolatedConfig();
// Two instances on one queue prefix: events ingested at one must show on the other's feed.
const ingestAt = await buildApp(config, { role: 'ingest' });
const watchAt = await buildApp(config, { role: 'ingest', liveIntervalMs: 100 });

beforeAll(async () => {
  await Promise.all([ingestAt.ready(), watchAt.ready()]);
});
afterAll(async () => {
  await Promise.all([ingestAt.close(), watchAt.close()]);
  await removeIsolated(config);
});

async function connect(token: string) {
  const messages: LiveMessage[] = [];
  const socket = await watchAt.injectWS(
    `/ws?site=${SITE}&token=${token}`,
    {},
    {
      onInit: (ws) => ws.on('message', (data: Buffer) => messages.push(JSON.parse(String(data)))),
    },
  );
  return { socket, messages };
}

describe('the live feed /ws', () => {
  it('sends a snapshot on connect, then shows events accepted at another instance within a second', async () => {
    const { socket, messages } = await connect(await staffToken(config));
    try {
      await waitFor(
        async () => messages.length,
        (n) => n >= 1,
        5000,
      );
      expect(messages[0]).toMatchObject({ type: 'snapshot', site: SITE });
      const order = makeOrderCompleted([{ productId: 'prod-live', price: 2500, quantity: 2 }]);
      const page = makePageview({ page: { url: 'https://shop.example/live', path: '/live' } });
      const posted = Date.now();
      const answers = await Promise.all([
        ingestAt.inject({
          method: 'POST',
          url: '/api/events',
          headers: { authorization: `Bearer ${SERVER_KEY}`, 'x-analytics-site': SITE },
          payload: order,
        }),
        ingestAt.inject({
          method: 'POST',
          url: '/api/events',
          headers: {
            'x-write-key': WRITE_KEY,
            'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0',
          },
          payload: page,
        }),
      ]);
      expect(answers.map((a) => a.statusCode)).toEqual([202, 202]);
      const orderId = (order.properties as { order_id: string }).order_id;
      const seen = await waitFor(
        async () =>
          messages.find(
            (m) =>
              m.latestOrders.some((o) => o.orderId === orderId) &&
              m.activePages.some((p) => p.path === '/live'),
          ),
        (m) => m !== undefined,
        5000,
      );
      expect(Date.now() - posted).toBeLessThan(1000);
      expect(seen).toMatchObject({
        type: 'update',
        latestOrders: [{ orderId, total: 5000, currency: 'EUR' }],
      });
      expect(seen!.lastEventIds).toEqual(expect.arrayContaining([order.id, page.id]));
      expect(seen!.activePages).toContainEqual({ path: '/live', visitors: 1 });
      expect(seen!.lag).toMatchObject({
        queueDepth: expect.any(Number),
        drainRatePerSecond: expect.any(Number),
      });
    } finally {
      socket.terminate();
    }
  });

  it('refuses a connection without a staff token', async () => {
    await expect(connect('')).rejects.toThrow();
    await expect(connect(await staffToken(config, 'customer'))).rejects.toThrow();
  });

  it('drops a client that does not keep up instead of buffering for it', async () => {
    const mongo = new MongoClient(config.MONGODB_URI);
    const hub = new LiveHub(
      new RabbitConnection(config.RABBITMQ_URL),
      topologyNames(config),
      mongo.db(),
      watchAt.log,
      async () => ({ waiting: 0, deadLettered: 0 }),
      1000,
      async () => UNMIRRORED_SHOP_SETTINGS,
    );
    let dropped = 0;
    let sent = 0;
    const client = (behind: number) => ({
      site: SITE,
      send: () => void sent++,
      bufferedAmount: () => behind,
      drop: () => void dropped++,
    });
    hub.clients.add(client(MAX_BUFFERED_BYTES + 1));
    hub.clients.add(client(0));
    await hub.pushUpdates();
    await mongo.close();
    expect({ dropped, sent, connected: hub.clients.size }).toEqual({ dropped: 1, sent: 1, connected: 1 });
  });
});

describe('the live feed’s lag', () => {
  it('shows how many messages wait in the dead-letter queue', async () => {
    const mongo = new MongoClient(config.MONGODB_URI);
    const hub = new LiveHub(
      new RabbitConnection(config.RABBITMQ_URL),
      topologyNames(config),
      mongo.db(),
      watchAt.log,
      async () => ({ waiting: 2, deadLettered: 3 }),
      1000,
      async () => UNMIRRORED_SHOP_SETTINGS,
    );
    await hub.refreshQueueDepth();
    const snapshot = await hub.message(SITE, 'snapshot');
    await mongo.close();
    expect(snapshot.lag).toMatchObject({ queueDepth: 2, deadLettered: 3 });
  });
});
