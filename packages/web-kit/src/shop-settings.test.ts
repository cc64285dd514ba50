import type { ShopSettings } from '@shopstream/contracts';
import { describe, expect, it } from 'vitest';
import { formatMoney, formatMoneyCompact } from './money';
import { formatCount, formatDateTime } from './numbers';
import { ApiError } from './problem';
import { dateFormatOf, fetchShopSettings, moneyFormatOf } from './shop-settings';

const plain = (text: string) => text.replace(/\u00a0|\u202f/g, ' ');

const shop = (settings: Partial<ShopSettings>): ShopSettings => ({
  name: 'Test shop',
  currency: 'EUR',
  locale: 'en-IE',
  timeZone: 'Europe/Berlin',
  pricesIncludeTax: true,
  contactEmail: 'shop@example.com',
  address: { name: 'Test Ltd', street: '1 Street', postcode: '1000', city: 'City', country: 'IE' },
  ...settings,
});

const answering = (status: number, body: unknown) =>
  (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;

describe("the shop's settings in the web apps", () => {
  it('formats money from the served settings, with the currency’s own minor units (JPY 0, KWD 3)', async () => {
    const yen = await fetchShopSettings('http://api.test', {
      fetch: answering(200, shop({ currency: 'JPY', locale: 'en-GB', timeZone: 'Asia/Tokyo' })),
    });
    expect(formatMoney(1250, moneyFormatOf(yen))).toBe('JP¥1,250');
    const dinar = await fetchShopSettings('http://api.test', {
      fetch: answering(200, shop({ currency: 'KWD', locale: 'en-GB', timeZone: 'Asia/Kuwait' })),
    });
    expect(plain(formatMoney(1250, moneyFormatOf(dinar)))).toBe('KWD 1.250');
    expect(plain(formatMoneyCompact(1_250_000, moneyFormatOf(dinar)))).toBe('KWD 1.3k');
  });

  it('formats numbers and times in the shop’s locale and zone, not the browser’s', async () => {
    const english = shop({ locale: 'en-IE', timeZone: 'Europe/Berlin' });
    expect(formatCount(1234567, english.locale)).toBe('1,234,567');
    expect(plain(formatMoney(123456, moneyFormatOf(english)))).toBe('€1,234.56');
    // 23:30 UTC is already the next day in Berlin.
    expect(formatDateTime('2026-04-01T23:30:00Z', dateFormatOf(english))).toBe('2 Apr 2026, 01:30');
    const german = shop({ locale: 'de-DE' });
    expect(plain(formatMoney(123456, moneyFormatOf(german)))).toBe('1.234,56 €');
  });

  it('says in a sentence when the settings cannot be had', async () => {
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    await expect(fetchShopSettings('http://api.test', { fetch: down })).rejects.toThrow(
      "The shop's settings cannot be loaded: the API does not answer",
    );
    const broken = fetchShopSettings('http://api.test', { fetch: answering(200, { currency: 'EUR' }) });
    await expect(broken).rejects.toBeInstanceOf(ApiError);
    const failed = fetchShopSettings('http://api.test', {
      fetch: answering(500, { type: 'about:blank', title: 'Internal server error', status: 500 }),
    });
    await expect(failed).rejects.toMatchObject({ status: 500 });
  });
});
