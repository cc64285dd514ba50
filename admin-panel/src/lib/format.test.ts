import { beforeAll, describe, expect, it } from 'vitest';
import { amountText, formatCount, formatDateTime, formatMoney, parseMoney } from './format';
import { shopSettings } from './shop-settings';

const settings = { currency: 'EUR', locale: 'en-IE', timeZone: 'Europe/Dublin' };

// As ShopSettingsGate fills them from GET /shop/settings before any screen renders.
beforeAll(() => {
  Object.assign(shopSettings, settings);
});
const plain = (text: string) => text.replace(/\s/g, ' ');

describe('admin money', () => {
  it('shows JPY, a zero-decimal currency, without dividing by 100', () => {
    expect(formatMoney(1250, 'JPY', settings)).toBe('JP¥1,250');
  });

  it('shows KWD, a three-decimal currency, with three decimals', () => {
    expect(plain(formatMoney(1250, 'KWD', settings))).toBe('KWD 1.250');
  });

  it('shows EUR in cents, and a dash for no amount', () => {
    expect(formatMoney(1250, 'EUR', settings)).toBe('€12.50');
    expect(formatMoney(null)).toBe('—');
  });

  it('fills a money field with the amount in the currency’s own decimals, as it reads it back', () => {
    expect(amountText(1250, 'EUR')).toBe('12.50');
    expect(amountText(1250, 'JPY')).toBe('1250');
    expect(amountText(1250, 'KWD')).toBe('1.250');
    expect(parseMoney(amountText(4500, 'JPY'), 'JPY')).toBe(4500);
    expect(amountText(null)).toBe('');
  });

  it('writes counts in the shop’s locale', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(1234567, { ...settings, locale: 'de-DE' })).toBe('1.234.567');
  });

  it('reads typed amounts in the currency’s minor units', () => {
    expect(parseMoney('12.50')).toBe(1250);
    expect(parseMoney('1250', 'JPY')).toBe(1250);
    expect(parseMoney('1.25', 'KWD')).toBe(1250);
  });

  it('shows times in the shop’s time zone', () => {
    expect(formatDateTime('2026-07-01T23:30:00Z', settings)).toBe('2 Jul 2026, 00:30');
  });

  it('follows the served settings: a shop in JPY shows and reads yen without minor units', () => {
    Object.assign(shopSettings, { currency: 'JPY', locale: 'en-GB', timeZone: 'Asia/Tokyo' });
    try {
      expect(formatMoney(1250)).toBe('JP¥1,250');
      expect(parseMoney('1250')).toBe(1250);
      expect(parseMoney('12.50')).toBeNull();
      expect(formatDateTime('2026-07-01T23:30:00Z')).toBe('2 Jul 2026, 08:30');
    } finally {
      Object.assign(shopSettings, settings);
    }
  });
});
