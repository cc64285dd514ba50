import { randomBytes } from 'node:crypto';
import type {
  BreakdownReport,
  EventInput,
  OverviewReport,
  ProductsReport,
  TimeseriesReport,
} from '@shopstream/contracts';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_UA,
  isolatedConfig,
  removeIsolated,
  SERVER_KEY,
  SITE,
  staffToken,
  storedAndAggregated,
  WRITE_KEY,
  waitFor,
} from '../../../test/support/environment';
import { buildApp } from '../../app';

/**
 * Shop days of zones whose midnight is not on a UTC hour (UTC+5:30, +5:45, −3:30/−2:30, +9:30/+10:30),
 * through the real pipeline and the MongoDB-compatible store, against PostgreSQL's own day boundaries and
 * sums (`at time zone`): pageviews and orders, refunds and cancellations at 23:50 and 00:10 local around
 * every midnight, so a point that took the neighbouring day's part hour would be off.
 */
const ZONES = [
  { zone: 'Asia/Kolkata', days: ['2026-03-07', '2026-03-08', '2026-03-09'] },
  { zone: 'Asia/Kathmandu', days: ['2026-03-07', '2026-03-08', '2026-03-09'] },
  // Summer time from 2026-03-08 02:00: a 23-hour day.
  { zone: 'America/St_Johns', days: ['2026-03-07', '2026-03-08', '2026-03-09'] },
  // Summer time ends 2026-04-05 03:00: a 25-hour day.
  { zone: 'Australia/Adelaide', days: ['2026-04-04', '2026-04-05', '2026-04-06'] },
];
const SERVER_URL =
  process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://ecommerce:ecommerce_secret@127.0.0.1:5432';
const database = `local_days_test_${randomBytes(5).toString('hex')}`;
const config = isolatedConfig();
const app = await buildApp(config, { role: 'all' });
const mongo = new MongoClient(config.MONGODB_URI);
const run = `tz${Date.now()}`;
let sql: pg.Client;
let token = '';

type Kind = 'page' | 'paid' | 'refunded' | 'cancelled';
const ledger: Array<{ kind: Kind; amount: number; at: Date; visitor: string }> = [];
const events: EventInput[] = [];

/** A page view and a paid order at an instant, some refunded in part or cancelled at a later instant. */
function play(instants: Date[]) {
  instants.sort((a, b) => a.getTime() - b.getTime());
  instants.forEach((paidAt, i) => {
    const orderId = `${run}-${i}`;
    const visitor = `v-${run}-${i % 5}`;
    events.push({
      id: `page:${orderId}`,
      type: 'page',
      timestamp: paidAt.toISOString(),
      anonymousId: visitor,
      page: { path: `/p/${i % 3}`, url: `https://shop.example/p/${i % 3}` },
    });
    ledger.push({ kind: 'page', amount: 0, at: paidAt, visitor });
    const total = 1000 + 37 * i;
    events.push({
      id: `order.paid:${orderId}`,
      type: 'track',
      event: 'Order Completed',
      timestamp: paidAt.toISOString(),
      anonymousId: visitor,
      properties: {
        order_id: orderId,
        total,
        revenue: total,
        currency: 'EUR',
        products: [{ product_id: 'p-edge', price: total, quantity: 1, currency: 'EUR' }],
      },
    });
    ledger.push({ kind: 'paid', amount: total, at: paidAt, visitor });
    const later = instants[i + 1 + (i % 2)];
    if (!later) return;
    let left = total;
    if (i % 3 === 0) {
      const amount = 100 + i;
      left -= amount;
      events.push({
        id: `order.refunded:${orderId}-r`,
        type: 'track',
        event: 'Order Refunded',
        timestamp: later.toISOString(),
        anonymousId: visitor,
        properties: {
          order_id: orderId,
          refund_id: `${orderId}-r`,
          total: amount,
          currency: 'EUR',
          products: [],
        },
      });
      ledger.push({ kind: 'refunded', amount, at: later, visitor });
    }
    if (i % 4 === 1) {
      events.push({
        id: `order.cancelled:${orderId}`,
        type: 'track',
        event: 'Order Cancelled',
        timestamp: later.toISOString(),
        anonymousId: visitor,
        properties: { order_id: orderId, total: left, currency: 'EUR', products: [] },
      });
      ledger.push({ kind: 'cancelled', amount: left, at: later, visitor });
    }
  });
}

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: `${SERVER_URL}/ecommerce_db` });
  await admin.connect();
  await admin.query(`create database ${database}`);
  await admin.end();
  sql = new pg.Client({ connectionString: `${SERVER_URL}/${database}` });
  await sql.connect();
  // 23:50 and 00:10 local around every midnight of each zone's days, and noon: as PostgreSQL places them.
  const instants: Date[] = [];
  for (const { zone, days } of ZONES) {
    const midnights = [...days, nextDay(days.at(-1)!)];
    const { rows } = await sql.query<{ at: Date }>(
      `select (d::date::timestamp + o) at time zone $2 as at
         from unnest($1::text[]) d, unnest(array[interval '-10 minutes', interval '10 minutes', interval '12 hours']) o`,
      [midnights, zone],
    );
    instants.push(...rows.map((r) => r.at));
  }
  play(instants);
  await sql.query(
    `create table ledger (kind text not null check (kind in ('page', 'paid', 'refunded', 'cancelled')), amount bigint not null, at timestamptz not null, visitor text not null)`,
  );
  for (const entry of ledger) {
    await sql.query('insert into ledger (kind, amount, at, visitor) values ($1, $2, $3, $4)', [
      entry.kind,
      entry.amount,
      entry.at,
      entry.visitor,
    ]);
  }
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
    90_000,
  );
}, 150_000);
afterAll(async () => {
  await app.close();
  await mongo.close();
  await sql?.end();
  const admin = new pg.Client({ connectionString: `${SERVER_URL}/ecommerce_db` });
  await admin.connect();
  await admin.query(`drop database if exists ${database} with (force)`);
  await admin.end();
  await removeIsolated(config);
});

function nextDay(day: string) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** PostgreSQL's sums of the ledger over [from, to). */
async function sums(from: Date, to: Date) {
  const { rows } = await sql.query<Record<string, string>>(
    `select count(*) filter (where kind = 'page') as pageviews,
            count(*) as events,
            count(*) filter (where kind = 'paid') as orders,
            coalesce(sum(amount) filter (where kind = 'paid'), 0) as gross,
            coalesce(sum(amount) filter (where kind = 'refunded'), 0) as refunded,
            coalesce(sum(amount) filter (where kind = 'cancelled'), 0) as cancelled
       from ledger where at >= $1 and at < $2`,
    [from, to],
  );
  const row = Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)]));
  return {
    pageviews: row.pageviews!,
    events: row.events!,
    orders: row.orders!,
    grossRevenue: row.gross!,
    refunded: row.refunded!,
    cancelled: row.cancelled!,
    netRevenue: row.gross! - row.refunded! - row.cancelled!,
  };
}

/** PostgreSQL's bounds of a shop day (its midnights in the zone) and the ledger's sums over it. */
async function postgresDay(day: string, zone: string) {
  const { rows } = await sql.query<{ from: Date; to: Date }>(
    `select ($1::date::timestamp at time zone $2) as "from", (($1::date + 1)::timestamp at time zone $2) as "to"`,
    [day, zone],
  );
  const { from, to } = rows[0]!;
  return { from, to, figures: await sums(from, to) };
}

async function report<T>(path: string, query: Record<string, string>): Promise<T> {
  const answer = await app.inject({
    url: `/api/reports/${path}?${new URLSearchParams({ site: SITE, ...query })}`,
    headers: { authorization: `Bearer ${token}` },
  });
  expect(answer.statusCode, answer.body).toBe(200);
  return answer.json() as T;
}

const FIGURES = [
  'pageviews',
  'events',
  'orders',
  'grossRevenue',
  'refunded',
  'cancelled',
  'netRevenue',
] as const;
const pick = (o: Record<(typeof FIGURES)[number], number>) =>
  Object.fromEntries(FIGURES.map((f) => [f, o[f]]));

describe('shop days in zones whose midnight is not on a UTC hour', () => {
  it('stores every event played', () => {
    expect(events.length).toBe(ledger.length);
  });

  for (const { zone, days } of ZONES) {
    it(`gives each ${zone} day's point the day's overview and PostgreSQL's sums, and the points add up to the range`, async () => {
      const truths = await Promise.all(days.map((day) => postgresDay(day, zone)));
      const from = truths[0]!.from;
      const to = truths.at(-1)!.to;
      const series = await report<TimeseriesReport>('timeseries', {
        from: from.toISOString(),
        to: to.toISOString(),
        granularity: 'day',
        tz: zone,
      });
      expect(series.points.map((p) => p.label)).toEqual(days);
      for (const [i, point] of series.points.entries()) {
        const truth = truths[i]!;
        const day = days[i]!;
        expect(point.t).toBe(truth.from.toISOString());
        // Both sides of each midnight carry orders: a part hour taken from the neighbouring day would show.
        expect(truth.figures.orders).toBeGreaterThanOrEqual(3);
        expect({ zone, day, ...pick(point) }).toEqual({ zone, day, ...truth.figures });
        const overview = await report<OverviewReport>('overview', {
          from: truth.from.toISOString(),
          to: truth.to.toISOString(),
        });
        expect({ zone, day, ...pick(overview.current), visitors: overview.current.visitors }).toEqual({
          zone,
          day,
          ...truth.figures,
          visitors: point.visitors,
        });
      }
      const range = await report<OverviewReport>('overview', {
        from: from.toISOString(),
        to: to.toISOString(),
      });
      const added = Object.fromEntries(
        FIGURES.map((f) => [f, series.points.reduce((sum, p) => sum + p[f], 0)]),
      );
      expect(added).toEqual(pick(range.current));
      expect(added).toEqual(await sums(from, to));
      if (zone === 'America/St_Johns')
        expect(truths[1]!.to.getTime() - truths[1]!.from.getTime()).toBe(23 * 3_600_000);
      if (zone === 'Australia/Adelaide')
        expect(truths[1]!.to.getTime() - truths[1]!.from.getTime()).toBe(25 * 3_600_000);
    }, 60_000);
  }

  it("counts a day's browser visitors once per hour the day touches, as its overview does", async () => {
    // Browser clocks are believed for 30 days: a Kolkata day of last week.
    const day = new Date(Date.now() - 8 * 86_400_000).toISOString().slice(0, 10);
    const { rows: instants } = await sql.query<{ at: Date }>(
      `select (d::date::timestamp + o) at time zone 'Asia/Kolkata' as at
         from unnest(array[$1::date, $1::date + 1]) d,
              unnest(array[interval '-10 minutes', interval '10 minutes', interval '12 hours']) o`,
      [day],
    );
    await sql.query('create table visits (at timestamptz not null, ip text not null)');
    const views = instants.flatMap(({ at }, i) =>
      [0, 1, 2].map((n) => ({ at, ip: `10.0.${i % 2}.${n + (i % 3)}` })),
    );
    for (const [n, view] of views.entries()) {
      await sql.query('insert into visits (at, ip) values ($1, $2)', [view.at, view.ip]);
      const answer = await app.inject({
        method: 'POST',
        url: '/api/events',
        headers: { 'x-write-key': WRITE_KEY, 'user-agent': BROWSER_UA, 'x-forwarded-for': view.ip },
        payload: {
          id: `visit-${run}-${n}`,
          type: 'page',
          timestamp: view.at.toISOString(),
          page: { path: '/visit', url: 'https://shop.example/visit' },
        },
      });
      expect(answer.statusCode, answer.body).toBe(202);
      expect(answer.json().accepted, answer.body).toBe(1);
    }
    await waitFor(
      () => storedAndAggregated(mongo.db()),
      (n) => n === events.length + views.length,
      90_000,
    );
    const truth = await postgresDay(day, 'Asia/Kolkata');
    const range = { from: truth.from.toISOString(), to: truth.to.toISOString() };
    const [point] = (
      await report<TimeseriesReport>('timeseries', { ...range, granularity: 'day', tz: 'Asia/Kolkata' })
    ).points;
    const overview = await report<OverviewReport>('overview', range);
    // Each address once per UTC hour, over every hour the day touches (18:00 before its midnight to 19:00).
    const hour = 3_600_000;
    const { rows } = await sql.query<{ visitors: string; exact: string }>(
      `select (select count(*) from (select distinct date_trunc('hour', at), ip from visits
                                      where at >= $1 and at < $2) hours) as visitors,
              (select count(distinct ip) from visits where at >= $3 and at < $4) as exact`,
      [
        new Date(Math.floor(truth.from.getTime() / hour) * hour),
        new Date(Math.ceil(truth.to.getTime() / hour) * hour),
        truth.from,
        truth.to,
      ],
    );
    const expected = Number(rows[0]!.visitors);
    // The hours at both midnights hold the neighbouring days' visitors too: more than the day's own.
    expect(expected).toBeGreaterThan(Number(rows[0]!.exact));
    expect({ point: point!.visitors, overview: overview.current.visitors }).toEqual({
      point: expected,
      overview: expected,
    });
    expect(point!.pageviews).toBe(views.filter((v) => v.at >= truth.from && v.at < truth.to).length);
  }, 120_000);

  it('widens breakdowns to the whole UTC hours a day of a half-hour zone touches', async () => {
    const truth = await postgresDay('2026-03-08', 'Asia/Kolkata');
    const range = { from: truth.from.toISOString(), to: truth.to.toISOString() };
    const hour = 3_600_000;
    const widened = await sums(
      new Date(Math.floor(truth.from.getTime() / hour) * hour),
      new Date(Math.ceil(truth.to.getTime() / hour) * hour),
    );
    // The neighbouring days' 23:50 and 00:10 are inside the widened hours: the two differ.
    expect(widened.orders).toBeGreaterThan(truth.figures.orders);
    const products = await report<ProductsReport>('products', range);
    expect(products.rows.find((r) => r.productId === 'p-edge')).toMatchObject({
      purchases: widened.orders,
      grossRevenue: widened.grossRevenue,
    });
    const pages = await report<BreakdownReport>('breakdown/page', { ...range, limit: '100' });
    expect(pages.rows.reduce((sum, r) => sum + r.pageviews, 0)).toBe(widened.pageviews);
  });
});
