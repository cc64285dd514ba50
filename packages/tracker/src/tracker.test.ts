import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type BrowserEnv, createTracker } from './index';

interface Sent {
  url: string;
  body: {
    writeKey: string;
    batch: Array<{
      type: string;
      event?: string;
      properties: object;
      messageId: string;
      context: { page: { path: string }; screen?: object; locale?: string };
    }>;
  };
  via: 'fetch' | 'beacon';
  headers?: HeadersInit;
}

function makeBrowser(overrides: Partial<BrowserEnv> = {}, statuses: Array<number | Error> = []) {
  const sent: Sent[] = [];
  const listeners = new Map<string, () => void>();
  let id = 0;
  const env: BrowserEnv = {
    fetch: async (url, init) => {
      const next = statuses.shift() ?? 202;
      if (next instanceof Error) throw next;
      sent.push({ url, body: JSON.parse(String(init.body)), via: 'fetch', headers: init.headers });
      return {
        status: next,
        headers: { get: (name) => (name === 'retry-after' && next === 503 ? '2' : null) },
      };
    },
    sendBeacon: (url, body) => {
      sent.push({ url, body: JSON.parse(body), via: 'beacon' });
      return true;
    },
    location: { href: 'https://shop.example/products/blue-sneakers', pathname: '/products/blue-sneakers' },
    document: { referrer: 'https://www.google.com/', title: 'Blue sneakers', visibilityState: 'visible' },
    navigator: {},
    addEventListener: (type, listener) => listeners.set(type, listener),
    now: () => new Date('2026-11-25T10:00:00Z'),
    randomId: () => `id-${++id}`,
    ...overrides,
  };
  // A 503 answer is recorded too, so retries can be counted.
  return { env, sent, listeners };
}

const endpoint = 'http://localhost:8080/collect';

describe('tracker', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends nothing at all when the browser asks for Do Not Track', async () => {
    const { env, sent } = makeBrowser({ navigator: { doNotTrack: '1' } });
    const tracker = createTracker({ endpoint, site: 'demo' }, env);
    tracker.page();
    tracker.track('Product Viewed', { product_id: 'p1' });
    await tracker.flush();
    await vi.runAllTimersAsync();
    expect(tracker.enabled).toBe(false);
    expect(sent).toEqual([]);
  });

  it('sends nothing at all under Global Privacy Control', async () => {
    const { env, sent } = makeBrowser({ navigator: { globalPrivacyControl: true } });
    const tracker = createTracker({ endpoint, site: 'demo' }, env);
    tracker.page();
    await vi.runAllTimersAsync();
    expect(sent).toEqual([]);
  });

  it('batches calls into one request after the flush interval, with page context and no cookies', async () => {
    const { env, sent } = makeBrowser();
    const tracker = createTracker({ endpoint, site: 'demo', flushIntervalMs: 1000 }, env);
    tracker.page();
    tracker.track('Product Viewed', { product_id: 'p1', price: 4999, currency: 'EUR' });
    tracker.track('Product Added', { product_id: 'p1', quantity: 1 });
    expect(sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(1);
    const request = sent[0]!;
    expect(request.url).toBe(endpoint);
    expect(request.headers).toEqual({ 'content-type': 'text/plain' });
    expect(request.body.writeKey).toBe('demo');
    expect(request.body.batch.map((e) => [e.type, e.event ?? null])).toEqual([
      ['page', null],
      ['track', 'Product Viewed'],
      ['track', 'Product Added'],
    ]);
    expect(request.body.batch[0]).toMatchObject({
      messageId: 'id-1',
      timestamp: '2026-11-25T10:00:00.000Z',
      context: {
        page: {
          path: '/products/blue-sneakers',
          referrer: 'https://www.google.com/',
          title: 'Blue sneakers',
        },
      },
    });
  });

  it("sends the screen's size and the browser's language with each call, and omits what the browser lacks", async () => {
    const { env, sent } = makeBrowser({
      navigator: { language: 'de-CH' },
      screen: { width: 390, height: 844 },
    });
    const tracker = createTracker({ endpoint, site: 'demo', flushIntervalMs: 1000 }, env);
    tracker.page();
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent[0]!.body.batch[0]!.context).toMatchObject({
      screen: { width: 390, height: 844 },
      locale: 'de-CH',
    });
    const bare = makeBrowser();
    const plain = createTracker({ endpoint, site: 'demo', flushIntervalMs: 1000 }, bare.env);
    plain.page();
    await vi.advanceTimersByTimeAsync(1000);
    expect(Object.keys(bare.sent[0]!.body.batch[0]!.context)).toEqual(['page']);
  });

  it('sends at once when a batch is full', async () => {
    const { env, sent } = makeBrowser();
    const tracker = createTracker({ endpoint, site: 'demo', maxBatch: 2, flushIntervalMs: 60_000 }, env);
    tracker.track('A');
    tracker.track('B');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body.batch).toHaveLength(2);
  });

  it('keeps a batch the service answered 503 and sends it again after Retry-After, once', async () => {
    const { env, sent } = makeBrowser({}, [503, 202]);
    const tracker = createTracker({ endpoint, site: 'demo', flushIntervalMs: 100 }, env);
    tracker.track('Checkout Started', { value: 12000 });
    await vi.advanceTimersByTimeAsync(100);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1999);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.body.batch.map((e) => e.messageId)).toEqual(sent[0]!.body.batch.map((e) => e.messageId));
    await vi.runAllTimersAsync();
    expect(sent).toHaveLength(2);
  });

  it('retries after a network error with a growing delay', async () => {
    const { env, sent } = makeBrowser({}, [new Error('offline'), new Error('offline'), 202]);
    const tracker = createTracker({ endpoint, site: 'demo', flushIntervalMs: 10 }, env);
    tracker.track('Cart Viewed');
    await vi.advanceTimersByTimeAsync(10 + 1000 + 2000);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body.batch[0]!.event).toBe('Cart Viewed');
  });

  it('sends what is queued with sendBeacon when the page is hidden', async () => {
    const { env, sent, listeners } = makeBrowser();
    const tracker = createTracker({ endpoint, site: 'demo', flushIntervalMs: 60_000 }, env);
    tracker.track('Product Removed', { product_id: 'p1' });
    env.document.visibilityState = 'hidden';
    listeners.get('visibilitychange')?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((s) => s.via)).toEqual(['beacon']);
    expect(sent[0]!.body.batch[0]!.event).toBe('Product Removed');
  });

  it('counts a page once when asked twice for the same address (a StrictMode double mount), again after moving on', async () => {
    const location = { href: 'https://shop.example/', pathname: '/' };
    const { env, sent } = makeBrowser({ location });
    const tracker = createTracker({ endpoint, site: 'demo', flushIntervalMs: 10 }, env);
    tracker.page();
    tracker.page();
    Object.assign(location, { href: 'https://shop.example/cart', pathname: '/cart' });
    tracker.page();
    Object.assign(location, { href: 'https://shop.example/', pathname: '/' });
    tracker.page();
    await vi.advanceTimersByTimeAsync(10);
    expect(sent.flatMap((request) => request.body.batch.map((event) => event.context.page.path))).toEqual([
      '/',
      '/cart',
      '/',
    ]);
  });

  it('stays under 2 KB gzipped when bundled and minified', async () => {
    const result = await build({
      entryPoints: [new URL('./index.ts', import.meta.url).pathname],
      bundle: true,
      minify: true,
      format: 'esm',
      target: 'es2020',
      write: false,
    });
    const gzipped = gzipSync(result.outputFiles[0]!.contents).length;
    expect(gzipped).toBeLessThan(2048);
  });
});
