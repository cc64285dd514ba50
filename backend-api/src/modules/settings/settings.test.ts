import { readShopSettingsRecord } from '@shopstream/server-kit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePaidOrder } from '../../../test/support/commerce';
import { makeProduct, makeUser, type TestUser } from '../../../test/support/factories';
import { startTestApp, type TestApp } from '../../../test/support/test-app';

let ctx: TestApp;
let admin: TestUser;
let staff: TestUser;
let customer: TestUser;
let redis: Redis;

const demo = {
  name: 'ShopStream',
  currency: 'EUR',
  locale: 'en-IE',
  timeZone: 'Europe/Berlin',
  pricesIncludeTax: true,
  contactEmail: 'hello@shopstream.dev',
  returnWindowDays: 30,
  address: {
    name: 'ShopStream GmbH',
    street: 'Torstraße 1',
    postcode: '10119',
    city: 'Berlin',
    country: 'DE',
  },
};

const tokyo = {
  name: 'ShopStream Japan',
  currency: 'JPY',
  locale: 'ja-JP',
  timeZone: 'Asia/Tokyo',
  contactEmail: 'hello@shopstream.jp',
  returnWindowDays: 14,
  address: {
    name: 'ShopStream KK',
    street: '1-1 Marunouchi',
    postcode: '100-0005',
    city: 'Tokyo',
    country: 'JP',
  },
};

const put = (payload: unknown, user: TestUser = admin) =>
  ctx.app.inject({
    method: 'PUT',
    url: '/admin/shop-settings',
    headers: user.auth,
    payload: payload as object,
  });

beforeAll(async () => {
  // No in-process copy, so every read below shows what the store and the mirror hold.
  ctx = await startTestApp({ SHOP_SETTINGS_CACHE_MS: '0' });
  [admin, staff, customer] = await Promise.all([
    makeUser(ctx, { role: 'admin' }),
    makeUser(ctx, { role: 'staff' }),
    makeUser(ctx),
  ]);
  redis = new Redis(ctx.config.REDIS_URL, { keyPrefix: ctx.config.REDIS_KEY_PREFIX });
});
afterAll(async () => {
  redis?.disconnect();
  await ctx?.close();
});

describe('shop settings', () => {
  it('serves the seeded demo shop to anyone, and mirrors it into Redis at start', async () => {
    const response = await ctx.app.inject({ url: '/shop/settings' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(demo);
    expect(response.headers['cache-control']).toBe('public, max-age=5');
    expect((await readShopSettingsRecord(redis))?.settings).toEqual(demo);
  });

  it('lets only admins read and change the settings', async () => {
    expect((await ctx.app.inject({ url: '/admin/shop-settings' })).statusCode).toBe(401);
    for (const user of [staff, customer]) {
      const read = await ctx.app.inject({ url: '/admin/shop-settings', headers: user.auth });
      expect(read.statusCode).toBe(403);
      expect(read.headers['content-type']).toContain('application/problem+json');
      expect((await put(tokyo, user)).statusCode).toBe(403);
    }
    const read = await ctx.app.inject({ url: '/admin/shop-settings', headers: admin.auth });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ ...demo, updatedBy: null });
  });

  it('saves a change, serves it at once and mirrors it for analytics', async () => {
    const before = (await ctx.app.inject({ url: '/admin/shop-settings', headers: admin.auth })).json();
    const saved = await put(tokyo);
    expect(saved.statusCode).toBe(200);
    // pricesIncludeTax left out: off for a currency other than EUR.
    expect(saved.json()).toMatchObject({ ...tokyo, pricesIncludeTax: false, updatedBy: admin.email });
    expect(Date.parse(saved.json().updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
    expect((await ctx.app.inject({ url: '/shop/settings' })).json()).toEqual({
      ...tokyo,
      pricesIncludeTax: false,
    });
    const mirrored = await readShopSettingsRecord(redis);
    expect(mirrored?.settings.timeZone).toBe('Asia/Tokyo');
    expect(mirrored?.version).toBe(Date.parse(saved.json().updatedAt));
    const { rows } = await ctx.sql.query(
      'select count(*)::int as n, max(currency) as currency from shop_settings',
    );
    expect(rows[0]).toEqual({ n: 1, currency: 'JPY' });

    expect((await put({ ...tokyo, currency: 'EUR' })).json().pricesIncludeTax).toBe(true);
    expect((await put({ ...tokyo, currency: 'EUR', pricesIncludeTax: false })).json().pricesIncludeTax).toBe(
      false,
    );
    expect((await put(demo)).json()).toMatchObject(demo);
  });

  it('refuses invalid settings with problem details naming each field, and changes nothing', async () => {
    const invalid = await put({
      ...tokyo,
      currency: 'XYZ',
      locale: 'not a locale',
      timeZone: 'Mars/Olympus_Mons',
      contactEmail: 'nobody',
      address: { ...tokyo.address, country: 'Japan', city: '' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers['content-type']).toContain('application/problem+json');
    const problem = invalid.json();
    expect(problem.code).toBe('validation_failed');
    const fields = problem.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(
      [
        'body.address.city',
        'body.address.country',
        'body.contactEmail',
        'body.currency',
        'body.locale',
        'body.timeZone',
      ].sort(),
    );
    expect(problem.errors.find((e: { field: string }) => e.field === 'body.timeZone').message).toBe(
      'must be an IANA time zone such as Europe/Berlin',
    );
    for (const timeZone of ['+01:00', 'UTC+1', '../etc/passwd', '']) {
      expect((await put({ ...demo, timeZone })).statusCode, timeZone).toBe(400);
    }
    expect((await put({ ...demo, extra: true })).statusCode).toBe(400);
    const { address: _address, ...withoutAddress } = demo;
    expect((await put(withoutAddress)).statusCode).toBe(400);
    expect((await ctx.app.inject({ url: '/shop/settings' })).json()).toEqual(demo);
  });

  it('stores a locale in its canonical spelling and takes UTC', async () => {
    const saved = await put({ ...demo, locale: 'EN-gb', timeZone: 'UTC' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ locale: 'en-GB', timeZone: 'UTC' });
    await put(demo);
  });

  it('refills an emptied mirror from PostgreSQL on the next read', async () => {
    await redis.del('shop-settings');
    expect((await ctx.app.inject({ url: '/shop/settings' })).json()).toEqual(demo);
    expect((await readShopSettingsRecord(redis))?.settings).toEqual(demo);
  });

  it('never lets an older copy replace a newer one in the mirror', async () => {
    const saved = (await put({ ...demo, name: 'Newest' })).json();
    // A read-through that loaded the row before the save publishes an older version: it must lose.
    await redis.set(
      'shop-settings',
      JSON.stringify({ settings: demo, version: Date.parse(saved.updatedAt) + 1 }),
    );
    await ctx.app.shopSettings.mirrorStored();
    expect((await readShopSettingsRecord(redis))?.settings.name).toBe('ShopStream');
    await redis.del('shop-settings');
    await ctx.app.shopSettings.mirrorStored();
    expect((await readShopSettingsRecord(redis))?.settings.name).toBe('Newest');
    await put(demo);
  });

  it("counts the admin home's today from midnight in the shop's time zone", async () => {
    const product = await makeProduct(ctx, staff, { price: 1000, stock: 5 });
    const order = await makePaidOrder(ctx, product.variants[0]!.id);
    // Paid at 23:30 UTC on 10 March: still 10 March in UTC and New York, already 11 March in Berlin.
    await ctx.sql.query(`update orders set paid_at = '2026-03-10T23:30:00Z' where id = $1`, [order.id]);
    const stats = (timeZone: string, now: string) =>
      ctx.app.commerce.orders.todayStats({ currency: 'EUR', timeZone }, new Date(now));
    expect(await stats('Europe/Berlin', '2026-03-11T00:10:00Z')).toMatchObject({
      date: '2026-03-11',
      ordersToday: 1,
      revenueOfOrdersPaidToday: order.totals.total,
    });
    expect(await stats('UTC', '2026-03-11T00:10:00Z')).toMatchObject({ date: '2026-03-11', ordersToday: 0 });
    expect(await stats('America/New_York', '2026-03-11T00:10:00Z')).toMatchObject({
      date: '2026-03-10',
      ordersToday: 1,
    });
  });

  it('answers the admin stats and an empty cart in the shop currency', async () => {
    await put(tokyo);
    const stats = await ctx.app.inject({ url: '/admin/stats/today', headers: staff.auth });
    expect(stats.json().currency).toBe('JPY');
    // An empty cart has no prices of its own to take a currency from.
    const cart = await ctx.app.inject({ url: '/cart' });
    expect(cart.statusCode).toBe(200);
    expect(cart.json().totals.currency).toBe('JPY');
    await put(demo);
  });
});
