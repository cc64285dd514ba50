import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToCart, checkout, makeCheckoutBody } from '../../../test/support/commerce';
import { makeProduct, makeUser, type TestUser } from '../../../test/support/factories';
import { MAILPIT_SMTP_URL, mailpitClient, startPrivateMailpit } from '../../../test/support/mailpit';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import { buildApp } from '../../app';

const mailpit = mailpitClient();
const unique = () => randomBytes(5).toString('hex');
const relayEnv = (smtpUrl: string) => ({
  SMTP_URL: smtpUrl,
  MAIL_FROM: 'Test Shop <orders@shop.test>',
  MAIL_RELAY_ENABLED: 'true',
  MAIL_POLL_INTERVAL_MS: '25',
  MAIL_MAX_BACKOFF_MS: '300',
  MAIL_BATCH_SIZE: '2',
});

async function placeOrder(ctx: TestApp, variantId: string, email: string, quantity = 1) {
  const shopper = await addToCart(ctx, variantId, quantity);
  const response = await checkout(ctx, shopper, makeCheckoutBody({ email }));
  if (response.statusCode !== 201) throw new Error(`checkout failed: ${response.body}`);
  return response.json();
}

describe('order mail through Mailpit', () => {
  let ctx: TestApp;
  let staff: TestUser;
  beforeAll(async () => {
    ctx = await startTestApp(relayEnv(MAILPIT_SMTP_URL));
    staff = await makeUser(ctx, { role: 'staff' });
  });
  afterAll(() => ctx?.close());

  it('mails the confirmation with the lines, the totals and a link to the order, under the row’s Message-ID', async () => {
    const product = await makeProduct(ctx, staff, { price: 2450, stock: 10 });
    const email = `buyer-${unique()}@example.com`;
    const order = await placeOrder(ctx, product.variants[0]!.id, email, 2);
    const [mail] = await mailpit.waitFor(email);
    const shop = await ctx.app.shopSettings.getShopSettings();
    expect(mail!.Subject).toBe(`Your order ${order.number} at ${shop.name}`);
    expect(mail!.Text).toContain(`${shop.address.postcode} ${shop.address.city}`);
    const row = (
      await ctx.sql.query(
        "select id, sent_at from mail_outbox where template = 'order-confirmation' and recipient = $1",
        [email],
      )
    ).rows[0];
    expect(row.sent_at).not.toBeNull();
    expect(mail!.MessageID).toBe(`${row.id}@shop.test`);
    for (const body of [mail!.Text, mail!.HTML]) {
      expect(body).toContain(product.title);
      expect(body).toContain('€49.00');
      expect(body).toContain(`€${(order.totals.total / 100).toFixed(2)}`);
      expect(body).toContain(`€${(order.totals.tax / 100).toFixed(2)}`);
      expect(body).toContain('Hauptstraße 1');
      expect(body).toContain('/orders/view?token=');
    }
  });

  it('mails the tracking link when staff fulfil the order, and nothing twice', async () => {
    const product = await makeProduct(ctx, staff, { price: 1000, stock: 10 });
    const email = `track-${unique()}@example.com`;
    const order = await placeOrder(ctx, product.variants[0]!.id, email);
    const moved = await ctx.app.inject({
      method: 'POST',
      url: `/admin/orders/${order.number}/transitions`,
      headers: staff.auth,
      payload: { to: 'fulfilled', carrier: 'UPS', trackingNumber: '1Z999AA10123456784' },
    });
    expect(moved.statusCode).toBe(200);
    const mails = await mailpit.waitFor(email, 2);
    const shipped = mails.find((m) => m.Subject.includes('on its way'))!;
    expect(shipped.Text).toContain('https://www.ups.com/track?tracknum=1Z999AA10123456784');
    expect(shipped.HTML).toContain('href="https://www.ups.com/track?tracknum=1Z999AA10123456784"');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await mailpit.to(email)).toHaveLength(2);
  });
});

describe('order notes', () => {
  let ctx: TestApp;
  let staff: TestUser;
  beforeAll(async () => {
    ctx = await startTestApp(relayEnv(MAILPIT_SMTP_URL));
    staff = await makeUser(ctx, { role: 'staff' });
  });
  afterAll(() => ctx?.close());

  it('keeps internal notes from the customer and shows and mails the ones staff send them', async () => {
    const product = await makeProduct(ctx, staff, { price: 800, stock: 10 });
    const customer = await makeUser(ctx);
    const shopper = await addToCart(ctx, product.variants[0]!.id, 1, { auth: customer.auth });
    const placed = await checkout(ctx, shopper, makeCheckoutBody({ email: customer.email }));
    expect(placed.statusCode).toBe(201);
    const number = placed.json().number as string;
    const move = (payload: object) =>
      ctx.app.inject({
        method: 'POST',
        url: `/admin/orders/${number}/transitions`,
        headers: staff.auth,
        payload,
      });
    expect(
      (await move({ to: 'fulfilled', trackingNumber: 'T-1', note: 'Customer is rude, no discount' }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await move({
          to: 'delivered',
          note: 'Left with your neighbour at number 3',
          noteVisibility: 'customer',
        })
      ).statusCode,
    ).toBe(200);

    const staffView = (await ctx.app.inject({ url: `/admin/orders/${number}`, headers: staff.auth })).json();
    expect(
      staffView.timeline.map((e: { note: string | null; noteVisibility: string }) => [
        e.note,
        e.noteVisibility,
      ]),
    ).toEqual([
      ['Order placed; stock reserved until payment', 'internal'],
      [expect.stringContaining('Payment captured'), 'internal'],
      ['Customer is rude, no discount', 'internal'],
      ['Left with your neighbour at number 3', 'customer'],
    ]);
    const mine = (await ctx.app.inject({ url: `/me/orders/${number}`, headers: customer.auth })).json();
    expect(mine.timeline.map((e: { to: string; note: string | null }) => [e.to, e.note])).toEqual([
      ['pending', null],
      ['paid', null],
      ['fulfilled', null],
      ['delivered', 'Left with your neighbour at number 3'],
    ]);
    expect(JSON.stringify(mine)).not.toContain(staff.email);

    const mails = await mailpit.waitFor(customer.email.toLowerCase(), 4);
    const note = mails.find((m) => m.Subject === `A message about your order ${number}`)!;
    expect(note.Text).toContain('Left with your neighbour at number 3');
    expect(mails.map((m) => m.Text).join('\n')).not.toContain('Customer is rude');
  });
});

describe('an SMTP outage', () => {
  let server: Awaited<ReturnType<typeof startPrivateMailpit>>;
  let ctx: TestApp;
  let second: Awaited<ReturnType<typeof buildApp>>;
  let staff: TestUser;
  beforeAll(async () => {
    server = await startPrivateMailpit();
    ctx = await startTestApp(relayEnv(server.smtpUrl));
    // A second API instance on the same database relays side by side with the first.
    second = await buildApp(ctx.config);
    await second.ready();
    staff = await makeUser(ctx, { role: 'staff' });
  });
  afterAll(async () => {
    await second?.close();
    await ctx?.close();
    await server?.close();
  });

  it('delays mail while SMTP is down and then delivers each confirmation exactly once', async () => {
    const product = await makeProduct(ctx, staff, { price: 1500, stock: 10 });
    await server.stop();
    const emails = [0, 1, 2].map((i) => `outage-${i}-${unique()}@example.com`);
    for (const email of emails) await placeOrder(ctx, product.variants[0]!.id, email);

    const pending = async () =>
      (
        await ctx.sql.query<{ n: number; tried: number }>(
          `select count(*)::int as n, count(*) filter (where attempts > 0 and last_error is not null)::int as tried
           from mail_outbox where sent_at is null and template = 'order-confirmation'`,
        )
      ).rows[0]!;
    // Both relays keep trying; nothing is marked sent while the server is away.
    await expect.poll(async () => (await pending()).tried, { timeout: 10_000 }).toBe(3);
    expect((await pending()).n).toBe(3);

    await server.start();
    await expect.poll(async () => (await pending()).n, { timeout: 20_000, interval: 100 }).toBe(0);
    // Give both relays time to prove they send nothing more.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rows = (
      await ctx.sql.query<{ id: string; recipient: string }>(
        "select id, recipient from mail_outbox where template = 'order-confirmation'",
      )
    ).rows;
    for (const email of emails) {
      const received = await server.api.to(email);
      expect(received).toHaveLength(1);
      expect(received[0]!.MessageID).toBe(`${rows.find((row) => row.recipient === email)!.id}@shop.test`);
    }
  });
});
