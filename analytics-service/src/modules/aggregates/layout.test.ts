import { describe, expect, it } from 'vitest';
import type { BucketIncrement } from './documents';
import { bucketCounters, documentOf, documentWritesOf, slotsOf } from './layout';

const at = (iso: string) => new Date(iso);
const increment = (
  g: BucketIncrement['g'],
  t: string,
  dim: string,
  key: string,
  inc: Record<string, number>,
) => ({
  id: '',
  site: 'shop',
  g,
  t: at(t),
  dim,
  key,
  inc,
});

describe('the bucket document layout', () => {
  it('writes a day, its hours and a key once per document, whatever number of buckets an apply touches', () => {
    const writes = documentWritesOf([
      increment('d', '2026-03-01T00:00:00Z', 'page', '/a.b/$x', { pageviews: 2, events: 2 }),
      increment('h', '2026-03-01T09:00:00Z', 'page', '/a.b/$x', { pageviews: 1, events: 1 }),
      increment('h', '2026-03-01T17:00:00Z', 'page', '/a.b/$x', { pageviews: 1, events: 1 }),
      increment('m', '2026-03-01T09:07:00Z', 'total', '', { events: 1 }),
      increment('m', '2026-03-01T09:59:00Z', 'total', '', { events: 3 }),
      increment('m', '2026-03-01T10:00:00Z', 'total', '', { events: 1 }),
    ]);
    expect(writes).toHaveLength(3);
    const page = writes.find((w) => w.dim === 'page')!;
    expect(page.id).toBe('shop|d|2026-03-01T00:00:00.000Z|page|/a.b/$x');
    // The key is never a field name: only counters and hour or minute slots are.
    expect(page.inc).toEqual({
      pageviews: 2,
      events: 2,
      'hours.h09.pageviews': 1,
      'hours.h09.events': 1,
      'hours.h17.pageviews': 1,
      'hours.h17.events': 1,
    });
    const nine = writes.find((w) => w.g === 'hm' && w.t.toISOString() === '2026-03-01T09:00:00.000Z')!;
    expect(nine.inc).toEqual({ 'minutes.m07.events': 1, 'minutes.m59.events': 3 });
  });

  it('reads back each bucket of a document as it was written, day, hours and minutes', () => {
    const [day, minutes] = documentWritesOf([
      increment('d', '2026-03-01T00:00:00Z', 'total', '', { orders: 2, revenue: 500 }),
      increment('h', '2026-03-01T23:00:00Z', 'total', '', { orders: 2, revenue: 500 }),
      increment('m', '2026-03-01T23:45:00Z', 'total', '', { orders: 2, revenue: 500 }),
    ]).map((write) => documentOf(write, { w: 1 }));
    expect(bucketCounters(day, 'd', at('2026-03-01T12:00:00Z'))).toEqual({ orders: 2, revenue: 500 });
    expect(bucketCounters(day, 'h', at('2026-03-01T23:30:00Z'))).toEqual({ orders: 2, revenue: 500 });
    expect(bucketCounters(day, 'h', at('2026-03-01T22:30:00Z'))).toBeUndefined();
    expect(slotsOf(minutes!, 'm')).toEqual([
      { t: at('2026-03-01T23:45:00Z'), counters: { orders: 2, revenue: 500 } },
    ]);
    // A day document has no minutes, a minutes document no day.
    expect(slotsOf(day!, 'm')).toEqual([]);
    expect(slotsOf(minutes!, 'd')).toEqual([]);
  });
});
