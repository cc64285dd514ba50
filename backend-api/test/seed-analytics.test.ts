import type { OverviewReport } from '@shopstream/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../src/db/seed';
import {
  type AnalyticsApp,
  buildAnalytics,
  isolatedConfig,
  removeIsolated,
  SERVER_KEY,
  SITE,
  staffToken,
} from './support/analytics-service';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * A fresh install: the demo seed, then backend-api's outbox relay delivering to the real analytics service.
 * The dashboard's revenue must then agree with PostgreSQL's orders to the cent.
 */
const analyticsConfig = isolatedConfig();
let analytics: AnalyticsApp;
let analyticsUrl = '';
let ctx: TestApp;

beforeAll(async () => {
  analytics = await buildAnalytics(analyticsConfig);
  await analytics.ready();
  analyticsUrl = await analytics.listen({ port: 0, host: '127.0.0.1' });
  ctx = await startTestApp({
    ANALYTICS_URL: analyticsUrl,
    ANALYTICS_SERVER_KEY: SERVER_KEY,
    ANALYTICS_SITE: SITE,
    OUTBOX_RELAY_ENABLED: 'true',
    OUTBOX_POLL_INTERVAL_MS: '50',
  });
  await seed(ctx.databaseUrl, { print: () => {}, allowPrintingGeneratedPassword: false });
}, 120_000);
afterAll(async () => {
  await ctx?.close();
  await analytics?.close();
  await removeIsolated(analyticsConfig);
});

describe('the demo seed in analytics', () => {
  it("sends its orders through the outbox, so the dashboard's net revenue equals PostgreSQL's", async () => {
    const undelivered = async () =>
      Number(
        (await ctx.sql.query('select count(*)::int as n from outbox where delivered_at is null')).rows[0].n,
      );
    const { rows: outboxRows } = await ctx.sql.query('select count(*)::int as n from outbox');
    expect(outboxRows[0].n).toBeGreaterThan(0);
    await expect.poll(undelivered, { timeout: 30_000, interval: 100 }).toBe(0);
    // PostgreSQL: what the shop kept of every paid order (cancelled and refunded ones gave it all back).
    const { rows } = await ctx.sql.query(
      `select coalesce(sum(total) filter (where paid_at is not null), 0)::bigint as gross,
              coalesce(sum(total) filter (where paid_at is not null and status not in ('cancelled', 'refunded')), 0)::bigint as net,
              (count(*) filter (where paid_at is not null))::int as orders,
              (count(*) filter (where status = 'refunded'))::int as refunds,
              (count(*) filter (where status = 'cancelled'))::int as cancellations,
              min(paid_at) as first
         from orders`,
    );
    const truth = rows[0];
    expect(truth.refunds).toBeGreaterThan(0);
    expect(truth.cancellations).toBeGreaterThan(0);
    const token = await staffToken(analyticsConfig);
    const to = new Date(Math.ceil(Date.now() / 86_400_000) * 86_400_000 + 86_400_000);
    const from = new Date(Math.floor(new Date(truth.first).getTime() / 86_400_000) * 86_400_000 - 86_400_000);
    const overview = async () => {
      const answer = await fetch(
        `${analyticsUrl}/api/reports/overview?${new URLSearchParams({ site: SITE, from: from.toISOString(), to: to.toISOString() })}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      expect(answer.status).toBe(200);
      return (await answer.json()) as OverviewReport;
    };
    await expect
      .poll(async () => (await overview()).current.orders, { timeout: 30_000, interval: 250 })
      .toBe(truth.orders);
    expect((await overview()).current).toMatchObject({
      orders: truth.orders,
      grossRevenue: Number(truth.gross),
      netRevenue: Number(truth.net),
      refunds: truth.refunds,
      cancellations: truth.cancellations,
    });
  });
});
