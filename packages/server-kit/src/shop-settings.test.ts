import { randomBytes } from 'node:crypto';
import type { ShopSettings } from '@shopstream/contracts';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createShopSettingsMirror, createShopSettingsReader, readShopSettingsRecord } from './shop-settings';

const prefix = `test:shop-settings-${randomBytes(4).toString('hex')}:`;
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { keyPrefix: prefix });
afterAll(async () => {
  await redis.del('shop-settings');
  redis.disconnect();
});

const settings = (timeZone: string): ShopSettings => ({
  name: 'Shop',
  currency: 'EUR',
  locale: 'en-IE',
  timeZone,
  pricesIncludeTax: true,
  contactEmail: 'shop@example.com',
  address: { name: 'Shop Ltd', street: '1 Street', postcode: '1000', city: 'City', country: 'IE' },
});

describe('the shop settings mirror in Redis', () => {
  it('keeps the newest version whatever order the writes arrive in', async () => {
    const mirror = createShopSettingsMirror(redis);
    expect(await mirror.publish(settings('Asia/Tokyo'), new Date(2000))).toBe(1);
    expect(await mirror.publish(settings('Europe/Berlin'), new Date(1000))).toBe(0);
    expect((await readShopSettingsRecord(redis))?.settings.timeZone).toBe('Asia/Tokyo');
    expect(await mirror.publish(settings('UTC'), new Date(3000))).toBe(1);
    expect(await readShopSettingsRecord(redis)).toEqual({ settings: settings('UTC'), version: 3000 });
  });

  it('reads through a short cache, answers the fallback before any write, and keeps the last while Redis is away', async () => {
    await redis.del('shop-settings');
    const fallback = settings('Etc/UTC');
    const errors: unknown[] = [];
    const reader = createShopSettingsReader(redis, {
      cacheMs: 50,
      fallback,
      onError: (error) => errors.push(error),
    });
    expect(await reader()).toEqual(fallback);
    await createShopSettingsMirror(redis).publish(settings('Asia/Tokyo'), new Date(5000));
    // Within the cache time the old answer stands; after it, the new one.
    expect((await reader()).timeZone).toBe('Etc/UTC');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await reader()).timeZone).toBe('Asia/Tokyo');

    // Redis goes away after a good read: the last settings stay, and the error is reported.
    const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
      keyPrefix: prefix,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => {});
    const keeping = createShopSettingsReader(client, {
      cacheMs: 0,
      fallback,
      onError: (e) => errors.push(e),
    });
    expect((await keeping()).timeZone).toBe('Asia/Tokyo');
    client.disconnect();
    expect((await keeping()).timeZone).toBe('Asia/Tokyo');
    expect(errors.length).toBeGreaterThan(0);
  });

  it('takes an unreadable record as none', async () => {
    await redis.set('shop-settings', '{"settings":{"currency":1}}');
    expect(await readShopSettingsRecord(redis)).toBeNull();
    await redis.set('shop-settings', 'not json');
    expect(await readShopSettingsRecord(redis)).toBeNull();
  });
});
