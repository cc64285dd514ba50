import { describe, expect, it } from 'vitest';
import { goalTestsOf } from '../conversions/matching';
import type { DigestEvent, DigestSession } from './digest-format';
import { eventMeets, holds, needsGoals, sessionMeets, splitFilters } from './filter-query';

const event = (over: Partial<DigestEvent>): DigestEvent => ({
  at: 0,
  type: 'page',
  name: 'pageview',
  visitorId: 'v',
  trusted: false,
  ...over,
});

describe('filters on sessions and events', () => {
  it('splits session-scoped from event-scoped filters', () => {
    const split = splitFilters([
      { dimension: 'referrer', operator: 'is', value: 'google.com' },
      { dimension: 'page', operator: 'contains', value: '/products' },
      { dimension: 'exit_page', operator: 'is_not', value: '/cart' },
    ]);
    expect(split.session.map((f) => f.dimension)).toEqual(['referrer', 'exit_page']);
    expect(split.event.map((f) => f.dimension)).toEqual(['page']);
  });

  it('evaluates is, is_not (also on a missing value) and contains (any case)', () => {
    expect(holds({ dimension: 'device', operator: 'is', value: 'mobile' }, 'mobile')).toBe(true);
    expect(holds({ dimension: 'device', operator: 'is', value: 'mobile' }, 'Mobile')).toBe(false);
    expect(holds({ dimension: 'device', operator: 'is_not', value: 'mobile' }, undefined)).toBe(true);
    expect(holds({ dimension: 'page', operator: 'contains', value: 'CART' }, '/cart')).toBe(true);
    expect(holds({ dimension: 'page', operator: 'contains', value: 'cart' }, undefined)).toBe(false);
  });

  it('needs every session filter on the session, and every event filter on one and the same event', () => {
    const session = { dims: { device: 'mobile', referrer: 'google.com' } } as unknown as DigestSession;
    expect(
      sessionMeets(session, [
        { dimension: 'device', operator: 'is', value: 'mobile' },
        { dimension: 'referrer', operator: 'contains', value: 'GOOGLE' },
      ]),
    ).toBe(true);
    expect(sessionMeets(session, [{ dimension: 'device', operator: 'is_not', value: 'mobile' }])).toBe(false);
    const filters = [
      { dimension: 'page', operator: 'is', value: '/p/1' },
      { dimension: 'product', operator: 'is', value: 'p1' },
    ] as const;
    expect(eventMeets(event({ path: '/p/1', product: 'p1' }), [...filters])).toBe(true);
    expect(eventMeets(event({ path: '/p/1' }), [...filters])).toBe(false);
    expect(
      eventMeets(event({ name: 'Product Viewed' }), [
        { dimension: 'event', operator: 'is', value: 'Product Viewed' },
      ]),
    ).toBe(true);
  });

  it('tests goal filters against the site goals: is, contains (any case), is_not, and an unknown goal', () => {
    const goals = goalTestsOf([
      { name: 'Signed up', match: { type: 'event', event: 'Signed Up' } },
      { name: 'Saw a product', match: { type: 'page', path: '/products/*' } },
    ]);
    const signup = event({ type: 'track', name: 'Signed Up' });
    const product = event({ path: '/products/mug' });
    const deeper = event({ path: '/products/mug/reviews' });
    const goal = (operator: 'is' | 'is_not' | 'contains', value: string) =>
      ({ dimension: 'goal', operator, value }) as const;
    expect(eventMeets(signup, [goal('is', 'Signed up')], goals)).toBe(true);
    expect(eventMeets(product, [goal('is', 'Signed up')], goals)).toBe(false);
    expect(eventMeets(product, [goal('is', 'Saw a product')], goals)).toBe(true);
    expect(eventMeets(deeper, [goal('is', 'Saw a product')], goals)).toBe(false);
    expect(eventMeets(product, [goal('contains', 'PRODUCT')], goals)).toBe(true);
    expect(eventMeets(signup, [goal('is_not', 'Signed up')], goals)).toBe(false);
    expect(eventMeets(product, [goal('is_not', 'Signed up')], goals)).toBe(true);
    // A goal name the site does not have is completed by nothing; without the goals read, nothing either.
    expect(eventMeets(signup, [goal('is', 'Bought')], goals)).toBe(false);
    expect(eventMeets(signup, [goal('is', 'Signed up')])).toBe(false);
    expect(needsGoals([goal('is', 'x'), { dimension: 'page', operator: 'is', value: '/' }])).toBe(true);
    expect(splitFilters([goal('is', 'x')]).event).toHaveLength(1);
  });
});
