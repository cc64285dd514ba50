import { randomBytes } from 'node:crypto';
import type { EventInput, LiveMessage, OverviewReport, TimeseriesReport } from '@shopstream/contracts';
import { createShopSettingsMirror } from '@shopstream/server-kit';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isolatedConfig,
  removeIsolated,
  SERVER_KEY,
  SITE,
  staffToken,
  storedAndAggregated,
  waitFor,
} from '../../../test/support/environment';
import { buildApp } from '../../app';
import { UNMIRRORED_SHOP_SETTINGS } from '../shop/settings';

/**
 * The net revenue ledger through the real pipeline (HTTP ingest → RabbitMQ → worker → the MongoDB-compatible
 * store → reports and /ws), against the same ledger kept in PostgreSQL and summed there per day in the
 * shop's time zone (`at time zone`), so neither the day boundaries nor the sums are computed by the code
 * under test. The events have the shapes agreed with backend-api: `Order Completed` (its `orderEvent`),
 * one `Order Refunded` per refund with that refund's amount, one `Order Cancelled` per cancellation with
 * what was captured and not yet refunded.
 */
const TIME_ZONE = 'Europe/Berlin';
const SERVER_URL =
  process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://ecommerce:ecommerce_secret@127.0.0.1:5432';
const database = `ledger_test_${randomBytes(5).toString('hex')}`;
const config = isolatedConfig({ SHOP_SETTINGS_CACHE_MS: '100' });
const app = await buildApp(config, { role: 'all', liveIntervalMs: 100 });
const mongo = new MongoClient(config.MONGODB_URI);
const redis = new Redis(config.REDIS_URL, { keyPrefix: config.REDIS_KEY_PREFIX });
let sql: pg.Client;
let token = '';

/** Seeded, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

type Entry = { kind: 'paid' | 'refunded' | 'cancelled'; amount: number; at: Date };

/**
 * Orders paid around the shop's days of the spring-forward and fall-back weekends (23- and 25-hour days), and
 * today, with partial refunds (some orders several) and cancellations of what is left, some on a later day.
 */
function playLedger(run: string) {
  const next = random(18);
  const events: EventInput[] = [];
  const ledger: Entry[] = [];
  const windows: Array<[number, number]> = [
    [Date.parse('2026-03-28T18:00:00Z'), Date.parse('2026-03-30T02:00:00Z')],
    [Date.parse('2026-10-24T18:00:00Z'), Date.parse('2026-10-26T02:00:00Z')],
  ];
  const now = Date.now();
  // Today's part in the shop's zone: at most the last 20 hours, never the future.
  windows.push([now - 20 * 3_600_000, now - 60_000]);
  // Instants on both sides of each Berlin midnight of those weekends.
  const edges = [
    '2026-03-28T22:59:59.999Z',
    '2026-03-28T23:00:00.000Z',
    '2026-03-29T21:59:59.999Z',
    '2026-03-29T22:00:00.000Z',
    '2026-10-24T21:59:59.999Z',
    '2026-10-24T22:00:00.000Z',
    '2026-10-25T22:59:59.999Z',
    '2026-10-25T23:00:00.000Z',
  ].map((iso) => Date.parse(iso));
  let serial = 0;
  for (const [start, end] of windows) {
    for (let i = 0; i < 40; i++) {
      serial++;
      const orderId = `${run}-${serial}`;
      const paidAt = i < edges.length && end < now ? edges[i]! : start + next() * (end - start);
      const quantity = 1 + Math.floor(next() * 3);
      const price = 199 + Math.floor(next() * 20_000);
      const total = price * quantity + (next() < 0.5 ? 495 : 0);
      const products = [{ product_id: `p-${serial % 7}`, price, quantity, currency: 'EUR' }];
      events.push({
        id: `order.paid:${orderId}`,
        type: 'track',
        event: 'Order Completed',
        timestamp: new Date(paidAt).toISOString(),
        anonymousId: `order-${orderId}`,
        properties: { order_id: orderId, total, revenue: price * quantity, currency: 'EUR', products },
      });
      ledger.push({ kind: 'paid', amount: total, at: new Date(paidAt) });
      let refundable = total;
      let at = paidAt;
      const later = () => Math.min(now - 1000, at + next() * 10 * 3_600_000);
      const refunds = next() < 0.4 ? 1 + Math.floor(next() * 3) : 0;
      for (let r = 0; r < refunds && refundable > 1; r++) {
        at = i >= 8 && i < 16 && end < now ? edges[(i + r) % edges.length]! : later();
        if (at < paidAt) at = paidAt;
        const amount = 1 + Math.floor(next() * (refundable / 2));
        refundable -= amount;
        const refundId = `${orderId}-r${r}`;
        events.push({
          id: `order.refunded:${refundId}`,
          type: 'track',
          event: 'Order Refunded',
          timestamp: new Date(at).toISOString(),
          anonymousId: `order-${orderId}`,
          properties: {
            order_id: orderId,
            refund_id: refundId,
            total: amount,
            currency: 'EUR',
            reason: 'requested_by_customer',
            products,
          },
        });
        ledger.push({ kind: 'refunded', amount, at: new Date(at) });
      }
      if (next() < 0.25) {
        at = later();
        events.push({
          id: `order.cancelled:${orderId}`,
          type: 'track',
          event: 'Order Cancelled',
          timestamp: new Date(at).toISOString(),
          anonymousId: `order-${orderId}`,
          properties: { order_id: orderId, total: refundable, currency: 'EUR', products },
        });
        ledger.push({ kind: 'cancelled', amount: refundable, at: new Date(at) });
      }
    }
  }
  return { events, ledger };
}

const { events, ledger } = playLedger(`ledger${Date.now()}`);

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: `${SERVER_URL}/ecommerce_db` });
  await admin.connect();
  await admin.query(`create database ${database}`);
  await admin.end();
  sql = new pg.Client({ connectionString: `${SERVER_URL}/${database}` });
  await sql.connect();
  await sql.query(
    `create table ledger (kind text not null check (kind in ('paid', 'refunded', 'cancelled')), amount bigint not null, at timestamptz not null)`,
  );
  for (const entry of ledger) {
    await sql.query('insert into ledger (kind, amount, at) values ($1, $2, $3)', [
      entry.kind,
      entry.amount,
      entry.at,
    ]);
  }
  await createShopSettingsMirror(redis).publish(
    { ...UNMIRRORED_SHOP_SETTINGS, timeZone: TIME_ZONE, currency: 'EUR' },
    new Date(),
  );
  await app.ready();
  token = await staffToken(config);
  for (let i = 0; i < events.length; i += 100) {
    const answer = await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: { authorization: `Bearer ${SERVER_KEY}`, 'x-analytics-site': SITE },
      payload: { batch: events.slice(i, i + 100) },
    });
    expect(answer.statusCode, answer.body).toBe(202);
    expect(answer.json().accepted).toBe(Math.min(100, events.length - i));
  }
  await waitFor(
    () => storedAndAggregated(mongo.db()),
    (n) => n === events.length,
    60_000,
  );
}, 90_000);
afterAll(async () => {
  await app.close();
  await mongo.close();
  redis.disconnect();
  await sql?.end();
  const admin = new pg.Client({ connectionString: `${SERVER_URL}/ecommerce_db` });
  await admin.connect();
  await admin.query(`drop database if exists ${database} with (force)`);
  await admin.end();
  await removeIsolated(config);
});

/** PostgreSQL's answer for one shop day: its bounds (midnights in the zone) and the ledger's sums. */
async function postgresDay(day: string, timeZone = TIME_ZONE) {
  const { rows } = await sql.query<{
    from: Date;
    to: Date;
    gross: string;
    refunded: string;
    cancelled: string;
    orders: number;
    refunds: number;
    cancellations: number;
  }>(
    `select ($1::date::timestamp at time zone $2) as "from",
            (($1::date + 1)::timestamp at time zone $2) as "to",
            coalesce(sum(amount) filter (where kind = 'paid'), 0) as gross,
            coalesce(sum(amount) filter (where kind = 'refunded'), 0) as refunded,
            coalesce(sum(amount) filter (where kind = 'cancelled'), 0) as cancelled,
            (count(*) filter (where kind = 'paid'))::int as orders,
            (count(*) filter (where kind = 'refunded'))::int as refunds,
            (count(*) filter (where kind = 'cancelled'))::int as cancellations
       from ledger where (at at time zone $2)::date = $1::date`,
    [day, timeZone],
  );
  const row = rows[0]!;
  const [gross, refunded, cancelled] = [row.gross, row.refunded, row.cancelled].map(Number) as [
    number,
    number,
    number,
  ];
  return {
    from: row.from,
    to: row.to,
    figures: {
      orders: row.orders,
      grossRevenue: gross,
      refunds: row.refunds,
      refunded,
      cancellations: row.cancellations,
      cancelled,
      netRevenue: gross - refunded - cancelled,
    },
  };
}

async function report<T>(path: string, query: Record<string, string>): Promise<T> {
  const answer = await app.inject({
    url: `/api/reports/${path}?${new URLSearchParams({ site: SITE, ...query })}`,
    headers: { authorization: `Bearer ${token}` },
  });
  expect(answer.statusCode, answer.body).toBe(200);
  return answer.json() as T;
}

describe('the net revenue ledger', () => {
  it("gives each shop day's net revenue, gross, refunds and cancellations as PostgreSQL sums them, to the cent", async () => {
    const days = ['2026-03-28', '2026-03-29', '2026-03-30', '2026-10-24', '2026-10-25', '2026-10-26'];
    let nonEmpty = 0;
    for (const day of days) {
      const truth = await postgresDay(day);
      const hours = (truth.to.getTime() - truth.from.getTime()) / 3_600_000;
      if (day === '2026-03-29') expect(hours).toBe(23);
      if (day === '2026-10-25') expect(hours).toBe(25);
      const overview = await report<OverviewReport>('overview', {
        from: truth.from.toISOString(),
        to: truth.to.toISOString(),
      });
      expect({ day, ...overview.current }, day).toMatchObject({ day, ...truth.figures });
      if (truth.figures.orders > 0) nonEmpty++;
    }
    // The edges put orders on both sides of each midnight; the random ones fill the weekends.
    expect(nonEmpty).toBe(days.length);
  }, 120_000);

  it('gives the same for days of a half-hour zone and of a zone west of UTC (minute and hour buckets)', async () => {
    for (const zone of ['Asia/Kolkata', 'America/Los_Angeles']) {
      for (const day of ['2026-03-29', '2026-10-25']) {
        const truth = await postgresDay(day, zone);
        const overview = await report<OverviewReport>('overview', {
          from: truth.from.toISOString(),
          to: truth.to.toISOString(),
        });
        expect({ zone, day, ...overview.current }).toMatchObject({ zone, day, ...truth.figures });
      }
    }
  }, 120_000);

  it('says since when a site has data, and that a fresh site has none', async () => {
    const range = { from: '2026-03-29T00:00:00Z', to: '2026-03-30T00:00:00Z' };
    const known = await report<OverviewReport>('overview', range);
    expect(known.dataSince).toBe('2026-03-28T00:00:00.000Z');
    const fresh = await report<OverviewReport>('overview', { ...range, site: `fresh-${Date.now()}` });
    expect(fresh.dataSince).toBeNull();
    expect(fresh.current).toMatchObject({ events: 0, netRevenue: 0, grossRevenue: 0 });
  });

  it("puts the same figures on each point of the daily series in the shop's zone", async () => {
    const series = await report<TimeseriesReport>('timeseries', {
      from: '2026-10-23T00:00:00Z',
      to: '2026-10-27T00:00:00Z',
      granularity: 'day',
    });
    expect(series.tz).toBe(TIME_ZONE);
    for (const point of series.points.filter((p) => p.label >= '2026-10-24' && p.label <= '2026-10-26')) {
      const truth = await postgresDay(point.label);
      expect(point.t).toBe(truth.from.toISOString());
      expect({ day: point.label, ...point }).toMatchObject({
        day: point.label,
        orders: truth.figures.orders,
        grossRevenue: truth.figures.grossRevenue,
        refunded: truth.figures.refunded,
        cancelled: truth.figures.cancelled,
        netRevenue: truth.figures.netRevenue,
      });
    }
  });

  it("shows today's net and gross revenue on Live as PostgreSQL sums the shop's today", async () => {
    const messages: LiveMessage[] = [];
    const socket = await app.injectWS(
      `/ws?site=${SITE}&token=${token}`,
      {},
      {
        onInit: (ws) => ws.on('message', (data: Buffer) => messages.push(JSON.parse(String(data)))),
      },
    );
    try {
      const message = await waitFor(
        async () => messages.at(-1),
        (m) => m !== undefined && m.todayStartedAt !== '',
        5000,
      );
      // The shop's today is the day of the instant Live counts from, as PostgreSQL reads it in the zone.
      const { rows } = await sql.query<{ today: string }>(
        'select (($1::timestamptz) at time zone $2)::date::text as today',
        [message!.todayStartedAt, TIME_ZONE],
      );
      const truth = await postgresDay(rows[0]!.today);
      expect(truth.figures.orders).toBeGreaterThan(0);
      expect(message!.todayStartedAt).toBe(truth.from.toISOString());
      expect({
        net: message!.netRevenueToday,
        gross: message!.grossRevenueToday,
        orders: message!.ordersToday,
      }).toEqual({
        net: truth.figures.netRevenue,
        gross: truth.figures.grossRevenue,
        orders: truth.figures.orders,
      });
    } finally {
      socket.terminate();
    }
  });
});
