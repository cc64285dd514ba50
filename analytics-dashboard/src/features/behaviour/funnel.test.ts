import type { FunnelReport } from '@shopstream/contracts';
import { describe, expect, it } from 'vitest';
import { funnelRows } from './funnel';

function makeFunnel(counts: number[]): FunnelReport {
  const names = ['Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed'];
  return {
    steps: counts.map((count, i) => ({
      name: names[i]!,
      count,
      conversionFromPrevious: 0,
      conversionFromStart: 0,
    })),
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

  it('never shows a negative drop-off when a later step counts more (orders without a tracked view)', () => {
    const rows = funnelRows(makeFunnel([10, 12, 5, 5]));
    expect(rows[1]).toMatchObject({ dropOff: 0, dropOffRate: 0, fromPrevious: 1.2 });
  });

  it('keeps a step name it does not know', () => {
    expect(
      funnelRows({
        steps: [{ name: 'Coupon Applied', count: 3, conversionFromPrevious: 1, conversionFromStart: 1 }],
      })[0]!.label,
    ).toBe('Coupon Applied');
  });
});
