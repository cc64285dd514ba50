import { beforeEach, describe, expect, it } from 'vitest';
import {
  catalogTaxNote,
  countryName,
  formatMoney,
  formatMoneyRounded,
  majorToMinor,
  minorUnitsPerMajor,
  moneyAmount,
  taxLabel,
} from './money';
import { applyShopSettings } from './shop-settings';

// The demo shop's settings, as GET /shop/settings serves them.
beforeEach(() =>
  applyShopSettings({ locale: 'en-IE', currency: 'EUR', timeZone: 'Europe/Berlin', pricesIncludeTax: true }),
);

describe('money', () => {
  it("writes amounts in the shop's locale, from its settings", () => {
    applyShopSettings({
      locale: 'de-DE',
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
      pricesIncludeTax: true,
    });
    expect(formatMoney(123456, 'EUR').replace(/\s/g, ' ')).toBe('1.234,56 €');
    applyShopSettings({ locale: 'en-GB', currency: 'JPY', timeZone: 'Asia/Tokyo', pricesIncludeTax: false });
    expect(formatMoney(1500, 'JPY')).toBe('JP¥1,500');
  });

  it('formats integer minor units in the currency of the amount', () => {
    expect(formatMoney(8299, 'EUR')).toBe('€82.99');
    expect(formatMoney(0, 'EUR')).toBe('€0.00');
    expect(formatMoney(123456, 'USD')).toBe('US$1,234.56');
  });

  it('knows currencies without or with three minor digits', () => {
    expect(minorUnitsPerMajor('JPY')).toBe(1);
    expect(formatMoney(1500, 'JPY')).toBe('JP¥1,500');
    expect(minorUnitsPerMajor('KWD')).toBe(1000);
    expect(moneyAmount(1500, 'KWD')).toBe('1.500');
    expect(formatMoney(1500, 'KWD').replace(/\s/g, ' ')).toBe('KWD 1.500');
    expect(formatMoneyRounded(1500, 'JPY')).toBe('JP¥1,500');
    expect(formatMoneyRounded(1500, 'KWD').replace(/\s/g, ' ')).toBe('KWD 1.500');
  });

  it('gives the decimal amount that schema.org expects', () => {
    expect(moneyAmount(8299, 'EUR')).toBe('82.99');
    expect(moneyAmount(500, 'EUR')).toBe('5.00');
    expect(moneyAmount(1500, 'JPY')).toBe('1500');
  });

  it('turns a typed price into minor units without floating-point drift', () => {
    expect(majorToMinor('49.90', 'EUR')).toBe(4990);
    expect(majorToMinor('0.29', 'EUR')).toBe(29);
    expect(majorToMinor(' 25 ', 'EUR')).toBe(2500);
    expect(majorToMinor('12,5', 'EUR')).toBe(1250);
    expect(majorToMinor('abc', 'EUR')).toBeUndefined();
    expect(majorToMinor('-5', 'EUR')).toBeUndefined();
  });

  it('drops zero minor digits for round amounts only', () => {
    expect(formatMoneyRounded(2500, 'EUR')).toBe('€25');
    expect(formatMoneyRounded(2550, 'EUR')).toBe('€25.50');
  });
});

describe('tax wording', () => {
  it("says on every catalog price whether it includes tax, as the shop's setting says", () => {
    expect(catalogTaxNote()).toBe('incl. VAT');
    applyShopSettings({
      locale: 'en-US',
      currency: 'USD',
      timeZone: 'America/New_York',
      pricesIncludeTax: false,
    });
    expect(catalogTaxNote()).toBe('excl. tax');
  });

  it('labels the tax of totals with its rate, inside the prices or added', () => {
    expect(taxLabel({ taxIncluded: true, taxRateBasisPoints: 1900 })).toBe('Incl. VAT (19%)');
    expect(taxLabel({ taxIncluded: false, taxRateBasisPoints: 2000 })).toBe('Tax (20%)');
    expect(countryName('FR')).toBe('France');
  });
});

describe('order times', () => {
  it("are written in the shop's locale and time zone", async () => {
    const { formatDateTime } = await import('../features/orders/status');
    applyShopSettings({
      locale: 'en-IE',
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
      pricesIncludeTax: true,
    });
    expect(formatDateTime('2026-07-01T23:30:00Z')).toBe('2 Jul 2026, 01:30');
    applyShopSettings({ locale: 'en-GB', currency: 'JPY', timeZone: 'Asia/Tokyo', pricesIncludeTax: false });
    expect(formatDateTime('2026-07-01T23:30:00Z')).toBe('2 Jul 2026, 08:30');
  });
});
