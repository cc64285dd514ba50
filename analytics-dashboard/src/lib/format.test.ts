import { describe, expect, it } from 'vitest';
import {
  computeDelta,
  formatCount,
  formatDuration,
  formatMoney,
  formatPercent,
  formatSignedPercent,
  minorToDecimalString,
  minorUnitDigits,
} from './format';

// Intl output contains narrow no-break spaces in some locales; compare with plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('formatMoney', () => {
  it('divides integer minor units by the currency’s own number of digits', () => {
    expect(plain(formatMoney(123456, 'EUR', 'de-DE'))).toBe('1.234,56 €');
    expect(plain(formatMoney(123456, 'USD', 'en-US'))).toBe('$1,234.56');
    expect(plain(formatMoney(1500, 'JPY', 'ja-JP'))).toBe('￥1,500');
    expect(minorUnitDigits('KWD')).toBe(3);
  });

  it('shows JPY (no minor units) and KWD (three) as they are, in the shop’s locale', () => {
    expect(formatMoney(1250, 'JPY', 'en-GB')).toBe('JP¥1,250');
    expect(plain(formatMoney(1250, 'KWD', 'en-GB'))).toBe('KWD 1.250');
    expect(minorToDecimalString(1250, 'KWD')).toBe('1.250');
    expect(minorToDecimalString(1250, 'JPY')).toBe('1250');
  });
});

describe('formatCount and formatPercent', () => {
  it('groups thousands the way the locale does', () => {
    expect(plain(formatCount(1234567, 'de-DE'))).toBe('1.234.567');
    expect(formatCount(1234567, 'en-GB')).toBe('1,234,567');
  });

  it('writes ratios as percentages', () => {
    expect(formatPercent(0.4567, 'en-GB')).toBe('45.7%');
    expect(plain(formatPercent(0.5, 'de-DE'))).toBe('50 %');
    expect(formatSignedPercent(0.123, 'en-GB')).toBe('+12.3%');
    expect(formatSignedPercent(-0.05, 'en-GB')).toBe('-5%');
  });
});

describe('formatDuration', () => {
  it('writes seconds, minutes and hours', () => {
    // The narrow unit names come from the runtime's ICU data; a space may or may not separate them.
    expect(formatDuration(42, 'en-GB')).toMatch(/^42 ?s$/);
    expect(formatDuration(125, 'en-GB')).toMatch(/^2 ?m 5 ?s$/);
    expect(formatDuration(3780, 'en-GB')).toMatch(/^1 ?h 3 ?m$/);
    expect(formatDuration(-3, 'en-GB')).toMatch(/^0 ?s$/);
  });
});

describe('computeDelta', () => {
  it('gives the relative change against the previous period', () => {
    expect(computeDelta(110, 100)).toEqual({ ratio: 0.1, trend: 'up' });
    expect(computeDelta(75, 100)).toEqual({ ratio: -0.25, trend: 'down' });
    expect(computeDelta(100, 100)).toEqual({ ratio: 0, trend: 'flat' });
  });

  it('does not divide by a zero previous period', () => {
    expect(computeDelta(5, 0)).toEqual({ ratio: null, trend: 'new' });
    expect(computeDelta(0, 0)).toEqual({ ratio: null, trend: 'flat' });
    expect(computeDelta(5, null)).toEqual({ ratio: null, trend: 'none' });
  });
});

describe('minorToDecimalString', () => {
  it('writes exact decimals for spreadsheets', () => {
    expect(minorToDecimalString(123450, 'EUR')).toBe('1234.50');
    expect(minorToDecimalString(5, 'EUR')).toBe('0.05');
    expect(minorToDecimalString(-199, 'USD')).toBe('-1.99');
    expect(minorToDecimalString(1500, 'JPY')).toBe('1500');
    expect(minorToDecimalString(1234, 'KWD')).toBe('1.234');
  });
});
