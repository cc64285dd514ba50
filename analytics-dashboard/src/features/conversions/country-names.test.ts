import { describe, expect, it } from 'vitest';
import { countryName, numericOf, shadeOf } from './country-names';

describe('country names and shades', () => {
  it('maps alpha-2 codes to the numeric ids of the world map', () => {
    expect(numericOf('DE')).toBe('276');
    expect(numericOf('US')).toBe('840');
    expect(numericOf('ZZ')).toBeUndefined();
  });

  it('names countries in the UI language and says Unknown for addresses without one', () => {
    expect(countryName('DE', 'en-GB')).toBe('Germany');
    expect(countryName('(unknown)', 'en-GB')).toBe('Unknown');
  });

  it('shades a country by its share of the busiest, never past 1', () => {
    expect(shadeOf(0, 10)).toBe(0);
    expect(shadeOf(10, 10)).toBe(1);
    expect(shadeOf(5, 10)).toBeCloseTo(0.6);
    expect(shadeOf(3, 0)).toBe(0);
  });
});
