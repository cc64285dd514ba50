import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from '../support/console-guard';
import { screenshot } from '../support/screenshots';
import { waitAwayFromUtcMidnight } from '../support/utc-day';

/**
 * Filters and saved segments in the analytics dashboard, against the real backend-api (sign-in) and
 * analytics-service (reports, segments), fed by the simulator on the journey's own site (`e2e-shop`).
 * Earlier runs land on that site too, so every figure shown is compared with what the reports API answers
 * for the same filters at the same time, and with the unfiltered figure it must stay below.
 */
const DASHBOARD = 'http://localhost:3003';
const API = 'http://localhost:5005';
const ANALYTICS = 'http://localhost:8080';
const SITE = 'e2e-shop';
const SITE_WRITE_KEY = 'e2e-shop-write-key';
const STAFF = { email: 'staff@shopstream.dev', password: 'staff-demo-password' };
const analyticsService = new URL('../../analytics-service/', import.meta.url).pathname;
const REFERRER = 'google.com';
const FILTER = `referrer:is:${REFERRER}`;

function runSimulator(sessions: number) {
  const child = spawn(
    'npx',
    [
      'tsx',
      'tools/simulate/run.ts',
      '--url',
      ANALYTICS,
      '--json',
      '--sessions',
      String(sessions),
      '--rate',
      '20',
      '--site',
      SITE,
      '--write-key',
      SITE_WRITE_KEY,
    ],
    { cwd: analyticsService, env: { ...process.env, NODE_NO_WARNINGS: '1' } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise<{ truth: { days: Record<string, { sessions: number }> } }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`simulator exited ${code}: ${stderr}`)),
    );
  });
}

interface Overview {
  current: { sessions: number; pageviews: number; visitors: number; orders: number };
}

/** The reports API for today (UTC), as staff, with these filters. */
async function report<T>(request: APIRequestContext, token: string, path: string, filters: string[]) {
  const day = new Date().toISOString().slice(0, 10);
  const search = new URLSearchParams({
    site: SITE,
    from: `${day}T00:00:00.000Z`,
    to: new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString(),
    tz: 'UTC',
    limit: '10',
  });
  for (const f of filters) search.append('f', f);
  const response = await request.get(`${ANALYTICS}/api/reports/${path}?${search}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as T;
}

const kpi = async (page: Page, label: string) =>
  Number(
    await page
      .locator('.kpi')
      .filter({ has: page.locator('.kpi-label', { hasText: new RegExp(`^${label}$`) }) })
      .locator('.kpi-value')
      .getAttribute('data-value'),
  );

/** Asks every report on the screen again and waits until the answers are in. */
async function refreshReports(page: Page) {
  const refresh = page.getByRole('button', { name: /^Refresh/ });
  await expect(refresh).toBeEnabled();
  await refresh.click();
  await expect(refresh).toHaveText('Refresh');
}

/**
 * What the screen shows equals what the API answers: both read again until they agree, since earlier
 * journeys' events may still be draining into the site.
 */
async function agrees(page: Page, shown: () => Promise<unknown>, answered: () => Promise<unknown>) {
  await expect(async () => {
    await refreshReports(page);
    expect(await shown()).toEqual(await answered());
  }).toPass({ timeout: 90_000, intervals: [2_000] });
}

const tableNumbers = async (page: Page, name: string, column: number) => {
  const cells = page.getByRole('table', { name }).locator(`tbody tr td:nth-child(${column})`);
  return (await cells.allTextContents()).map((t) => Number(t.replace(/[^\d]/g, '')));
};

// The journey reads "today (UTC)" of the simulator's last 30 minutes: not in the half hour around midnight.
waitAwayFromUtcMidnight();

test.describe('analytics filters and segments', () => {
  test('a click on a referrer narrows every panel, survives a reload, and a saved segment reapplies', async ({
    page,
    context,
    request,
  }) => {
    // Generous: the simulator and the drain into the shared FerretDB are slow on a loaded machine.
    test.setTimeout(480_000);
    const login = await context.request.post(`${API}/auth/login`, { data: STAFF });
    expect(login.status()).toBe(200);
    const token = ((await login.json()) as { accessToken: string }).accessToken;

    // Fresh traffic of today, drained before anything is read.
    const day = new Date().toISOString().slice(0, 10);
    const before = await report<Overview>(request, token, 'overview', []);
    const output = await runSimulator(40);
    const added = output.truth.days[day]?.sessions ?? 0;
    expect(added).toBeGreaterThan(0);
    await expect
      .poll(async () => (await report<Overview>(request, token, 'overview', [])).current.sessions, {
        timeout: 90_000,
        intervals: [1_000],
      })
      .toBeGreaterThanOrEqual(before.current.sessions + added);

    await page.goto(`${DASHBOARD}/behaviour?range=today&tz=UTC&site=${SITE}`);
    const referrers = page.getByRole('table', { name: 'Referrers' });
    await expect(referrers.getByRole('button', { name: REFERRER })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Top pages' }).locator('tbody tr').first()).toBeVisible();
    const pagesBefore = await tableNumbers(page, 'Top pages', 2);
    expect(pagesBefore.length).toBeGreaterThan(0);

    // Click the row: the filter is in the URL, a chip shows it, and every panel asks again with it.
    await referrers.getByRole('button', { name: REFERRER }).click();
    await expect(page).toHaveURL(/f=referrer%3Ais%3Agoogle\.com/);
    const chip = page.getByRole('list', { name: 'Active filters' }).getByText(`Referrer is ${REFERRER}`);
    await expect(chip).toBeVisible();
    // Filtered reports have taken up to 24 s to answer on a loaded CI machine (issue 18's p95 target is not
    // met yet); this asserts what the panel shows once it answers, not how fast.
    await expect(referrers.locator('tbody tr')).toHaveCount(1, { timeout: 60_000 });
    await expect(referrers.locator('tbody tr').first()).toContainText(REFERRER);

    type Rows = { rows: Array<{ pageviews: number }> };
    const rowsOf = async (path: string) =>
      (await report<Rows>(request, token, path, [FILTER])).rows.map((r) => r.pageviews);
    await agrees(
      page,
      () => tableNumbers(page, 'Top pages', 2),
      () => rowsOf('breakdown/page'),
    );
    expect((await tableNumbers(page, 'Top pages', 2))[0]).toBeLessThan(pagesBefore[0]!);
    await agrees(
      page,
      () => tableNumbers(page, 'Devices', 2),
      () => rowsOf('breakdown/device'),
    );
    await agrees(
      page,
      () => tableNumbers(page, 'Operating systems', 2),
      () => rowsOf('breakdown/os'),
    );
    await agrees(
      page,
      () => tableNumbers(page, 'Purchase funnel', 2),
      async () =>
        (await report<{ steps: Array<{ count: number }> }>(request, token, 'funnel', [FILTER])).steps.map(
          (s) => s.count,
        ),
    );
    await screenshot(page, 'analytics-filtered-behaviour');

    // The overview, reached from the menu, keeps the filter and shows the filtered figures.
    await page.getByRole('link', { name: 'Overview' }).click();
    await expect(page).toHaveURL(/\/overview\?.*f=referrer%3Ais%3Agoogle\.com/);
    const figures = async (filters: string[]) => {
      const { current } = await report<Overview>(request, token, 'overview', filters);
      return { sessions: current.sessions, pageviews: current.pageviews, visitors: current.visitors };
    };
    const shownFigures = async () => ({
      sessions: await kpi(page, 'Sessions'),
      pageviews: await kpi(page, 'Pageviews'),
      visitors: await kpi(page, 'Visitors'),
    });
    await agrees(page, shownFigures, () => figures([FILTER]));
    const filtered = await figures([FILTER]);
    expect(filtered.sessions).toBeGreaterThan(0);
    expect(filtered.sessions).toBeLessThan((await figures([])).sessions);
    await screenshot(page, 'analytics-filtered-overview');

    // A reload keeps the filter.
    await page.reload();
    await expect(
      page.getByRole('list', { name: 'Active filters' }).getByText(`Referrer is ${REFERRER}`),
    ).toBeVisible();
    await agrees(page, shownFigures, () => figures([FILTER]));

    // Saved as a segment; removing the chip shows everything again; choosing the segment reapplies it.
    // A segment of the same filters left by an interrupted earlier run would be shown instead of the form.
    const existing = await request.get(`${ANALYTICS}/api/segments?site=${SITE}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    for (const old of ((await existing.json()) as { segments: Array<{ id: string; filters: string[] }> })
      .segments) {
      if (old.filters.length === 1 && old.filters[0] === FILTER) {
        await request.delete(`${ANALYTICS}/api/segments/${old.id}?site=${SITE}`, {
          headers: { authorization: `Bearer ${token}` },
        });
      }
    }
    await page.reload();
    const name = `Google visitors ${randomBytes(3).toString('hex')}`;
    await page.getByLabel('Save as segment').fill(name);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const segmentSelect = page.locator('.segment-tools select');
    await expect(segmentSelect.locator('option:checked')).toHaveText(name);
    await page.getByRole('button', { name: `Remove filter Referrer is ${REFERRER}` }).click();
    await expect(page).not.toHaveURL(/f=/);
    await agrees(page, shownFigures, () => figures([]));
    await segmentSelect.selectOption({ label: name });
    await expect(page).toHaveURL(/f=referrer%3Ais%3Agoogle\.com/);
    await agrees(page, shownFigures, () => figures([FILTER]));

    // Deleted again, so runs do not pile up segments.
    await page.getByRole('button', { name: 'Delete segment' }).click();
    await expect(segmentSelect.locator('option', { hasText: name })).toHaveCount(0);
  });
});
