import { createHash, randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnalyticsApp,
  type AnalyticsConfig,
  buildAnalytics,
  isolatedConfig,
  removeIsolated,
  SITE,
} from '../../../test/support/analytics-service';
import { addToCart, checkout, makeCheckoutBody } from '../../../test/support/commerce';
import { makeProduct, makeUser, refreshCookieOf, type TestUser } from '../../../test/support/factories';
import { MAILPIT_SMTP_URL, mailpitClient } from '../../../test/support/mailpit';
import { startTestApp, type TestApp } from '../../../test/support/test-app';

const mailpit = mailpitClient();
const unique = () => randomBytes(5).toString('hex');
const tokenIn = (text: string) => /token=([A-Za-z0-9_.-]+)/.exec(text)?.[1] ?? null;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

let ctx: TestApp;
let staff: TestUser;
let analyticsConfig: AnalyticsConfig;
let analytics: AnalyticsApp;
let analyticsUrl: string;

beforeAll(async () => {
  ctx = await startTestApp({
    SMTP_URL: MAILPIT_SMTP_URL,
    MAIL_RELAY_ENABLED: 'true',
    MAIL_POLL_INTERVAL_MS: '25',
    PASSWORD_RESET_PER_EMAIL: '3',
    PASSWORD_RESET_PER_IP: '1000',
  });
  staff = await makeUser(ctx, { role: 'staff' });
  analyticsConfig = isolatedConfig({
    JWT_SECRET: ctx.config.JWT_SECRET,
    REDIS_KEY_PREFIX: ctx.config.REDIS_KEY_PREFIX,
  });
  analytics = await buildAnalytics(analyticsConfig);
  await analytics.ready();
  analyticsUrl = await analytics.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await analytics?.close();
  if (analyticsConfig) await removeIsolated(analyticsConfig);
  await ctx?.close();
});

const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url, payload, headers });

async function guestOrder(email: string) {
  const product = await makeProduct(ctx, staff, { price: 1200, stock: 5 });
  const shopper = await addToCart(ctx, product.variants[0]!.id);
  const response = await checkout(ctx, shopper, makeCheckoutBody({ email }));
  expect(response.statusCode).toBe(201);
  return response.json();
}

describe('registration and verified emails', () => {
  it('mails a verification link; following it adds the guest orders of that email to the account', async () => {
    const email = `guest-${unique()}@example.com`;
    const earlier = await guestOrder(email.toUpperCase());
    const password = 'a long enough password';
    expect((await post('/auth/register', { email, password, name: 'Grace Guest' })).statusCode).toBe(202);
    const login = await post('/auth/login', { email, password });
    const auth = { authorization: `Bearer ${login.json().accessToken}` };
    expect(login.json().user.emailVerified).toBe(false);
    const history = async () => (await ctx.app.inject({ url: '/me/orders', headers: auth })).json().items;
    expect(await history()).toHaveLength(0);

    const mails = await mailpit.waitFor(email, 2);
    const verification = mails.find((m) => m.Subject.startsWith('Confirm your email'))!;
    const token = tokenIn(verification.Text)!;
    expect(verification.Text).toContain(`${ctx.config.STOREFRONT_URL}/account/verify-email?token=${token}`);
    // Only a digest of the token is kept.
    const stored = await ctx.sql.query('select token_hash from account_tokens where email = $1', [email]);
    expect(stored.rows.map((row) => row.token_hash)).toEqual([sha256(token)]);

    const verified = await post('/auth/verify-email', { token });
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toEqual({ verified: true, ordersAdded: 1 });
    expect((await history()).map((order: { number: string }) => order.number)).toEqual([earlier.number]);
    expect((await ctx.app.inject({ url: '/me', headers: auth })).json().emailVerified).toBe(true);
    // The link works once.
    expect((await post('/auth/verify-email', { token })).statusCode).toBe(400);
    const welcome = await mailpit.waitFor(email, 3);
    expect(welcome.some((m) => m.Subject.startsWith('Welcome to'))).toBe(true);
  });

  it('answers a taken email like a new one, leaves the account alone and tells its owner', async () => {
    const owner = await makeUser(ctx);
    const again = await post('/auth/register', {
      email: owner.email,
      password: 'someone elses password',
      name: 'X',
    });
    const fresh = await post('/auth/register', {
      email: `new-${unique()}@example.com`,
      password: 'someone elses password',
      name: 'X',
    });
    expect(again.statusCode).toBe(202);
    expect(again.body).toBe(fresh.body);
    const mails = await mailpit.waitFor(owner.email, 2);
    expect(mails.some((m) => m.Subject.startsWith('You already have'))).toBe(true);
    expect((await post('/auth/login', { email: owner.email, password: owner.password })).statusCode).toBe(
      200,
    );
  });
});

describe('password reset', () => {
  const report = (token: string) =>
    fetch(
      `${analyticsUrl}/api/reports/overview?site=${SITE}&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );

  it('answers the same for an unknown email and sends nothing', async () => {
    const known = await makeUser(ctx);
    const unknownEmail = `nobody-${unique()}@example.com`;
    const a = await post('/auth/password-reset', { email: known.email });
    const b = await post('/auth/password-reset', { email: unknownEmail });
    expect([a.statusCode, b.statusCode]).toEqual([202, 202]);
    expect(a.body).toBe(b.body);
    await mailpit.waitFor(known.email, 2);
    expect(await mailpit.to(unknownEmail)).toHaveLength(0);
  });

  it('sets the new password once and ends every session, here and in analytics', async () => {
    const user = await makeUser(ctx, { role: 'staff' });
    const second = await post('/auth/login', { email: user.email, password: user.password });
    expect((await report(user.accessToken)).status).toBe(200);

    expect((await post('/auth/password-reset', { email: user.email, app: 'admin' })).statusCode).toBe(202);
    const mail = (await mailpit.waitFor(user.email, 2)).find((m) => m.Subject.startsWith('Reset your'))!;
    expect(mail.Text).toContain(`${ctx.config.ADMIN_URL}/reset-password?token=`);
    const token = tokenIn(mail.Text)!;
    const reset = await post('/auth/password-reset/confirm', { token, password: 'the new password 2026' });
    expect(reset.statusCode).toBe(204);

    // Both sessions ended: refresh cookies and access tokens are refused by both services.
    for (const cookie of [user.refreshCookie, refreshCookieOf(second.headers['set-cookie'])]) {
      expect((await post('/auth/refresh', {}, { cookie })).statusCode).toBe(401);
    }
    expect((await ctx.app.inject({ url: '/me', headers: user.auth })).statusCode).toBe(401);
    await expect.poll(async () => (await report(user.accessToken)).status, { timeout: 5000 }).toBe(401);
    const redis = new Redis(ctx.config.REDIS_URL, { keyPrefix: ctx.config.REDIS_KEY_PREFIX });
    try {
      const sid = JSON.parse(Buffer.from(user.accessToken.split('.')[1]!, 'base64url').toString()).sid;
      expect(JSON.parse((await redis.get(`session:${sid}`)) ?? '{}')).toEqual({ ended: true });
    } finally {
      redis.disconnect();
    }

    expect((await post('/auth/login', { email: user.email, password: user.password })).statusCode).toBe(401);
    expect(
      (await post('/auth/login', { email: user.email, password: 'the new password 2026' })).statusCode,
    ).toBe(200);
    // Single use.
    expect(
      (await post('/auth/password-reset/confirm', { token, password: 'yet another password' })).statusCode,
    ).toBe(400);
  });

  it('refuses a link older than an hour', async () => {
    const user = await makeUser(ctx);
    await post('/auth/password-reset', { email: user.email });
    const token = tokenIn(
      (await mailpit.waitFor(user.email, 2)).find((m) => m.Subject.startsWith('Reset'))!.Text,
    )!;
    const stored = await ctx.sql.query(
      "select extract(epoch from expires_at - created_at)::int as ttl from account_tokens where user_id = $1 and purpose = 'password_reset'",
      [user.id],
    );
    expect(stored.rows.map((row) => Math.round(row.ttl / 60))).toEqual([60]);
    await ctx.sql.query(
      "update account_tokens set expires_at = now() - interval '1 second' where token_hash = $1",
      [sha256(token)],
    );
    const reset = await post('/auth/password-reset/confirm', { token, password: 'the new password 2026' });
    expect(reset.statusCode).toBe(400);
    expect(reset.json().code).toBe('validation_failed');
  });

  it('limits requests per email, whether or not it has an account', async () => {
    for (const email of [(await makeUser(ctx)).email, `nobody-${unique()}@example.com`]) {
      const statuses = [];
      for (let i = 0; i < 4; i += 1)
        statuses.push((await post('/auth/password-reset', { email })).statusCode);
      expect(statuses).toEqual([202, 202, 202, 429]);
    }
  });
});

describe('guest order lookup', () => {
  it('mails a signed link to the order’s email only, and tells a stranger nothing', async () => {
    const email = `lookup-${unique()}@example.com`;
    const order = await guestOrder(email);
    const stranger = await post('/orders/lookup', {
      number: order.number,
      email: `thief-${unique()}@example.com`,
    });
    const owner = await post('/orders/lookup', {
      number: order.number.toLowerCase(),
      email: email.toUpperCase(),
    });
    expect([stranger.statusCode, owner.statusCode]).toEqual([202, 202]);
    expect(stranger.body).toBe(owner.body);
    const mails = await mailpit.waitFor(email, 2);
    const link = mails.find((m) => m.Subject === `Your order ${order.number}`)!;
    const token = tokenIn(link.Text)!;
    const view = await ctx.app.inject({ url: `/orders/view?token=${token}` });
    expect(view.statusCode).toBe(200);
    expect(view.json().number).toBe(order.number);
    expect(view.headers['cache-control']).toBe('no-store');
    const [id, expires] = token.split('.');
    const forged = `${id}.${Number(expires) + 86_400}.${token.split('.')[2]}`;
    expect((await ctx.app.inject({ url: `/orders/view?token=${forged}` })).statusCode).toBe(404);
  });
});
