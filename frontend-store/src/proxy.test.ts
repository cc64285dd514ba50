import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { proxy } from './proxy';

const cacheControl = (path: string) =>
  proxy(new NextRequest(`http://localhost:3001${path}`)).headers.get('cache-control');

describe('page caching', () => {
  it('lets the browser keep catalog pages for Back but never reuse them without asking', () => {
    for (const path of ['/', '/category/shoes', '/product/a-mug', '/search?q=mug']) {
      expect(cacheControl(path)).toBe('private, no-cache');
    }
  });

  it('stores no page about one shopper', () => {
    for (const path of [
      '/cart',
      '/checkout',
      '/checkout/confirmation/1001',
      '/account',
      '/account/login',
      '/orders/view',
    ]) {
      expect(cacheControl(path)).toContain('no-store');
    }
  });

  it('does not mistake a catalog path that starts like a personal one', () => {
    expect(cacheControl('/cartography')).toBe('private, no-cache');
  });
});
