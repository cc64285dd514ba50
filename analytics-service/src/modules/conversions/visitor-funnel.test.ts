import { describe, expect, it } from 'vitest';
import { matcherOf, pathPatternRegExp } from './matching';
import { countVisitorFunnel, type FunnelEvent } from './visitor-funnel';

const steps = [
  matcherOf({ type: 'page', path: '/products/*' }),
  matcherOf({ type: 'event', event: 'Product Added' }),
  matcherOf({ type: 'event', event: 'Checkout Started' }),
  matcherOf({ type: 'page', path: '/checkout/confirmation**' }),
];
let serial = 0;
const at = (visitorId: string, minute: number, step: 'view' | 'add' | 'checkout' | 'done' | 'other') => {
  const id = `e${serial++}`;
  const base = { visitorId, at: Date.UTC(2026, 0, 1, 10, minute), id };
  if (step === 'view') return { ...base, name: 'pageview', path: '/products/mug' };
  if (step === 'add') return { ...base, name: 'Product Added' };
  if (step === 'checkout') return { ...base, name: 'Checkout Started' };
  if (step === 'done') return { ...base, name: 'pageview', path: '/checkout/confirmation' };
  return { ...base, name: 'pageview', path: '/about' };
};
const visitorsAt = (events: FunnelEvent[]) => countVisitorFunnel(steps, events).map((s) => s.visitors);

describe('countVisitorFunnel', () => {
  it('counts a visitor once per step however often they repeat it', () => {
    const events = [at('a', 1, 'view'), at('a', 2, 'view'), at('a', 3, 'add'), at('a', 4, 'add')];
    expect(visitorsAt(events)).toEqual([1, 1, 0, 0]);
  });

  it('orders by when events happened, not by the order they are given', () => {
    const events = [at('a', 4, 'done'), at('a', 3, 'checkout'), at('a', 1, 'view'), at('a', 2, 'add')];
    expect(visitorsAt(events)).toEqual([1, 1, 1, 1]);
  });

  it('does not count a step reached before the steps ahead of it', () => {
    // b added to cart before viewing, and never again after: stuck at step 1.
    const events = [at('b', 1, 'add'), at('b', 2, 'view'), at('b', 3, 'checkout')];
    expect(visitorsAt(events)).toEqual([1, 0, 0, 0]);
  });

  it('does not count a visitor who skipped a step at any later step', () => {
    const events = [at('c', 1, 'view'), at('c', 2, 'checkout'), at('c', 3, 'done')];
    expect(visitorsAt(events)).toEqual([1, 0, 0, 0]);
  });

  it('takes events of one millisecond as simultaneous, whatever their ids', () => {
    const burst = [at('s', 1, 'add'), at('s', 1, 'view'), at('s', 1, 'checkout')];
    expect(visitorsAt(burst)).toEqual([1, 1, 1, 0]);
    expect(visitorsAt([at('t', 1, 'add'), at('t', 1, 'add'), at('t', 2, 'view')])).toEqual([1, 0, 0, 0]);
  });

  it('lets an event advance one step only, and ignores events of no step', () => {
    const same = [matcherOf({ type: 'page', path: '/**' }), matcherOf({ type: 'page', path: '/**' })];
    expect(countVisitorFunnel(same, [at('d', 1, 'other')]).map((s) => s.visitors)).toEqual([1, 0]);
    expect(
      countVisitorFunnel(same, [at('d', 1, 'other'), at('d', 2, 'other')]).map((s) => s.visitors),
    ).toEqual([1, 1]);
  });

  it('gives conversion and drop-off between steps, each ratio within 0..1', () => {
    const events = [
      ...['v1', 'v2', 'v3', 'v4'].map((v) => at(v, 1, 'view')),
      ...['v1', 'v2'].map((v) => at(v, 2, 'add')),
      at('v1', 3, 'checkout'),
      at('v1', 4, 'done'),
      at('v5', 1, 'done'),
    ];
    const counts = countVisitorFunnel(steps, events);
    expect(counts).toEqual([
      { visitors: 4, conversionFromPrevious: 1, conversionFromStart: 1, dropOff: 0 },
      { visitors: 2, conversionFromPrevious: 0.5, conversionFromStart: 0.5, dropOff: 2 },
      { visitors: 1, conversionFromPrevious: 0.5, conversionFromStart: 0.25, dropOff: 1 },
      { visitors: 1, conversionFromPrevious: 1, conversionFromStart: 0.25, dropOff: 0 },
    ]);
  });

  it('answers defined zeros when nobody entered the funnel', () => {
    expect(countVisitorFunnel(steps, [])).toEqual(
      steps.map(() => ({ visitors: 0, conversionFromPrevious: 0, conversionFromStart: 0, dropOff: 0 })),
    );
  });

  it('never reports a later step above an earlier one on random traffic', () => {
    const kinds = ['view', 'add', 'checkout', 'done', 'other'] as const;
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const events = Array.from({ length: 2000 }, () =>
      at(`v${Math.floor(random() * 200)}`, Math.floor(random() * 59), kinds[Math.floor(random() * 5)]!),
    );
    const counts = countVisitorFunnel(steps, events);
    for (let i = 1; i < counts.length; i++) {
      expect(counts[i]!.visitors).toBeLessThanOrEqual(counts[i - 1]!.visitors);
      expect(counts[i]!.conversionFromPrevious).toBeLessThanOrEqual(1);
    }
  });
});

describe('pathPatternRegExp', () => {
  it('matches one segment with * and any depth with **, and regex characters literally', () => {
    expect(pathPatternRegExp('/products/*').test('/products/mug')).toBe(true);
    expect(pathPatternRegExp('/products/*').test('/products/mug/reviews')).toBe(false);
    expect(pathPatternRegExp('/products/**').test('/products/mug/reviews')).toBe(true);
    expect(pathPatternRegExp('/checkout/confirmation**').test('/checkout/confirmation')).toBe(true);
    expect(pathPatternRegExp('/a.b').test('/aXb')).toBe(false);
    expect(pathPatternRegExp('/a.b').test('/a.b')).toBe(true);
    expect(pathPatternRegExp('/cart').test('/cart/x')).toBe(false);
  });
});
