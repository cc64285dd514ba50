import { spawn } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from '../support/console-guard';
import { screenshot } from '../support/screenshots';
import { waitAwayFromUtcMidnight } from '../support/utc-day';

/**
 * The analytics dashboard against the real backend-api (sign-in) and analytics-service (reports, /ws),
 * fed by the analytics-service simulator.
 *
 * How the overview is compared with the simulator's ground truth: the simulator plays its sessions on a
 * site of its own, `e2e-shop` (known to analytics-service by default, chosen in the dashboard with
 * `?site=`), so no storefront journey, benchmark or demo traffic lands in the figures. Earlier runs of this
 * journey on the same day do, so the test reads the overview for today first and expects the figures to
 * grow by exactly the ground truth the simulator prints for today. "Today" is the UTC day (the report's
 * time zone is set to UTC in the URL, a feature of the dashboard): the ground truth and its daily unique
 * visitors are per UTC day, and a whole UTC day is read from the daily buckets, whose unique visitors are
 * the ground truth's. Every simulator run has a new seed and run id, so its sessions and visitors are new.
 */
const DASHBOARD = 'http://localhost:3003';
const API = 'http://localhost:5005';
const ANALYTICS = 'http://localhost:8080';
/** The journey's own site (analytics-service's ANALYTICS_SITES has it): no other traffic lands there. */
const SITE = 'e2e-shop';
const SITE_WRITE_KEY = 'e2e-shop-write-key';
const STAFF = { email: 'staff@shopstream.dev', password: 'staff-demo-password' };
const CUSTOMER = { email: 'alice@example.com', password: 'customer-demo-password' };
const analyticsService = new URL('../../analytics-service/', import.meta.url).pathname;

/** The shop's locale and currency, as backend-api serves them to the dashboard (GET /shop/settings). */
let LOCALE = '';
let CURRENCY = '';
/** The live figures rise this soon after the simulator starts sending (the acceptance). */
const RISE_WITHIN_MS = 2_000;
const SCREENS = [
  { path: 'live', label: 'Live', title: 'Live' },
  { path: 'overview', label: 'Overview', title: 'Overview' },
  { path: 'sales', label: 'Sales', title: 'Sales and revenue' },
  { path: 'behaviour', label: 'Behaviour', title: 'Behaviour' },
] as const;

interface DayTruth {
  pageviews: number;
  events: number;
  orders: number;
  revenue: number;
  sessions: number;
  visitors: number;
}
interface SimulatorOutput {
  runId: string;
  acknowledged: number;
  truth: { days: Record<string, DayTruth> };
}

/** Signs in through the API, as every journey but the form's own does; the refresh cookie lands in the context. */
async function signInThroughApi(context: BrowserContext, account = STAFF) {
  const response = await context.request.post(`${API}/auth/login`, { data: account });
  expect(response.status(), await response.text()).toBe(200);
}

async function signInThroughForm(page: Page, account: { email: string; password: string }) {
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const normalise = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

const KPI_LABELS = [
  'Visitors',
  'Sessions',
  'Pageviews',
  'Bounce rate',
  'Avg. session duration',
  'Orders',
  'Net revenue',
  'Conversion rate',
  'Avg. order value',
];

/**
 * The KPI cards of the overview: raw values (data-value) and what is shown. A range without any event shows
 * why instead of cards (the first run of the day on a clean database): then every figure is 0.
 */
async function readKpis(page: Page) {
  const cards = page.locator('.kpi');
  const empty = page.getByTestId(/^empty-state-/);
  await expect(cards.first().or(empty)).toBeVisible();
  if (await empty.isVisible()) {
    return Object.fromEntries(
      [...KPI_LABELS, 'Gross revenue'].map((label) => [label, { value: 0, text: '' }]),
    );
  }
  await expect(cards).toHaveCount(9);
  // Net revenue's line gives the gross it is made from (other journeys refund and cancel on this site).
  const kpis: Record<string, { value: number; text: string }> = {
    'Gross revenue': {
      value: Number(await page.locator('.kpi-detail[data-gross]').getAttribute('data-gross')),
      text: '',
    },
  };
  for (const card of await cards.all()) {
    const label = normalise(await card.locator('.kpi-label').textContent());
    const value = card.locator('.kpi-value');
    kpis[label] = {
      value: Number(await value.getAttribute('data-value')),
      text: normalise(await value.textContent()),
    };
  }
  return kpis;
}

/** Asks every report on the screen again and waits until the answers are in. */
async function refreshReports(page: Page) {
  const refresh = page.getByRole('button', { name: /^Refresh/ });
  await expect(refresh).toBeEnabled();
  await refresh.click();
  await expect(refresh).toHaveText('Refresh');
}

async function liveFigure(page: Page, testId: string) {
  return Number(await page.getByTestId(testId).getAttribute('data-value'));
}

/** Starts `npm run simulate` (analytics-service/tools/simulate/run.ts); resolves `started` when it begins sending. */
function runSimulator(args: string[]) {
  const child = spawn('npx', ['tsx', 'tools/simulate/run.ts', '--url', ANALYTICS, '--json', ...args], {
    cwd: analyticsService,
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  let stdout = '';
  let stderr = '';
  let onStart: (at: number) => void = () => {};
  const started = new Promise<number>((resolve) => {
    onStart = resolve;
  });
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.includes('simulate: ')) onStart(Date.now());
  });
  const finished = new Promise<SimulatorOutput>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`the simulator exited with ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout) as SimulatorOutput);
    });
  });
  return { started, finished, stop: () => child.kill() };
}

const count = (value: number) => new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 }).format(value);
const money = (minor: number) => {
  const format = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: CURRENCY });
  return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
};
const percent = (ratio: number) =>
  new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 2 }).format(ratio);

async function expectNoSeriousAccessibilityViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
  expect(serious, `accessibility violations on ${page.url()}`).toEqual([]);
}

// The journey reads "today (UTC)" of the simulator's last 30 minutes: not in the half hour around midnight.
waitAwayFromUtcMidnight();

test.beforeAll(async ({ request }) => {
  const settings = await (await request.get(`${API}/shop/settings`)).json();
  LOCALE = settings.locale;
  CURRENCY = settings.currency;
});

test.describe('analytics dashboard', () => {
  test('staff sign in, watch the simulator live, and the overview for today grows by its ground truth', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const todayUtc = () => new Date().toISOString().slice(0, 10);

    // The form is what this journey tests: the dashboard sends a signed-out visitor to it, then back.
    await page.goto(`${DASHBOARD}/live?site=${SITE}`);
    await expect(page).toHaveURL(/\/login\?next=%2Flive%3Fsite%3De2e-shop$/);
    await expect(page.getByRole('heading', { name: 'Staff sign-in' })).toBeVisible();
    await screenshot(page, 'analytics-login');
    await expectNoSeriousAccessibilityViolations(page);
    await signInThroughForm(page, STAFF);
    await expect(page).toHaveURL(`${DASHBOARD}/live?site=${SITE}`);
    await expect(page.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible();

    // The overview for today before the run; the pipeline must have caught up first.
    await expect(page.getByText(/^0 events waiting/)).toBeVisible({ timeout: 30_000 });
    const day = todayUtc();
    await page.goto(`${DASHBOARD}/overview?range=today&tz=UTC&site=${SITE}`);
    await expect(page.getByText(`times in UTC · site ${SITE}`)).toBeVisible();
    const before = await readKpis(page);

    // Live: the visitors now and the event rate rise within two seconds of the simulator sending.
    await page.getByRole('link', { name: 'Live' }).click();
    await expect(page).toHaveURL(`${DASHBOARD}/live?site=${SITE}`);
    await expect(page.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible();
    await expect(page.getByTestId('live-visitors')).toBeVisible();
    const visitorsBefore = await liveFigure(page, 'live-visitors');
    const rateBefore = await liveFigure(page, 'live-events-per-second');
    // 40 sessions at 10 a second: about 4 seconds of traffic, all of it in the last half hour.
    const simulator = runSimulator([
      '--sessions',
      '40',
      '--rate',
      '10',
      '--site',
      SITE,
      '--write-key',
      SITE_WRITE_KEY,
    ]);
    try {
      const startedAt = await simulator.started;
      await expect
        .poll(() => liveFigure(page, 'live-visitors'), { timeout: RISE_WITHIN_MS, intervals: [100] })
        .toBeGreaterThan(visitorsBefore);
      await expect
        .poll(() => liveFigure(page, 'live-events-per-second'), {
          timeout: Math.max(100, RISE_WITHIN_MS - (Date.now() - startedAt)),
          intervals: [100],
        })
        .toBeGreaterThan(rateBefore);
      expect(Date.now() - startedAt).toBeLessThan(RISE_WITHIN_MS + 250);
      await screenshot(page, 'analytics-live');
    } catch (error) {
      simulator.stop();
      throw error;
    }
    const output = await simulator.finished;
    expect(
      output.acknowledged,
      `analytics-service must know the site ${SITE} (ANALYTICS_SITES)`,
    ).toBeGreaterThan(0);
    // A run that straddles midnight UTC counts only today's part, as the report does.
    const truth = output.truth.days[day] ?? {
      pageviews: 0,
      events: 0,
      orders: 0,
      revenue: 0,
      sessions: 0,
      visitors: 0,
    };
    expect(todayUtc(), 'the run must not cross midnight UTC between the two readings').toBe(day);
    await expect(page.getByTestId('live-visitors')).not.toHaveAttribute('data-value', '0');

    // The overview for today: every figure the ground truth gives has grown by exactly that much.
    await page.goto(`${DASHBOARD}/overview?range=today&tz=UTC&site=${SITE}`);
    const expected = {
      Visitors: before.Visitors!.value + truth.visitors,
      Sessions: before.Sessions!.value + truth.sessions,
      Pageviews: before.Pageviews!.value + truth.pageviews,
      Orders: before.Orders!.value + truth.orders,
      // The simulator refunds and cancels nothing: net revenue grows by its paid orders.
      'Net revenue': before['Net revenue']!.value + truth.revenue,
    };
    const shown = async () => {
      await refreshReports(page);
      const kpis = await readKpis(page);
      return Object.fromEntries(Object.keys(expected).map((label) => [label, kpis[label]?.value]));
    };
    await expect.poll(shown, { timeout: 60_000, intervals: [1_000] }).toEqual(expected);

    // What is shown is those numbers, formatted for the shop's locale and currency, and the figures
    // derived from them follow.
    const after = await readKpis(page);
    expect(after.Visitors!.text).toBe(normalise(count(expected.Visitors)));
    expect(after.Sessions!.text).toBe(normalise(count(expected.Sessions)));
    expect(after.Pageviews!.text).toBe(normalise(count(expected.Pageviews)));
    expect(after.Orders!.text).toBe(normalise(count(expected.Orders)));
    expect(after['Net revenue']!.text).toBe(normalise(money(expected['Net revenue'])));
    expect(after['Conversion rate']!.text).toBe(normalise(percent(expected.Orders / expected.Sessions)));
    // The average order value is gross revenue over orders; the run adds its paid orders to the gross too.
    const gross = before['Gross revenue']!.value + truth.revenue;
    expect(after['Gross revenue']!.value).toBe(gross);
    const averageOrder = expected.Orders ? Math.round(gross / expected.Orders) : 0;
    expect(after['Avg. order value']!.text).toBe(normalise(money(averageOrder)));
    await screenshot(page, 'analytics-overview');
    await expectNoSeriousAccessibilityViolations(page);

    // The granularity switch redraws the charts per minute.
    await page.getByRole('button', { name: 'Minute' }).click();
    await expect(page).toHaveURL(/granularity=minute/);
    await expect(page.getByRole('img', { name: /per minute/ }).first()).toBeVisible();

    // Sales and behaviour for the same range; the range travels in the URL.
    await page.getByRole('link', { name: 'Sales' }).click();
    await expect(page).toHaveURL(/\/sales\?.*range=today/);
    await expect(page.getByRole('heading', { name: 'Top products by gross revenue' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Top products by gross revenue' })).toBeVisible();
    await screenshot(page, 'analytics-sales');
    await expectNoSeriousAccessibilityViolations(page);

    await page.getByRole('link', { name: 'Behaviour' }).click();
    await expect(page).toHaveURL(/\/behaviour\?.*range=today/);
    const funnel = page.getByRole('table', { name: 'Purchase funnel' });
    await expect(funnel.getByRole('row')).toHaveCount(5);
    await expect(funnel).toContainText('Order completed');
    // Every table exports to CSV: the funnel's file holds its rows.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export Purchase funnel as CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`purchase-funnel_${day}_${day}.csv`);
    // The simulator's sessions landed somewhere: the entry pages list them.
    const entries = page.getByRole('table', { name: 'Entry pages' });
    await expect(entries.getByRole('row').nth(1)).toContainText('/');
    await screenshot(page, 'analytics-behaviour');
    await expectNoSeriousAccessibilityViolations(page);

    await page.getByRole('link', { name: 'Live' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible();
    await expectNoSeriousAccessibilityViolations(page);
  });

  test('a customer account is refused with a clear message', async ({ page }) => {
    await page.goto(`${DASHBOARD}/login`);
    await signInThroughForm(page, CUSTOMER);
    await expect(page.getByRole('alert')).toHaveText(
      'This dashboard is for shop staff. Customer accounts cannot sign in here; use the storefront instead.',
    );
    await screenshot(page, 'analytics-login-customer-refused');
    // Nothing behind the sign-in opens for them.
    await page.goto(`${DASHBOARD}/overview`);
    await expect(page).toHaveURL(/\/login\?next=%2Foverview$/);
  });

  test('an expired session sends the user to sign in again, and back to the same report', async ({
    page,
    context,
  }) => {
    await page.clock.install();
    await signInThroughApi(context);
    await page.goto(`${DASHBOARD}/overview?range=last7`);
    await expect(page.locator('.kpi')).toHaveCount(9);

    // The session ends on the server, and the access token's 15 minutes run out.
    const logout = await context.request.post(`${API}/auth/logout`);
    expect(logout.status()).toBe(204);
    await page.clock.fastForward('20:00');
    // The reports refresh themselves each minute; asking again now does the same.
    await page
      .getByRole('button', { name: 'Refresh' })
      .click({ timeout: 2_000 })
      .catch(() => {});

    await expect(page).toHaveURL(/\/login\?next=%2Foverview%3Frange%3Dlast7$/);
    await expect(page.getByRole('status').filter({ hasText: 'Your session has expired' })).toBeVisible();
    await screenshot(page, 'analytics-login-session-expired');
    await signInThroughForm(page, STAFF);
    await expect(page).toHaveURL(`${DASHBOARD}/overview?range=last7`);
    await expect(page.locator('.kpi')).toHaveCount(9);
  });

  test('every screen in the dark and light themes on a phone, and a failing panel stays inside its panel', async ({
    page,
    context,
    consoleGuard,
  }) => {
    test.setTimeout(120_000);
    await signInThroughApi(context);
    await page.goto(`${DASHBOARD}/live`);
    for (const theme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      for (const width of [390, 1280]) {
        if (theme === 'light' && width === 1280) continue; // the journey above took these
        await page.setViewportSize({ width, height: width < 600 ? 844 : 800 });
        for (const screen of SCREENS) {
          await page
            .getByRole('navigation', { name: 'Screens' })
            .getByRole('link', { name: screen.label })
            .click();
          await expect(page.getByRole('heading', { level: 1 })).toHaveText(screen.title);
          if (screen.path === 'live') {
            await expect(page.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible();
          } else {
            await expect(page.getByRole('status', { name: /^Loading/ })).toHaveCount(0);
            await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
          }
          await screenshot(page, `analytics-${screen.path}-${theme}-${width}`);
        }
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectNoSeriousAccessibilityViolations(page);

    // One report failing: its panel says so and offers a retry, the rest of the screen is there.
    // The failing panel is made to fail here: its 500 is the point, not a fault.
    consoleGuard.allow(/500.*\/api\/reports\/breakdown\/referrer/);
    await page.route(/\/api\/reports\/breakdown\/referrer/, (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'about:blank', title: 'Internal Server Error', status: 500 }),
      }),
    );
    // Today's figures of the test site, whatever ran before: a visit with a product view of its own.
    const seeded = await context.request.post(`${ANALYTICS}/api/events`, {
      headers: {
        'x-write-key': SITE_WRITE_KEY,
        // A browser's, not a bot's: bots are kept out of the reports.
        'user-agent':
          'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      },
      data: {
        batch: [
          { type: 'page', page: { url: 'https://e2e.example/products/panel', path: '/products/panel' } },
          {
            type: 'track',
            event: 'Product Viewed',
            properties: { product_id: 'e2e-panel', name: 'Panel Tee', price: 1900, currency: CURRENCY },
          },
        ],
      },
    });
    expect(seeded.status()).toBe(202);
    await page.goto(`${DASHBOARD}/behaviour?range=today&tz=UTC&site=${SITE}`);
    const referrers = page.getByRole('region', { name: 'Referrers' });
    await expect(referrers.getByRole('alert')).toContainText('This panel could not be loaded', {
      timeout: 20_000,
    });
    await expect(referrers.getByRole('button', { name: 'Try again' })).toBeVisible();
    // The worker stores the seeded events within a second or two; a refresh shows them.
    await expect(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await expect(page.getByRole('table', { name: 'Purchase funnel' })).toBeVisible({ timeout: 2000 });
    }).toPass({ timeout: 20_000 });
    await expect(page.getByRole('table', { name: 'Top pages' })).toBeVisible();
    await screenshot(page, 'analytics-behaviour-panel-error');
  });
});
