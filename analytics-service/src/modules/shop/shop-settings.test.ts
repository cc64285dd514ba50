import type { LiveMessage, ShopSettings } from '@shopstream/contracts';
import { createShopSettingsMirror } from '@shopstream/server-kit';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedConfig, removeIsolated, SITE, staffToken, waitFor } from '../../../test/support/environment';
import { buildApp } from '../../app';
import { RabbitConnection } from '../../rabbit';
import { bucketStart } from '../aggregates/buckets';
import type { BucketIncrement } from '../aggregates/documents';
import { documentOf, documentWritesOf } from '../aggregates/layout';
import { LiveHub } from '../live/hub';
import { topologyNames } from '../pipeline/topology';
import { startOfDayIn, UNMIRRORED_SHOP_SETTINGS } from './settings';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const config = isolatedConfig({ SHOP_SETTINGS_CACHE_MS: '200' });
const app = await buildApp(config, { role: 'ingest', liveIntervalMs: 100 });
const mongo = new MongoClient(config.MONGODB_URI);
const redis = new Redis(config.REDIS_URL, { keyPrefix: config.REDIS_KEY_PREFIX });
const mirror = createShopSettingsMirror(redis);
let version = Date.now();
const publish = (settings: Partial<ShopSettings>) =>
  mirror.publish({ ...UNMIRRORED_SHOP_SETTINGS, ...settings }, new Date(++version));

beforeAll(() => app.ready());
afterAll(async () => {
  await app.close();
  await mongo.close();
  redis.disconnect();
  await removeIsolated(config);
});

describe("the shop's settings in analytics", () => {
  it("counts Live's today from the shop's midnight, and follows a new time zone without a restart", async () => {
    const site = `today-${version}`;
    const now = new Date();
    // An order of 100 in every hour bucket of the last 30 hours, and 1 in every minute bucket of the last
    // 30 hours' half-hours (what a zone such as Asia/Kolkata, UTC+5:30, needs for its first part hour).
    const increments: BucketIncrement[] = [];
    for (let h = 0; h < 30; h++) {
      const t = bucketStart(new Date(now.getTime() - h * HOUR), 'h');
      increments.push({ id: '', site, g: 'h', t, dim: 'total', key: '', inc: { revenue: 100, orders: 1 } });
      for (let m = 30; m < 60; m++) {
        const minute = new Date(t.getTime() + m * MINUTE);
        if (minute > now) continue;
        increments.push({ id: '', site, g: 'm', t: minute, dim: 'total', key: '', inc: { revenue: 1 } });
      }
    }
    const docs = documentWritesOf(increments).map((write) => documentOf(write, {}));
    await mongo
      .db()
      .collection('buckets')
      .insertMany(docs as never[]);
    let timeZone = 'Asia/Tokyo';
    const hub = new LiveHub(
      new RabbitConnection(config.RABBITMQ_URL),
      topologyNames(config),
      mongo.db(),
      app.log,
      async () => ({ waiting: 0, deadLettered: 0 }),
      1000,
      async () => ({ ...UNMIRRORED_SHOP_SETTINGS, timeZone, currency: 'JPY' }),
    );
    const expected = (zone: string) => {
      const start = startOfDayIn(zone, now).getTime();
      const firstHour = Math.ceil(start / HOUR) * HOUR;
      const hours = Math.floor((bucketStart(now, 'h').getTime() - firstHour) / HOUR) + 1;
      // Minute buckets exist only from :30, so a part hour starting at :30 finds exactly 30 of them.
      const minutes = firstHour - start === 30 * MINUTE ? 30 : 0;
      return { revenue: hours * 100 + minutes, orders: hours, startedAt: new Date(start).toISOString() };
    };
    for (const zone of ['Asia/Tokyo', 'UTC', 'America/Los_Angeles', 'Asia/Kolkata']) {
      timeZone = zone;
      const message = await hub.message(site, 'snapshot');
      const want = expected(zone);
      expect(
        { revenue: message.netRevenueToday, orders: message.ordersToday, startedAt: message.todayStartedAt },
        zone,
      ).toEqual(want);
      expect(message).toMatchObject({ timeZone: zone, currency: 'JPY' });
    }
  });

  it('reports in the time zone and currency saved in the admin panel, from the next read', async () => {
    const token = await staffToken(config);
    const query = (path: string) =>
      app.inject({
        url: `/api/reports/${path}?site=${SITE}&from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z`,
        headers: { authorization: `Bearer ${token}` },
      });
    await publish({ timeZone: 'America/New_York', currency: 'KWD' });
    await waitFor(
      async () => (await query('timeseries')).json().tz,
      (tz) => tz === 'America/New_York',
      5000,
    );
    const series = (await query('timeseries')).json();
    // New York days start at 05:00 UTC in early March (before summer time): the range opens on 28 February.
    expect(series.points.slice(0, 2)).toMatchObject([
      { t: '2026-03-01T00:00:00.000Z', label: '2026-02-28' },
      { t: '2026-03-01T05:00:00.000Z', label: '2026-03-01' },
    ]);
    expect((await query('overview')).json().currency).toBe('KWD');
    // A caller may still ask for another zone.
    const utc = await app.inject({
      url: `/api/reports/timeseries?site=${SITE}&from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z&tz=UTC`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(utc.json().tz).toBe('UTC');
  });

  it("shows the shop's zone on the live feed and follows a change within the cache time", async () => {
    await publish({ timeZone: 'Europe/Berlin', currency: 'EUR' });
    const messages: LiveMessage[] = [];
    const socket = await app.injectWS(
      `/ws?site=${SITE}&token=${await staffToken(config)}`,
      {},
      { onInit: (ws) => ws.on('message', (data: Buffer) => messages.push(JSON.parse(String(data)))) },
    );
    try {
      await waitFor(
        async () => messages.at(-1)?.timeZone,
        (zone) => zone === 'Europe/Berlin',
        5000,
      );
      const changed = Date.now();
      await publish({ timeZone: 'Pacific/Auckland', currency: 'NZD' });
      const seen = await waitFor(
        async () => messages.at(-1),
        (m) => m?.timeZone === 'Pacific/Auckland',
        5000,
      );
      expect(Date.now() - changed).toBeLessThan(1500);
      expect(seen).toMatchObject({
        currency: 'NZD',
        todayStartedAt: startOfDayIn('Pacific/Auckland', new Date()).toISOString(),
      });
    } finally {
      socket.terminate();
    }
  });

  it('uses UTC days until backend-api has mirrored any settings', async () => {
    const other = isolatedConfig();
    const fresh = await buildApp(other, { role: 'ingest' });
    try {
      await fresh.ready();
      const series = await fresh.inject({
        url: `/api/reports/timeseries?site=${SITE}&from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z`,
        headers: { authorization: `Bearer ${await staffToken(other)}` },
      });
      expect(series.json().tz).toBe('UTC');
    } finally {
      await fresh.close();
      await removeIsolated(other);
    }
  });
});
