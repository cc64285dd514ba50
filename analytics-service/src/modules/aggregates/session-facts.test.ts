import { describe, expect, it } from 'vitest';
import type { StoredEventDoc } from './documents';
import { sessionFactsOf } from './session-facts';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 10, minute));
const event = (overrides: Partial<StoredEventDoc>): StoredEventDoc => ({
  _id: `e${Math.random()}`,
  site: 'shop',
  type: 'page',
  name: 'pageview',
  occurredAt: at(0),
  receivedAt: at(0),
  storedAt: at(0),
  visitorId: 'v1',
  sessionId: 's:1',
  trusted: false,
  utm: {},
  device: 'mobile',
  browser: 'Mobile Safari',
  os: 'iOS',
  properties: {},
  applyId: 'w:1',
  ...overrides,
});

describe('sessionFactsOf', () => {
  it('takes the dimensions from the earliest pageview and the exit from the latest, whatever the order', () => {
    const { touches } = sessionFactsOf([
      event({ occurredAt: at(5), path: '/cart' }),
      event({
        occurredAt: at(1),
        path: '/',
        referrerHost: 'l.instagram.com',
        utm: { source: 'instagram' },
        hostname: 'shop.example',
        screen: 'mobile',
        language: 'de',
        country: 'CH',
      }),
      event({ occurredAt: at(9), path: '/checkout/thank-you' }),
      event({ type: 'track', name: 'Product Viewed', occurredAt: at(12), path: '/products/x' }),
    ]);
    expect(touches.get('shop|s:1')).toEqual({
      site: 'shop',
      first: at(1),
      last: at(9),
      visitorId: 'v1',
      entry: {
        at: at(1),
        path: '/',
        referrer: 'l.instagram.com',
        utm_source: 'instagram',
        utm_medium: '(none)',
        utm_campaign: '(none)',
        utm_term: '(none)',
        utm_content: '(none)',
        device: 'mobile',
        browser: 'Mobile Safari',
        os: 'iOS',
        hostname: 'shop.example',
        screen: 'mobile',
        language: 'de',
        country: 'CH',
        region: '(unknown)',
      },
      exit: { at: at(9), path: '/checkout/thank-you' },
    });
  });

  it('counts every event in its session, orders only from the server key, and makes no session of server events', () => {
    const { touches, counts } = sessionFactsOf([
      event({ path: '/' }),
      event({ type: 'track', name: 'Product Viewed', path: '/p' }),
      event({ type: 'track', name: 'Order Completed', properties: { total: 999 } }),
      event({ type: 'track', name: 'Order Completed', trusted: true, properties: { total: 2500 } }),
      event({
        type: 'track',
        name: 'Order Completed',
        trusted: true,
        sessionId: 's:2',
        properties: { total: 100 },
      }),
    ]);
    expect(counts.get('shop|s:1')!.inc).toEqual({
      events: 4,
      pageviews: 1,
      productViews: 1,
      orders: 1,
      revenue: 2500,
    });
    expect(counts.get('shop|s:2')!.inc).toEqual({ events: 1, orders: 1, revenue: 100 });
    expect([...touches.keys()]).toEqual(['shop|s:1']);
  });
});
