import { describe, expect, it } from 'vitest';
import { formatCount, formatDecimal, formatTime } from './numbers';

const plain = (text: string) => text.replace(/\s/g, ' ');

describe('numbers in the shop’s locale', () => {
  it('writes rates in the shop’s locale, not the browser’s', () => {
    expect(formatDecimal(1234.56, 'en-GB', 1)).toBe('1,234.6');
    expect(formatDecimal(1234.56, 'de-DE', 1)).toBe('1.234,6');
    expect(formatDecimal(0.5, 'en', 2)).toBe('0.5');
  });

  it('writes counts the same way', () => {
    expect(formatCount(1234567, 'en-IE')).toBe('1,234,567');
    expect(plain(formatCount(1234567, 'fr-FR'))).toBe('1 234 567');
  });

  it('writes a time in the shop’s zone, summer time included', () => {
    const at = '2026-07-01T10:15:30.000Z';
    expect(formatTime(at, { locale: 'en-GB', timeZone: 'Europe/Berlin' })).toBe('12:15:30');
    expect(formatTime(at, { locale: 'en-GB', timeZone: 'Asia/Kolkata' })).toBe('15:45:30');
    expect(formatTime('2026-12-01T10:15:30.000Z', { locale: 'en-GB', timeZone: 'Europe/Berlin' })).toBe(
      '11:15:30',
    );
  });
});
