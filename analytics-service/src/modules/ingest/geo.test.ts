import { describe, expect, it } from 'vitest';
import { CountryLocator } from './geo';

const locator = new CountryLocator();

describe('CountryLocator', () => {
  it('answers the country of public IPv4 and IPv6 addresses from the shipped database', () => {
    expect(locator.countryOf('81.2.69.142')).toBe('GB');
    expect(locator.countryOf('8.8.8.8')).toBe('US');
    expect(locator.countryOf('133.242.0.1')).toBe('JP');
    expect(locator.countryOf('2a00:1450:4001::1')).toBe('IE');
  });

  it('reads an IPv4 address written as IPv6 by a dual-stack socket', () => {
    expect(locator.countryOf('::ffff:81.2.69.142')).toBe('GB');
  });

  it('answers unknown for private, loopback, shared and documentation addresses, which the database would misplace', () => {
    // The database itself places 192.168.1.1 in AU.
    for (const ip of ['192.168.1.1', '10.1.2.3', '172.16.0.9', '127.0.0.1', '100.64.0.1', '::1', 'fd00::1'])
      expect(locator.countryOf(ip), ip).toBeUndefined();
    expect(locator.countryOf('203.0.113.7')).toBeUndefined();
  });

  it('answers unknown for what is not an address', () => {
    expect(locator.countryOf('')).toBeUndefined();
    expect(locator.countryOf('not-an-ip')).toBeUndefined();
  });
});
