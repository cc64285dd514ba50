import type { FunnelReport } from '@shopstream/contracts';
import { describe, expect, it } from 'vitest';
import { funnelRows } from './funnel';

/** A report as the server counts it: visitors only shrink from step to step. */
function makeFunnel(counts: number[]): FunnelReport {
  const names = ['Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed'];
  return {
    funnel: { id: 'purchase', name: 'Purchase' },
    steps: counts.map((count, i) => ({
      name: names[i]!,
      match: { type: 'event', event: names[i]! },
      count,
      conversionFromPrevious: i === 0 ? (count ? 1 : 0) : counts[i - 1]! ? count / counts[i - 1]! : 0,
      conversionFromStart: counts[0] ? count / counts[0] : 0,
      dropOff: i === 0 ? 0 : counts[i - 1]! - count,
    })),
    complete: true,
  };
}

describe('funnelRows', () => {
  it('gives conversion and drop-off at each step', () => {
    const rows = funnelRows(makeFunnel([1000, 200, 40, 10]));
    expect(rows.map((r) => r.label)).toEqual([
      'Product viewed',
      'Added to cart',
      'Checkout started',
      'Order completed',
    ]);
    expect(rows[0]).toMatchObject({ count: 1000, fromStart: 1, fromPrevious: null, dropOff: null });
    expect(rows[1]).toMatchObject({
      count: 200,
      fromStart: 0.2,
      fromPrevious: 0.2,
      dropOff: 800,
      dropOffRate: 0.8,
    });
    expect(rows[3]).toMatchObject({
      count: 10,
      fromStart: 0.01,
      fromPrevious: 0.25,
      dropOff: 30,
      dropOffRate: 0.75,
    });
  });

  it('does not divide by zero for an empty funnel', () => {
    const rows = funnelRows(makeFunnel([0, 0, 0, 0]));
    expect(rows.every((r) => r.fromStart === null)).toBe(true);
    expect(rows[1]).toMatchObject({ fromPrevious: null, dropOff: 0, dropOffRate: null });
  });

  it('shows every ratio within 0..1', () => {
    for (const row of funnelRows(makeFunnel([10, 7, 7, 1]))) {
      for (const ratio of [row.fromStart, row.fromPrevious, row.dropOffRate]) {
        if (ratio === null) continue;
        expect(ratio).toBeGreaterThanOrEqual(0);
        expect(ratio).toBeLessThanOrEqual(1);
      }
    }
  });

  it('keeps a step name it does not know', () => {
    expect(
      funnelRows({
        funnel: { id: 'f', name: 'Coupons' },
        steps: [
          {
            name: 'Coupon Applied',
            match: { type: 'event', event: 'Coupon Applied' },
            count: 3,
            conversionFromPrevious: 1,
            conversionFromStart: 1,
            dropOff: 0,
          },
        ],
        complete: true,
      })[0]!.label,
    ).toBe('Coupon Applied');
  });
});
