import type { BrowserContext } from '@playwright/test';
import { expect, test } from '../support/console-guard';
import { screenshot } from '../support/screenshots';

/**
 * The admin panel's Shop settings page against the real backend-api: an admin corrects invalid settings
 * from the sentences the form shows, saves, and every screen follows. The shop's settings are shared by
 * every journey (one database), so the journey puts back what it found, whatever happens.
 */
const ADMIN = process.env.ADMIN_URL ?? 'http://localhost:3002';
const API = process.env.API_URL ?? 'http://localhost:5005';
/** The bootstrap admin the e2e backend-api creates (playwright.config.ts: ADMIN_EMAIL, ADMIN_PASSWORD). */
const ADMIN_ACCOUNT = { email: 'e2e-admin@shopstream.dev', password: 'e2e-admin-password-2026' };
const STAFF = { email: 'staff@shopstream.dev', password: 'staff-demo-password' };

let admin: BrowserContext;
const token = async (context: BrowserContext) =>
  ((await (await context.request.post(`${API}/auth/refresh`)).json()) as { accessToken: string }).accessToken;

test.beforeAll(async ({ browser }) => {
  admin = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const login = await admin.request.post(`${API}/auth/login`, { data: ADMIN_ACCOUNT });
  expect(login.status(), await login.text()).toBe(200);
});
test.afterAll(() => admin?.close());
test.beforeEach(({ consoleGuard }) => consoleGuard.watch(admin));

test('an admin fixes invalid settings from sentences, saves them, and the panel follows', async () => {
  const headers = { authorization: `Bearer ${await token(admin)}` };
  const found = await admin.request.get(`${API}/admin/shop-settings`, { headers });
  expect(found.status()).toBe(200);
  const { updatedAt: _at, updatedBy: _by, ...original } = await found.json();
  try {
    const page = await admin.newPage();
    await page.goto(`${ADMIN}/settings`);
    await expect(page.getByRole('heading', { name: 'Shop settings', level: 1 })).toBeVisible();
    await expect(page.getByLabel('Time zone')).toHaveValue(original.timeZone);

    await page.getByLabel('Time zone').fill('Mars/Olympus_Mons');
    await page.getByLabel('Country').fill('Germany');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(
      page.getByText('The time zone must be an IANA time zone such as Europe/Berlin.'),
    ).toBeVisible();
    await expect(page.getByText('The country must be an ISO 3166-1 alpha-2 code such as DE.')).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: '2 fields need your attention' })).toBeVisible();
    await expect(page.getByLabel('Time zone')).toHaveAttribute('aria-invalid', 'true');
    await screenshot(page, 'admin-shop-settings-invalid');
    // Nothing was sent: the served settings are unchanged.
    expect((await (await admin.request.get(`${API}/shop/settings`)).json()).timeZone).toBe(original.timeZone);

    await page.getByLabel('Time zone').fill('Asia/Tokyo');
    await page.getByLabel('Country').fill('DE');
    await page.getByLabel('Currency').fill('JPY');
    await page.getByLabel('Locale').fill('en-GB');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await expect(page.getByText(`by ${ADMIN_ACCOUNT.email}`)).toBeVisible();
    // Times on screen follow at once: the save is shown in Tokyo time (UTC+9).
    const tokyo = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Tokyo',
      hour: '2-digit',
      minute: '2-digit',
    });
    await expect(page.getByText(/^Last saved /)).toContainText(tokyo.format(new Date()).slice(0, 3));
    await screenshot(page, 'admin-shop-settings-saved');
    expect(await (await admin.request.get(`${API}/shop/settings`)).json()).toMatchObject({
      currency: 'JPY',
      locale: 'en-GB',
      timeZone: 'Asia/Tokyo',
      address: { country: 'DE' },
    });

    // The home's revenue today is in the shop's currency now: yen, without minor units.
    await page.getByRole('link', { name: 'Home' }).click();
    await expect(page.getByText(/JP¥[\d,]+(?!\.)/).first()).toBeVisible();
  } finally {
    const restored = await admin.request.put(`${API}/admin/shop-settings`, {
      headers: { authorization: `Bearer ${await token(admin)}` },
      data: original,
    });
    expect(restored.status(), await restored.text()).toBe(200);
  }
});

test('staff see no Shop settings link and are told the page is for administrators', async ({
  browser,
  consoleGuard,
}) => {
  const staff = await browser.newContext();
  consoleGuard.watch(staff);
  try {
    expect((await staff.request.post(`${API}/auth/login`, { data: STAFF })).status()).toBe(200);
    const page = await staff.newPage();
    await page.goto(`${ADMIN}/settings`);
    await expect(page.getByText('Only administrators can see and change the shop settings.')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Shop settings' })).toHaveCount(0);
  } finally {
    await staff.close();
  }
});
