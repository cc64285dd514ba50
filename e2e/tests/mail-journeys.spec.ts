import { randomUUID } from 'node:crypto';
import { type APIRequestContext, type BrowserContext, request } from '@playwright/test';
import { expect, test } from '../support/console-guard';
import { linkIn, mailsTo, screenshotInMailpit, waitForMail } from '../support/mailpit';
import { findMailpit, startMailpit, stopMailpit } from '../support/mailpit-process';
import { screenshot } from '../support/screenshots';

// Issue 16's journeys: the real apps and services, mail through Mailpit, read through its API and
// photographed in its web UI.
const STORE = process.env.STORE_URL ?? 'http://localhost:3001';
const ADMIN = process.env.ADMIN_URL ?? 'http://localhost:3002';
const API = process.env.API_URL ?? 'http://localhost:5005';
const STAFF = { email: 'staff@shopstream.dev', password: 'staff-demo-password' };

test.describe.configure({ mode: 'serial' });
let staff: BrowserContext;

test.beforeAll(async ({ browser }) => {
  staff = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const response = await staff.request.post(`${API}/auth/login`, { data: STAFF });
  expect(response.status()).toBe(200);
});
test.afterAll(async () => {
  await staff?.close();
});
test.beforeEach(({ consoleGuard }) => {
  consoleGuard.watch(staff);
  // Mailpit's own web UI (a tool, not one of our apps) asks for Google Fonts, which this offline machine
  // cannot reach, and shows each mail in a sandboxed frame that blocks the mail's scripts: its pages are
  // photographed, not guarded.
  consoleGuard.allow(/fonts\.googleapis\.com/);
  consoleGuard.allow(/about:srcdoc|localhost:8025/);
});

const uniqueEmail = (what: string) => `${what}-${randomUUID().slice(0, 8)}@example.com`;

async function staffToken() {
  const response = await staff.request.post(`${API}/auth/refresh`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** An active product with one variant at this price (minor units). */
async function makeProduct(price: number) {
  const suffix = randomUUID().slice(0, 8);
  const response = await staff.request.post(`${API}/admin/products`, {
    headers: { authorization: `Bearer ${await staffToken()}` },
    data: {
      title: `E2E Mail Mug ${suffix}`,
      status: 'active',
      variants: [{ sku: `MAIL-${suffix}`, options: {}, price, stockOnHand: 50 }],
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { title: string; variants: { id: string }[] };
}

interface PlacedOrder {
  number: string;
  lines: { productTitle: string; quantity: number; lineTotal: number }[];
  totals: { subtotal: number; shipping: number; tax: number; total: number };
}

/** A guest (no account) buys `quantity` of the variant through the API with the test card that succeeds. */
async function placeGuestOrder(email: string, variantId: string, quantity = 1): Promise<PlacedOrder> {
  const guest: APIRequestContext = await request.newContext();
  try {
    expect((await guest.post(`${API}/cart/items`, { data: { variantId, quantity } })).status()).toBe(201);
    const checkout = await guest.post(`${API}/checkout`, {
      headers: { 'idempotency-key': randomUUID() },
      data: {
        email,
        shippingAddress: {
          fullName: 'Grace Guest',
          line1: 'Hauptstraße 1',
          city: 'Berlin',
          postalCode: '10115',
          country: 'DE',
        },
        shippingOptionId: 'standard',
        payment: { cardNumber: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' },
      },
    });
    expect(checkout.status(), await checkout.text()).toBe(201);
    return (await checkout.json()) as PlacedOrder;
  } finally {
    await guest.dispose();
  }
}

const euros = (minor: number) => `€${(minor / 100).toFixed(2)}`;

test('register → the verification mail → its link → a guest order placed earlier is in the history', async ({
  page,
}) => {
  const email = uniqueEmail('verify');
  const product = await makeProduct(1850);
  const earlier = await placeGuestOrder(email, product.variants[0]!.id);

  await page.goto(`${STORE}/account/register`);
  await page.getByLabel('Full name').fill('Grace Guest');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('grace-e2e-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText('You have not ordered anything yet.')).toBeVisible();

  const mail = await waitForMail(email, /^Confirm your email/);
  await screenshotInMailpit(page, mail, 'email-verification');
  const confirmation = await waitForMail(email, /^Your order/);
  await screenshotInMailpit(page, confirmation, 'order-confirmation-guest');

  await page.goto(linkIn(mail, /\/account\/verify-email\?token=/));
  await expect(page.getByRole('status').filter({ hasText: 'Your email is confirmed.' })).toBeVisible();
  await expect(
    page.getByRole('status').filter({ hasText: 'An order you placed as a guest is now in your account.' }),
  ).toBeVisible();
  await screenshot(page, 'verify-email-done');
  await page.getByRole('link', { name: 'Go to your account' }).click();
  await expect(page.getByLabel('Your orders')).toContainText(earlier.number);
  await expect(page.getByText('Your email is not confirmed yet')).toHaveCount(0);
  await screenshot(page, 'account-with-guest-order');
  await screenshotInMailpit(page, await waitForMail(email, /^Welcome to/), 'welcome');
});

test('forgot password → the reset mail → a new password → the old session’s refresh is refused', async ({
  browser,
  page,
  consoleGuard,
}) => {
  const email = uniqueEmail('reset');
  const old = await browser.newContext();
  consoleGuard.watch(old);
  try {
    expect(
      (
        await old.request.post(`${API}/auth/register`, {
          data: { email, password: 'the-old-password', name: 'Reese Reset' },
        })
      ).status(),
    ).toBe(202);
    expect(
      (
        await old.request.post(`${API}/auth/login`, { data: { email, password: 'the-old-password' } })
      ).status(),
    ).toBe(200);

    await page.goto(`${STORE}/account/login`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await expect(page).toHaveURL(/\/account\/forgot-password$/);
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'If this email has an account' })).toBeVisible();
    await screenshot(page, 'forgot-password-sent');

    const mail = await waitForMail(email, /^Reset your/);
    await screenshotInMailpit(page, mail, 'password-reset');
    await page.goto(linkIn(mail, /\/account\/reset-password\?token=/));
    await page.getByLabel('New password').fill('the-new-password-2026');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'signed out everywhere' })).toBeVisible();

    // The session signed in before the reset cannot refresh any more; the new password signs in.
    expect((await old.request.post(`${API}/auth/refresh`)).status()).toBe(401);
    await page.getByRole('link', { name: 'Log in with the new password' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('the-new-password-2026');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page).toHaveURL(/\/account$/);
  } finally {
    await old.close();
  }
});

test('an order’s confirmation mail has its lines and totals; fulfilled in the admin panel, the shipped mail has the tracking link', async ({
  page,
}) => {
  const email = uniqueEmail('order');
  const product = await makeProduct(2390);
  const order = await placeGuestOrder(email, product.variants[0]!.id, 3);

  const confirmation = await waitForMail(email, new RegExp(`^Your order ${order.number} at `));
  for (const body of [confirmation.Text, confirmation.HTML]) {
    expect(body).toContain(product.title);
    expect(body).toContain(euros(order.lines[0]!.lineTotal));
    expect(body).toContain(euros(order.totals.subtotal));
    expect(body).toContain(euros(order.totals.tax));
    expect(body).toContain(euros(order.totals.total));
  }
  expect(confirmation.Text).toContain(`${product.title} × 3: ${euros(3 * 2390)}`);
  expect(confirmation.Text).toContain(`Total (tax included): ${euros(order.totals.total)}`);
  await screenshotInMailpit(page, confirmation, 'order-confirmation');

  const admin = await staff.newPage();
  await admin.goto(`${ADMIN}/orders/${order.number}`);
  await expect(admin.getByRole('heading', { name: `Order ${order.number}` })).toBeVisible();
  await admin.getByLabel('Carrier').fill('DHL');
  await admin.getByLabel('Tracking number').fill('JD014600006281230016');
  await admin.getByRole('button', { name: 'Fulfil' }).click();
  await expect(
    admin.getByRole('status').filter({ hasText: `Order ${order.number} is now fulfilled.` }),
  ).toBeVisible();
  await admin.close();

  const shipped = await waitForMail(email, /is on its way$/);
  expect(linkIn(shipped, /dhl\.com/)).toBe(
    'https://www.dhl.com/global-en/home/tracking/tracking-parcel.html?submit=1&tracking-id=JD014600006281230016',
  );
  expect(shipped.Text).toContain('tracking number JD014600006281230016');
  await screenshotInMailpit(page, shipped, 'order-shipped');
});

test('a guest finds an order by number and email: the link comes by mail and opens the order', async ({
  page,
}) => {
  const email = uniqueEmail('lookup');
  const product = await makeProduct(990);
  const order = await placeGuestOrder(email, product.variants[0]!.id);
  await page.goto(`${STORE}/account/login`);
  await page.getByRole('link', { name: 'Find your order' }).click();
  await page.getByLabel('Order number').fill(order.number);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'If an order with this number' })).toBeVisible();
  const mail = await waitForMail(email, new RegExp(`^Your order ${order.number}$`));
  await screenshotInMailpit(page, mail, 'order-link');
  await page.goto(linkIn(mail, /\/orders\/view\?token=/));
  await expect(page.getByRole('heading', { name: `Order ${order.number}` })).toBeVisible();
  await expect(page.getByText(product.title)).toBeVisible();
  await screenshot(page, 'guest-order-view');
});

test('an SMTP outage: Mailpit stopped, three orders placed, Mailpit started again: each confirmation arrives exactly once', async () => {
  const product = await makeProduct(1490);
  const mailpit = findMailpit();
  const emails = [0, 1, 2].map((i) => uniqueEmail(`outage-${i}`));
  const numbers: string[] = [];
  await stopMailpit(mailpit);
  try {
    for (const email of emails) numbers.push((await placeGuestOrder(email, product.variants[0]!.id)).number);
    // Long enough for both API instances' relays to try and fail at least once.
    await new Promise((resolve) => setTimeout(resolve, 3000));
  } finally {
    await startMailpit(mailpit.argv);
  }
  for (const [index, email] of emails.entries()) {
    await waitForMail(email, new RegExp(`^Your order ${numbers[index]} at `), 60_000);
  }
  // Both relays had their chance to send anything twice.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  for (const email of emails) expect(await mailsTo(email)).toHaveLength(1);
});

test('the other messages, as Mailpit shows them: delivered, a note to the customer, cancelled, refunded, account exists', async ({
  page,
}) => {
  const product = await makeProduct(2100);
  const token = await staffToken();
  const move = async (number: string, data: object) => {
    const response = await staff.request.post(`${API}/admin/orders/${number}/transitions`, {
      headers: { authorization: `Bearer ${token}` },
      data,
    });
    expect(response.status(), await response.text()).toBe(200);
  };
  const delivered = uniqueEmail('delivered');
  const a = await placeGuestOrder(delivered, product.variants[0]!.id);
  await move(a.number, { to: 'fulfilled', carrier: 'UPS', trackingNumber: '1Z999AA10123456784' });
  await move(a.number, {
    to: 'delivered',
    note: 'Left with your neighbour at number 3.',
    noteVisibility: 'customer',
  });
  await screenshotInMailpit(page, await waitForMail(delivered, /has been delivered$/), 'order-delivered');
  await screenshotInMailpit(page, await waitForMail(delivered, /^A message about your order/), 'order-note');

  const cancelled = uniqueEmail('cancelled');
  const b = await placeGuestOrder(cancelled, product.variants[0]!.id);
  await move(b.number, { to: 'cancelled', note: 'Internal: duplicate order' });
  const cancelMail = await waitForMail(cancelled, /has been cancelled$/);
  expect(cancelMail.Text).not.toContain('duplicate order');
  await screenshotInMailpit(page, cancelMail, 'order-cancelled');

  const refunded = uniqueEmail('refunded');
  const c = await placeGuestOrder(refunded, product.variants[0]!.id);
  await move(c.number, { to: 'refunded' });
  await screenshotInMailpit(page, await waitForMail(refunded, /^Refund for your order/), 'order-refunded');

  const owner = uniqueEmail('owner');
  for (const password of ['the-owners-password', 'a-strangers-password']) {
    const response = await staff.request.post(`${API}/auth/register`, {
      data: { email: owner, password, name: 'Olive Owner' },
    });
    expect(response.status()).toBe(202);
  }
  await screenshotInMailpit(page, await waitForMail(owner, /^You already have/), 'account-exists');
});
