import { describe, expect, it } from 'vitest';
import { pathOf, referrerHostOf, utmOf } from './enrich';

describe('page facts, parsed once per distinct text', () => {
  it('answers the same on every call, and each caller gets utm parameters of its own', () => {
    const url = 'https://www.shop.example/products/p-1?utm_source=news&utm_medium=mail&x=1';
    for (let call = 0; call < 3; call++) {
      expect(utmOf(url, undefined)).toEqual({ source: 'news', medium: 'mail' });
      expect(pathOf(undefined, url)).toBe('/products/p-1');
      expect(referrerHostOf('https://www.Google.com/search?q=x', url)).toBe('google.com');
      expect(referrerHostOf('https://shop.example/', url)).toBeUndefined();
    }
    const mine = utmOf(url, undefined);
    mine.source = 'changed';
    expect(utmOf(url, undefined).source).toBe('news');
  });

  it('reads `search` before the URL, drops what decodes to NUL, and answers nothing for what is not a URL', () => {
    expect(utmOf('https://shop.example/?utm_source=url', '?utm_source=search')).toEqual({ source: 'search' });
    expect(utmOf('https://shop.example/?utm_source=a%00b', undefined)).toEqual({});
    expect(utmOf('not a url', undefined)).toEqual({});
    expect(pathOf(undefined, 'not a url')).toBeUndefined();
    expect(pathOf('/a?b=1', 'https://shop.example/other')).toBe('/a');
    expect(referrerHostOf('not a url', undefined)).toBeUndefined();
  });

  it('still answers for URLs too long to be kept', () => {
    const long = `https://shop.example/${'p'.repeat(600)}?utm_campaign=long`;
    expect(utmOf(long, undefined)).toEqual({ campaign: 'long' });
    expect(pathOf(undefined, long)).toBe(`/${'p'.repeat(600)}`);
  });
});
