import type { Page } from '@playwright/test';
import { expect, test } from '../support/console-guard';
import { screenshot } from '../support/screenshots';
import {
  SHORT_SESSION_ADMIN,
  SHORT_SESSION_API,
  SHORT_SESSION_TOKEN_SECONDS,
} from '../support/short-session';

const STAFF = { email: 'staff@shopstream.dev', password: 'staff-demo-password' };

const signedIn = (page: Page) => expect(page.getByTestId('signed-in-as')).toHaveText(STAFF.email);

test('keeps two admin tabs signed in past the access-token lifetime, refreshing under one lock', async ({
  browser,
  consoleGuard,
}) => {
  test.setTimeout(150_000);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  consoleGuard.watch(context);
  // This second API shares the first one's database, so product pictures point at the first API's
  // /uploads, which this admin's CSP (img-src: its own API) rightly refuses. Only in this two-API setup.
  consoleGuard.allow(/localhost:5005\/uploads\//);
  const refreshes: number[] = [];
  context.on('response', (response) => {
    if (response.url() === `${SHORT_SESSION_API}/auth/refresh`) refreshes.push(response.status());
  });
  // Signed in through the API: the refresh cookie lands in the context both tabs share.
  const login = await context.request.post(`${SHORT_SESSION_API}/auth/login`, { data: STAFF });
  expect(login.status()).toBe(200);

  const [first, second] = [await context.newPage(), await context.newPage()];
  // Both tabs open at once, so both restore their session from the same cookie at the same moment.
  await Promise.all([
    first.goto(`${SHORT_SESSION_ADMIN}/orders`),
    second.goto(`${SHORT_SESSION_ADMIN}/products`),
  ]);
  await Promise.all([signedIn(first), signedIn(second)]);

  // Past the access token's lifetime twice over: each tab renews silently, and the renewals meet.
  await first.waitForTimeout(SHORT_SESSION_TOKEN_SECONDS * 2 * 1000 + 5_000);
  await Promise.all([signedIn(first), signedIn(second)]);
  // Both still call the API as staff, and reload (another restore from the shared cookie, together).
  await Promise.all([first.reload(), second.reload()]);
  await Promise.all([signedIn(first), signedIn(second)]);
  await expect(first.getByRole('table').first()).toBeVisible();
  await expect(second.getByRole('table').first()).toBeVisible();
  await screenshot(second, 'admin-two-tabs-still-signed-in');

  test.info().annotations.push({ type: 'refreshes', description: refreshes.join(' ') });
  expect(refreshes.length).toBeGreaterThanOrEqual(6);
  expect(refreshes.filter((status) => status !== 200)).toEqual([]);
  await context.close();
});
