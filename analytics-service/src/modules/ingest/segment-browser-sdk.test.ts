import type { AddressInfo } from 'node:net';
import type { FunnelReport, OverviewReport, ProductsReport } from '@shopstream/contracts';
import { build } from 'esbuild';
import { MongoClient } from 'mongodb';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isolatedConfig,
  removeIsolated,
  SITE,
  staffToken,
  WRITE_KEY,
  waitFor,
} from '../../../test/support/environment';
import { buildApp } from '../../app';

/*
 * The official @segment/analytics-next, as published and unchanged (bundled as a shop's build would),
 * in Chromium through Playwright, with the analytics service as its API host and its settings inline
 * (`cdnSettings`), so nothing loads from outside. It lives here rather than in e2e/ because it needs only
 * this service, on its own database and queues, and this service's test support (staff tokens, isolation).
 */

const SHOP = 'http://shop.test';
const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const config = isolatedConfig({ ANALYTICS_RATE_LIMIT: '5000', CORS_ORIGINS: SHOP });
const app = await buildApp(config, { role: 'all' });
const mongo = new MongoClient(config.MONGODB_URI);
const DAY = 86_400_000;
let apiHost = '';
let token = '';
let browser: Browser;
let bundle = '';

/** What the test calls of analytics-next's AnalyticsBrowser (the page has no types of its own). */
interface Sdk {
  page(category: string, name: string, properties: object): Promise<unknown>;
  screen(category: string, name: string): Promise<unknown>;
  track(event: string, properties: object): Promise<unknown>;
  identify(userId: string, traits: object): Promise<unknown>;
  group(groupId: string, traits: object): Promise<unknown>;
  alias(userId: string): Promise<unknown>;
  user(): Promise<{ anonymousId(): string }>;
  on(event: 'error', handler: (error: unknown) => void): void;
}

interface Reports {
  overview: OverviewReport;
  funnel: FunnelReport;
  products: ProductsReport;
}
const report = async <P extends keyof Reports>(path: P, from: Date, to: Date): Promise<Reports[P]> => {
  const search = new URLSearchParams({ site: SITE, from: from.toISOString(), to: to.toISOString() });
  const response = await fetch(`http://${apiHost}/api/reports/${path}?${search}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Reports[P];
};

beforeAll(async () => {
  await app.listen({ port: 0, host: '127.0.0.1' });
  apiHost = `127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  token = await staffToken(config);
  const built = await build({
    stdin: {
      contents:
        "import { AnalyticsBrowser } from '@segment/analytics-next'; window.AnalyticsBrowser = AnalyticsBrowser;",
      resolveDir: import.meta.dirname,
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
  });
  bundle = built.outputFiles[0]!.text;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      // The shop's page is fulfilled by the test under a public name while the service listens on loopback:
      // Chromium's private network checks would block what, deployed, is a public host to a public host.
      '--disable-features=BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights,LocalNetworkAccessChecks',
    ],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app.close();
  await mongo.close();
  await removeIsolated(config);
});

/** One shopper's browser: its own context (storage, so its own anonymousId), the SDK loaded on the shop's page. */
async function shopperPage(outside: string[], sdkErrors: string[]) {
  // A shopper's Chrome: headless Chromium names itself HeadlessChrome, which is rightly filtered as a bot.
  const context = await browser.newContext({ userAgent: CHROME });
  const page = await context.newPage();
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === `${SHOP}/`)
      return route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><title>Shop</title><script src="/sdk.js"></script><h1>Shop</h1>',
      });
    if (url === `${SHOP}/sdk.js`) return route.fulfill({ contentType: 'text/javascript', body: bundle });
    if (url.startsWith(`http://${apiHost}/`)) return route.continue();
    outside.push(url);
    return route.abort();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') sdkErrors.push(message.text());
  });
  page.on('pageerror', (error) => sdkErrors.push(error.message));
  await page.goto(`${SHOP}/`);
  await page.evaluate(
    async ({ writeKey, apiHost }) => {
      const w = globalThis as unknown as {
        AnalyticsBrowser: { load: (settings: unknown, options: unknown) => Sdk };
        analytics: Sdk;
        sdkErrors: string[];
      };
      w.sdkErrors = [];
      w.analytics = w.AnalyticsBrowser.load(
        {
          writeKey,
          // As in the README's snippet.
          cdnSettings: { integrations: { 'Segment.io': { apiKey: writeKey } } },
        },
        {
          integrations: { 'Segment.io': { apiHost: `${apiHost}/v1`, protocol: 'http' } },
          initialPageview: false,
        },
      );
      w.analytics.on('error', (error) => w.sdkErrors.push(JSON.stringify(error)));
    },
    { writeKey: WRITE_KEY, apiHost },
  );
  return { context, page };
}

describe('@segment/analytics-next in Chromium against the real service', () => {
  it('counts every figure the browsers send exactly, loads nothing from outside and logs no SDK error', async () => {
    const outside: string[] = [];
    const consoleErrors: string[] = [];
    const today = Math.floor(Date.now() / DAY) * DAY;
    const shoppers = 3;
    const expected = { pageviews: 0, screens: 0, views: 0, adds: 0, checkouts: 0 };
    const anonymousIds = new Set<string>();
    for (let shopper = 0; shopper < shoppers; shopper++) {
      const { context, page } = await shopperPage(outside, consoleErrors);
      const pages = 2 + shopper;
      const checkout = shopper !== 1;
      const result = await page.evaluate(
        async ({ shopper, pages, checkout }) => {
          const w = globalThis as unknown as {
            analytics: Sdk;
            sdkErrors: string[];
          };
          const a = w.analytics;
          for (let i = 0; i < pages; i++) await a.page('Shop', `Page ${i}`, { path: `/p/${i}` });
          await a.screen('App', 'Cart');
          await a.track('Product Viewed', { product_id: `sku-${shopper}`, price: 12.99, currency: 'EUR' });
          await a.track('Product Viewed', { sku: `sku-${shopper}`, price: '12.99' });
          await a.track('Product Added', { product_id: `sku-${shopper}`, quantity: 1 });
          await a.identify(`customer-${shopper}`, { plan: 'gold' });
          if (checkout) {
            await a.track('Checkout Started', { revenue: 12.99 });
            // Counted only with the server key: ignored, answered 200, so the SDK keeps no error.
            await a.track('Order Completed', { order_id: `o-${shopper}`, total: 12.99, currency: 'EUR' });
          }
          await a.group('wholesale', { name: 'Wholesale' });
          await a.alias(`customer-${shopper}-new`);
          const user = await a.user();
          return { anonymousId: user.anonymousId(), errors: w.sdkErrors };
        },
        { shopper, pages, checkout },
      );
      expect(result.errors).toEqual([]);
      anonymousIds.add(result.anonymousId);
      expected.pageviews += pages;
      expected.screens += 1;
      expected.views += 2;
      expected.adds += 1;
      if (checkout) expected.checkouts += 1;
      await context.close();
    }
    expect(anonymousIds.size).toBe(shoppers);
    expect(outside).toEqual([]);
    expect(consoleErrors).toEqual([]);

    const range = [new Date(today), new Date(today + DAY)] as const;
    const kpis = await waitFor(
      async () => (await report('overview', ...range)).current,
      (current) => current.pageviews === expected.pageviews && current.screens === expected.screens,
      30_000,
    );
    // analytics.js sends no session id: each shopper's day is one session.
    expect(kpis).toMatchObject({ visitors: shoppers, sessions: shoppers, orders: 0 });
    const funnel = await report('funnel', ...range);
    // By visitor: every shopper viewed and added, those who checked out started a checkout.
    expect(funnel.steps.map((s) => s.count)).toEqual([shoppers, shoppers, expected.checkouts, 0]);
    const products = await report('products', ...range);
    for (let shopper = 0; shopper < shoppers; shopper++)
      expect(products.rows.find((r) => r.productId === `sku-${shopper}`)).toMatchObject({
        views: 2,
        adds: 1,
      });
    const stored = await mongo.db().collection('events').find({}).toArray();
    expect(stored.every((event) => event.browser === 'Chrome' || event.browser === 'Chromium')).toBe(true);
  }, 90_000);
});
