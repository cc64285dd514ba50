import { EventInput, SegmentMessage } from '@shopstream/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptsEventInput, acceptsSegmentMessage } from './compiled-validation';
import { fromSegment } from './segment';

/** Characters outside the BMP: one code point, two UTF-16 units. */
const SURROGATE_PAIR = /[\ud800-\udbff][\udc00-\udfff]/;

/** Values that break some limit or type somewhere, beside ordinary ones. */
const tricky = fc.constantFrom<unknown>(
  '',
  'x',
  'Product Viewed',
  'x\u0000y',
  'lone \ud800',
  '😀'.repeat(40),
  'a'.repeat(64),
  'a'.repeat(65),
  'a'.repeat(100),
  'a'.repeat(101),
  'a'.repeat(2049),
  '2026-12-01T10:00:00.000Z',
  '2026-12-01T10:00:00+05:30',
  '2026-02-30T10:00:00Z',
  '2026-12-01 10:00:00',
  'EUR',
  'eur',
  'node-next-1733040000000-ab',
  'id with space',
  '12.99',
  0,
  -1,
  1.5,
  1299,
  10_000,
  10_001,
  10_000_000_001,
  true,
  null,
  [],
  ['a'],
  {},
  { product_id: 'p-1' },
  { 'a.b': 1 },
  { $x: 1 },
  { url: 'https://shop.example/a', path: '/a' },
  { title: 'x\u0000' },
);

const field = fc.constantFrom(
  'id',
  'type',
  'event',
  'timestamp',
  'sessionId',
  'userId',
  'anonymousId',
  'page',
  'properties',
  'unknown',
);
const propertyField = fc.constantFrom(
  'product_id',
  'price',
  'quantity',
  'currency',
  'sku',
  'name',
  'order_id',
  'total',
  'products',
  'k.y',
);

const validEvents = [
  {
    type: 'track',
    event: 'Product Viewed',
    id: 'node-next-1733040000000-4f0c2f5a',
    timestamp: '2026-12-01T10:00:00.000Z',
    anonymousId: 'anon-1',
    userId: 'customer-1',
    sessionId: 'session-1',
    page: { url: 'https://shop.example/products/p-1', path: '/products/p-1' },
    properties: { product_id: 'p-1', price: 1299, quantity: 1, currency: 'EUR', name: 'Mug' },
  },
  {
    type: 'page',
    page: { url: 'https://shop.example/?utm_source=x', title: 'Home', referrer: 'https://a.example/' },
  },
  { type: 'track', event: 'Order Completed', properties: { order_id: 'o-1', total: 2598, currency: 'EUR' } },
  { type: 'identify', userId: 'customer-1', anonymousId: 'anon-1', properties: { email: 'a@b.example' } },
  { type: 'screen', page: { title: 'Cart' } },
];

/** A valid event with up to 4 fields (or properties) replaced by tricky values. */
const mutatedEvent = fc
  .tuple(
    fc.constantFrom(...validEvents),
    fc.array(fc.tuple(field, tricky), { maxLength: 4 }),
    fc.array(fc.tuple(propertyField, tricky), { maxLength: 3 }),
  )
  .map(([base, changes, propertyChanges]) => {
    const event: Record<string, unknown> = structuredClone(base);
    for (const [name, value] of changes) event[name] = value;
    if (propertyChanges.length && event.properties && typeof event.properties === 'object')
      event.properties = { ...event.properties, ...Object.fromEntries(propertyChanges) };
    return event;
  });

describe('the compiled ingest validators', () => {
  it('never accept an event that EventInput (zod) refuses', () => {
    let accepted = 0;
    fc.assert(
      fc.property(mutatedEvent, (event) => {
        const zod = EventInput.safeParse(event).success;
        if (acceptsEventInput(event)) {
          accepted++;
          expect(zod).toBe(true);
        }
      }),
      { numRuns: 4000, seed: 1201 },
    );
    // The generator produces valid events too, so the property is not vacuous.
    expect(accepted).toBeGreaterThan(200);
  });

  it('accept the valid events of the bench and of the SDKs, so the fast path is the usual one', () => {
    for (const event of validEvents) expect(acceptsEventInput(event)).toBe(true);
    const segment = {
      type: 'track' as const,
      event: 'Product Added',
      messageId: `node-next-1733040000000-${'a'.repeat(36)}`,
      anonymousId: '4f0c2f5a-5c1b-4f53-9d7e-000000000001',
      userId: 'customer-4f0c2f5a-1',
      timestamp: '2026-12-01T10:00:00.000Z',
      properties: { product_id: 'prod-1', sku: 'SKU-1', price: '12.99', quantity: 1, currency: 'eur' },
      context: { page: { path: '/products/prod-1' }, sessionId: 'x-1', userAgent: 'Mozilla/5.0' },
    };
    expect(acceptsSegmentMessage(segment)).toBe(true);
    const { event } = fromSegment(segment, { minorUnits: false, receivedAt: new Date() });
    expect(acceptsEventInput(event)).toBe(true);
    expect(EventInput.parse(event)).toEqual(event);
  });

  it('count string lengths in UTF-16 units, so a text of emoji within zod’s limit in code points goes to zod', () => {
    const emoji = '😀'.repeat(40); // 80 UTF-16 units, 40 code points: the limits are 64
    const event = { type: 'track', event: 'Cart Viewed', anonymousId: emoji, sessionId: emoji };
    expect(EventInput.safeParse(event).success).toBe(true);
    expect(acceptsEventInput(event)).toBe(false);
    const message = { type: 'track', event: 'Cart Viewed', context: { sessionId: emoji } };
    expect(SegmentMessage.safeParse(message).success).toBe(true);
    expect(acceptsSegmentMessage(message)).toBe(false);
    // Within the limit in both counts, and one unit over it in both.
    expect(acceptsEventInput({ ...event, anonymousId: '😀'.repeat(32), sessionId: 'x' })).toBe(true);
    expect(acceptsEventInput({ ...event, anonymousId: 'a'.repeat(65), sessionId: 'x' })).toBe(false);
    expect(acceptsEventInput({ ...event, anonymousId: '', sessionId: 'x' })).toBe(false);
  });

  it('accept a Segment message only when SegmentMessage (zod) does, and every one it does without emoji', () => {
    const segmentField = fc.constantFrom(
      'type',
      'messageId',
      'event',
      'name',
      'userId',
      'anonymousId',
      'previousId',
      'timestamp',
      'sentAt',
      'properties',
      'traits',
      'context',
      'writeKey',
      'unknown',
    );
    let accepted = 0;
    const contextValue = fc.oneof(
      tricky,
      fc.record(
        { userAgent: tricky, ip: tricky, sessionId: tricky, page: tricky, other: tricky },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(segmentField, fc.oneof(tricky, contextValue)), { maxLength: 5 }),
        (changes) => {
          const message: Record<string, unknown> = { type: 'track', event: 'Product Viewed' };
          for (const [name, value] of changes) message[name] = value;
          const zod = SegmentMessage.safeParse(message).success;
          if (acceptsSegmentMessage(message)) {
            accepted++;
            expect(zod).toBe(true);
          } else if (zod) expect(JSON.stringify(message)).toMatch(SURROGATE_PAIR);
        },
      ),
      { numRuns: 3000, seed: 1201 },
    );
    expect(accepted).toBeGreaterThan(500);
  });
});
