import { randomBytes } from 'node:crypto';
import type { APIRequestContext, BrowserContext } from '@playwright/test';
import { expect, test } from '../support/console-guard';
import { screenshot } from '../support/screenshots';

/**
 * The dashboard's ledger and its fixes (issue 18, points 6-8): orders, a partial refund and a cancellation
 * sent as backend-api sends them (server key), Live's latest orders newest first, the two-axis traffic
 * chart with the previous period laid over it, the date picker inside the viewport at 1280 px and on a
 * phone, and the empty state of a site that has no data yet. The journey's data goes to `e2e-shop` with
 * ids of its own, so earlier runs and other journeys on the same day change nothing it checks.
 */
const DASHBOARD = 'http://localhost:3003';
const API = 'http://localhost:5005';
const ANALYTICS = 'http://localhost:8080';
const SITE = 'e2e-shop';
const SITE_WRITE_KEY = 'e2e-shop-write-key';
/** analytics-service's development server key: what backend-api's outbox relay sends in development. */
const SERVER_KEY = process.env.ANALYTICS_SERVER_KEY ?? 'dev-only-analytics-server-key';
const STAFF = { email: 'staff@shopstream.dev', password: 'staff-demo-password' };
const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

async function signInThroughApi(context: BrowserContext) {
  const response = await context.request.post(`${API}/auth/login`, { data: STAFF });
  expect(response.status(), await response.text()).toBe(200);
}

async function sendServerEvents(request: APIRequestContext, batch: object[]) {
  const response = await request.post(`${ANALYTICS}/api/events`, {
    headers: { authorization: `Bearer ${SERVER_KEY}`, 'x-analytics-site': SITE },
    data: { batch },
  });
  expect(response.status(), await response.text()).toBe(202);
  expect((await response.json()).accepted).toBe(batch.length);
}

const run = `ledger-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

function order(suffix: string, total: number, at: string) {
  const orderId = `${run}-${suffix}`;
  return {
    id: `order.paid:${orderId}`,
    type: 'track',
    event: 'Order Completed',
    timestamp: at,
    anonymousId: `order-${orderId}`,
    properties: {
      order_id: orderId,
      total,
      currency: 'EUR',
      products: [{ product_id: `${run}-mug`, name: 'Ledger mug', price: total, quantity: 1 }],
    },
  };
}

test.describe('the analytics ledger and the dashboard fixes', () => {
  test("Live lists the latest orders newest first and counts today's net revenue", async ({
    page,
    request,
  }) => {
    await signInThroughApi(page.context());
    await page.goto(`${DASHBOARD}/live?site=${SITE}`);
    await expect(page.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible();
    await expect(page.getByTestId('live-net-revenue')).toBeVisible();
    const netBefore = Number(await page.getByTestId('live-net-revenue').getAttribute('data-value'));
    // Sent out of time order, as late outbox deliveries and several ingest instances make them arrive.
    await sendServerEvents(request, [
      order('a', 2500, ago(30)),
      order('c', 4000, ago(2)),
      order('b', 1500, ago(15)),
    ]);
    await sendServerEvents(request, [
      {
        id: `order.refunded:${run}-a-r1`,
        type: 'track',
        event: 'Order Refunded',
        timestamp: ago(1),
        anonymousId: `order-${run}-a`,
        properties: {
          order_id: `${run}-a`,
          refund_id: `${run}-a-r1`,
          total: 700,
          currency: 'EUR',
          reason: 'damaged',
        },
      },
      {
        id: `order.cancelled:${run}-b`,
        type: 'track',
        event: 'Order Cancelled',
        timestamp: ago(1),
        anonymousId: `order-${run}-b`,
        properties: { order_id: `${run}-b`, total: 1500, currency: 'EUR' },
      },
    ]);
    const ticker = page.getByRole('list', { name: 'Latest orders' });
    await expect(ticker.getByText(`${run}-c`)).toBeVisible();
    const ours = async () =>
      (await ticker.getByRole('listitem').allTextContents())
        .map((text) => text.match(new RegExp(`${run}-([abc])`))?.[1])
        .filter(Boolean);
    await expect.poll(ours).toEqual(['c', 'b', 'a']);
    // Every order of the list, whoever sent it, is in time order.
    const times = await ticker
      .locator('time')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('datetime') ?? ''));
    expect(times).toEqual([...times].sort().reverse());
    // 2500 + 4000 + 1500 paid, 700 refunded, 1500 cancelled: 5800 net more than before.
    await expect
      .poll(async () => Number(await page.getByTestId('live-net-revenue').getAttribute('data-value')), {
        timeout: 15_000,
      })
      .toBe(netBefore + 5800);
    // Twelve pages viewed now, one visitor each: ten are listed, the others are one line, not lost.
    const views = Array.from({ length: 12 }, (_, i) => ({
      type: 'page',
      anonymousId: `${run}-reader-${i}`,
      page: { url: `https://shop.example/${run}/page-${i}`, path: `/${run}/page-${i}` },
    }));
    const viewed = await request.post(`${ANALYTICS}/api/events`, {
      headers: { 'x-write-key': SITE_WRITE_KEY, 'user-agent': BROWSER_UA },
      data: { batch: views },
    });
    expect(viewed.status(), await viewed.text()).toBe(202);
    const others = page.getByTestId('other-pages');
    await expect(others).toContainText(/^\d+ other pages/);
    expect(Number((await others.textContent())?.match(/^(\d+)/)?.[1])).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'analytics-live-latest-orders');
  });

  test('the traffic chart has visitors on an axis of their own and the previous period laid over it', async ({
    page,
    request,
  }) => {
    // Five visitors, six pageviews each: events outnumber visitors, which on one axis flattened them to zero.
    const events = [];
    for (let visitor = 0; visitor < 5; visitor++) {
      for (let view = 0; view < 6; view++) {
        events.push({
          type: 'page',
          anonymousId: `${run}-visitor-${visitor}`,
          sessionId: `${run}-session-${visitor}`,
          page: { url: `https://shop.example/p/${view}`, path: `/p/${view}` },
        });
      }
    }
    const response = await request.post(`${ANALYTICS}/api/events`, {
      headers: { 'x-write-key': SITE_WRITE_KEY, 'user-agent': BROWSER_UA },
      data: { batch: events },
    });
    expect(response.status(), await response.text()).toBe(202);

    await signInThroughApi(page.context());
    await page.goto(`${DASHBOARD}/overview?range=last7&site=${SITE}`);
    const traffic = page.locator('section.panel', { has: page.getByRole('heading', { name: 'Traffic' }) });
    const chart = traffic.getByRole('img', {
      name: /Visitors \(left axis\), pageviews and events \(right axis\)/,
    });
    await expect(chart).toBeVisible();
    // uPlot draws one element per axis: time, visitors on the left, pageviews and events on the right.
    await expect(chart.locator('.u-axis')).toHaveCount(3);
    await expect(traffic.locator('.u-legend')).toContainText('Visitors, previous period');
    const revenue = page.locator('section.panel', {
      has: page.getByRole('heading', { name: 'Net revenue and orders' }),
    });
    await expect(revenue.locator('.u-legend')).toContainText('Net revenue, previous period');
    await expect(page.locator('.kpi', { hasText: 'Net revenue' }).locator('.kpi-detail')).toContainText(
      'gross',
    );
    await traffic.scrollIntoViewIfNeeded();
    await screenshot(page, 'analytics-overview-two-axes');

    await page.getByRole('link', { name: 'Sales' }).click();
    const ledger = page.getByTestId('ledger');
    for (const label of ['Net revenue', 'Gross revenue', 'Refunded', 'Cancelled']) {
      await expect(ledger.locator('.kpi-label', { hasText: new RegExp(`^${label}$`) })).toBeVisible();
    }
    await screenshot(page, 'analytics-sales-ledger');
  });

  test('the custom date picker fits the viewport at 1280 px, Mondays clickable, and on a phone', async ({
    page,
  }) => {
    await signInThroughApi(page.context());
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${DASHBOARD}/overview?range=last7&site=${SITE}`);
    await page.getByRole('button', { name: 'Custom range…' }).click();
    const picker = page.getByRole('dialog', { name: 'Choose a date range' });
    await expect(picker).toBeVisible();
    const box = (await picker.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
    // Two months, and every Monday of them can be clicked (not covered, not off screen).
    await expect(picker.locator('.rdp-month')).toHaveCount(2);
    const mondays = picker.getByRole('button', { name: /^Monday/ });
    expect(await mondays.count()).toBeGreaterThanOrEqual(8);
    await screenshot(page, 'analytics-date-picker-1280');
    await mondays.first().click();
    await mondays.nth(1).click();
    await picker.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/range=custom/);
    // Both clicked days were Mondays: the range runs from one Monday to the next.
    const url = new URL(page.url());
    const weekday = (day: string | null) => new Date(`${day}T12:00:00Z`).getUTCDay();
    expect([weekday(url.searchParams.get('from')), weekday(url.searchParams.get('to'))]).toEqual([1, 1]);
    await expect(picker).toBeHidden();

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Custom range…' }).click();
    await expect(picker).toBeVisible();
    const phone = (await picker.boundingBox())!;
    expect(phone.x).toBeGreaterThanOrEqual(0);
    expect(phone.x + phone.width).toBeLessThanOrEqual(390);
    await expect(picker.locator('.rdp-month')).toHaveCount(1);
    await picker
      .getByRole('button', { name: /^Monday/ })
      .first()
      .click();
    await screenshot(page, 'analytics-date-picker-phone');
  });

  test('a site without data explains itself and offers the simulator command', async ({ page }) => {
    await signInThroughApi(page.context());
    await page.goto(`${DASHBOARD}/overview?range=last7&site=${run}-fresh`);
    const empty = page.getByTestId('empty-state-fresh');
    await expect(empty).toBeVisible();
    await expect(empty).toContainText('No data yet');
    await expect(empty.locator('code')).toHaveText(
      'npm run simulate -w analytics-service -- --sessions 500 --days 7',
    );
    // No zeros and no "No change" in place of figures.
    await expect(page.locator('.kpi')).toHaveCount(0);
    await expect(page.getByText('No change')).toHaveCount(0);
    await screenshot(page, 'analytics-empty-state');
  });

  test('a range before the site has data says so instead of showing zeros', async ({ page }) => {
    await signInThroughApi(page.context());
    await page.goto(`${DASHBOARD}/overview?range=custom&from=2020-01-06&to=2020-01-12&site=${SITE}`);
    const empty = page.getByTestId('empty-state-range');
    await expect(empty).toBeVisible();
    await expect(empty).toContainText('No data in this period');
    await expect(page.locator('.kpi')).toHaveCount(0);
  });
});
