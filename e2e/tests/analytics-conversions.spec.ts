import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { expect, test } from '../support/console-guard';
import { screenshot } from '../support/screenshots';
import { waitAwayFromUtcMidnight } from '../support/utc-day';

/**
 * Countries, goals and funnels on the dashboard, fed by the simulator on the journey's own site
 * (`e2e-shop`). The simulator's shoppers come from real address ranges per country (X-Forwarded-For;
 * analytics-service trusts loopback in e2e), so the country map has countries to shade. Earlier runs of
 * the day land in the same figures, so counts are checked as at least this run's ground truth. Goals and
 * funnels this journey adds are named `e2e …` and removed again (a site holds at most 50 and 20).
 */
const DASHBOARD = 'http://localhost:3003';
const API = 'http://localhost:5005';
const ANALYTICS = 'http://localhost:8080';
const SITE = 'e2e-shop';
const SITE_WRITE_KEY = 'e2e-shop-write-key';
const STAFF = { email: 'staff@shopstream.dev', password: 'staff-demo-password' };
const analyticsService = new URL('../../analytics-service/', import.meta.url).pathname;

interface Truth {
  countries: Record<string, { pageviews: number; events: number }>;
  goals: Record<string, { events: number; visitors: number }>;
  funnel: number[];
}

function simulate(args: string[]): Promise<{ acknowledged: number; truth: Truth }> {
  const child = spawn('npx', ['tsx', 'tools/simulate/run.ts', '--url', ANALYTICS, '--json', ...args], {
    cwd: analyticsService,
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`simulator exited ${code}: ${stderr}`)),
    );
  });
}

/** Removes what earlier runs of this journey left (a run that failed half way). */
async function removeLeftovers(request: APIRequestContext, token: string) {
  const headers = { authorization: `Bearer ${token}` };
  const goals = await (await request.get(`${ANALYTICS}/api/goals?site=${SITE}`, { headers })).json();
  for (const goal of goals.goals as Array<{ id: string; name: string }>)
    if (goal.name.startsWith('e2e '))
      await request.delete(`${ANALYTICS}/api/goals/${goal.id}?site=${SITE}`, { headers });
  const funnels = await (await request.get(`${ANALYTICS}/api/funnels?site=${SITE}`, { headers })).json();
  for (const funnel of funnels.funnels as Array<{ id: string; name: string; builtIn: boolean }>)
    if (!funnel.builtIn && funnel.name.startsWith('e2e '))
      await request.delete(`${ANALYTICS}/api/funnels/${funnel.id}?site=${SITE}`, { headers });
}

// The journey reads "today (UTC)" of the simulator's last 30 minutes: not in the half hour around midnight.
waitAwayFromUtcMidnight();

test('countries on a world map, goals and a staff-defined funnel from the simulator’s traffic', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const login = await page.context().request.post(`${API}/auth/login`, { data: STAFF });
  expect(login.status()).toBe(200);
  const { accessToken } = await login.json();
  await removeLeftovers(page.context().request, accessToken);

  const output = await simulate([
    '--sessions',
    '40',
    '--rate',
    '20',
    '--site',
    SITE,
    '--write-key',
    SITE_WRITE_KEY,
  ]);
  expect(output.acknowledged).toBeGreaterThan(0);
  const suffix = randomBytes(3).toString('hex');
  const goalName = `e2e order confirmed ${suffix}`;
  const funnelName = `e2e cart to confirmation ${suffix}`;

  // Settings: a goal by page, and a funnel of an event and a page, through the forms.
  await page.goto(`${DASHBOARD}/settings?site=${SITE}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Goals and funnels' })).toBeVisible();
  const goalForm = page.getByRole('form', { name: 'Add a goal' });
  await goalForm.getByLabel('Name').fill(goalName);
  await goalForm.getByLabel(/^Path/).fill('/checkout/confirmation');
  await goalForm.getByRole('button', { name: 'Add goal' }).click();
  await expect(page.getByRole('list', { name: 'Goals' })).toContainText(goalName);

  const funnelForm = page.getByRole('form', { name: 'Add a funnel' });
  await funnelForm.getByLabel('Funnel name').fill(funnelName);
  await funnelForm.locator('#step-0-type').selectOption('event');
  await funnelForm.locator('#step-0-event').fill('Product Added');
  await funnelForm.locator('#step-1-label').fill('Confirmed');
  await funnelForm.locator('#step-1-path').fill('/checkout/confirmation**');
  await funnelForm.getByRole('button', { name: 'Save funnel' }).click();
  await expect(page.getByRole('list', { name: 'Funnels' })).toContainText(funnelName);
  await screenshot(page, 'analytics-settings-goals-funnels');

  // Behaviour for today (UTC): the countries panel with its map, the goal, and the new funnel.
  await page.goto(`${DASHBOARD}/behaviour?range=today&tz=UTC&site=${SITE}`);
  const countries = page.getByRole('table', { name: 'Countries' });
  const map = page.getByRole('img', { name: 'Pageviews by country on a world map' });
  const placed = Object.keys(output.truth.countries).filter((k) => k !== '(unknown)');
  const busiest = Object.entries(output.truth.countries)
    .filter(([key]) => key !== '(unknown)')
    .sort(([, a], [, b]) => b.pageviews - a.pageviews)[0]!;
  const busiestName = new Intl.DisplayNames(['en-GB'], { type: 'region' }).of(busiest[0])!;
  // Once the pipeline has caught up, every country of the ground truth is shaded on the map.
  await expect
    .poll(
      async () => {
        await page.getByRole('button', { name: /^Refresh/ }).click();
        await expect(map).toBeVisible();
        return map.locator('path.country-map-visited').count();
      },
      { timeout: 90_000, intervals: [2_000] },
    )
    .toBeGreaterThanOrEqual(placed.length);
  await expect(countries).toContainText(busiestName);
  await map.scrollIntoViewIfNeeded();
  await page
    .locator('section', { has: page.getByRole('heading', { name: 'Countries' }) })
    .screenshot({ path: new URL('../screenshots/analytics-country-map.png', import.meta.url).pathname });

  const goals = page.getByRole('table', { name: 'Goals' });
  await expect(goals).toContainText(goalName);
  const goalRow = goals.getByRole('row').filter({ hasText: goalName });
  // Conversions: at least this run's (earlier runs of the day count too).
  const conversions = Number((await goalRow.getByRole('cell').nth(2).textContent())?.replace(/\D/g, ''));
  expect(conversions).toBeGreaterThanOrEqual(output.truth.goals['Order confirmed']!.visitors);

  await page.getByLabel('Funnel', { exact: true }).selectOption({ label: funnelName });
  const funnel = page.getByRole('table', { name: `${funnelName} funnel` });
  await expect(funnel.getByRole('row')).toHaveCount(3);
  await expect(funnel).toContainText('Confirmed');
  await screenshot(page, 'analytics-behaviour-countries-goals');

  // A click on the goal filters every panel by it: a "Goal" chip, the URL keeps it, and the referrer and
  // country tables gain Plausible's Conversions and CR columns (the API checks their figures against
  // the simulator's truth in filters.test.ts).
  await goalRow.getByRole('button', { name: goalName }).click();
  const chips = page.getByRole('list', { name: 'Active filters' });
  await expect(chips).toContainText('Goal');
  await expect(chips).toContainText(goalName);
  expect(new URL(page.url()).searchParams.getAll('f')).toContain(`goal:is:${goalName}`);
  const referrers = page.getByRole('table', { name: 'Referrers' });
  // Filtered reports have taken 9–24 s on a loaded machine (see analytics-filters.spec.ts).
  await expect(referrers.getByRole('columnheader', { name: 'CR' })).toBeVisible({ timeout: 60_000 });
  await expect(referrers.getByRole('columnheader', { name: 'Conversions' })).toBeVisible();
  const rate = referrers.getByRole('row').nth(1).getByRole('cell').nth(4);
  await expect(rate).toHaveText(/^\d+(\.\d)?%$/);
  const percent = Number((await rate.textContent())!.replace('%', ''));
  expect(percent).toBeGreaterThan(0);
  expect(percent).toBeLessThanOrEqual(100);
  await expect(countries.getByRole('columnheader', { name: 'CR' })).toBeVisible({ timeout: 60_000 });
  await referrers.scrollIntoViewIfNeeded();
  await screenshot(page, 'analytics-goal-filter');

  await removeLeftovers(page.context().request, accessToken);
});
