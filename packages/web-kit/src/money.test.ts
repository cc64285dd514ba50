import { describe, expect, it } from 'vitest';
import {
  formatMoney,
  formatMoneyCompact,
  minorToDecimalString,
  minorUnitsPerMajor,
  parseMoney,
} from './money';

// Intl separates with no-break spaces; the tests compare what a person reads.
const plain = (text: string) => text.replace(/\s/g, ' ');

describe('money', () => {
  it('shows a zero-decimal currency (JPY) without dividing: 1250 minor units are JP¥1,250', () => {
    expect(minorUnitsPerMajor('JPY')).toBe(1);
    expect(plain(formatMoney(1250, { locale: 'en-IE', currency: 'JPY' }))).toBe('JP¥1,250');
    expect(minorToDecimalString(1250, 'JPY')).toBe('1250');
  });

  it('shows a three-decimal currency (KWD) with three decimals: 1250 minor units are 1.250 KWD', () => {
    expect(minorUnitsPerMajor('KWD')).toBe(1000);
    expect(plain(formatMoney(1250, { locale: 'en-IE', currency: 'KWD' }))).toBe('KWD 1.250');
    expect(minorToDecimalString(-5, 'KWD')).toBe('-0.005');
  });

  it('shows EUR in cents and follows the locale it is given', () => {
    expect(plain(formatMoney(1250, { locale: 'en-IE', currency: 'EUR' }))).toBe('€12.50');
    expect(plain(formatMoney(123456, { locale: 'de-DE', currency: 'EUR' }))).toBe('1.234,56 €');
    expect(plain(formatMoneyCompact(123_456_700, { locale: 'en-IE', currency: 'EUR' }))).toBe('€1.2M');
  });

  it('reads a typed amount in the currency’s own minor units, and refuses more decimals than it has', () => {
    expect(parseMoney('12.5', 'EUR')).toBe(1250);
    expect(parseMoney('12,50', 'EUR')).toBe(1250);
    expect(parseMoney('1250', 'JPY')).toBe(1250);
    expect(parseMoney('12.5', 'JPY')).toBeNull();
    expect(parseMoney('1.25', 'KWD')).toBe(1250);
    expect(parseMoney('1.2505', 'KWD')).toBeNull();
    expect(parseMoney('-3', 'EUR')).toBeNull();
  });
});
