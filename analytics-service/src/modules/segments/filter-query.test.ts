import { describe, expect, it } from 'vitest';
import { holds, matchOf, splitFilters } from './filter-query';

describe('filters as MongoDB conditions', () => {
  it('splits session-scoped from event-scoped filters', () => {
    const split = splitFilters([
      { dimension: 'referrer', operator: 'is', value: 'google.com' },
      { dimension: 'page', operator: 'contains', value: '/products' },
      { dimension: 'exit_page', operator: 'is_not', value: '/cart' },
    ]);
    expect(split.session.map((f) => f.dimension)).toEqual(['referrer', 'exit_page']);
    expect(split.event.map((f) => f.dimension)).toEqual(['page']);
  });

  it('keeps two filters on one field apart, escapes contains, and puts top-level equalities first', () => {
    expect(
      matchOf([
        { dimension: 'page', operator: 'is_not', value: '/a' },
        { dimension: 'page', operator: 'contains', value: 'a.b(c)' },
        { dimension: 'device', operator: 'is', value: 'mobile' },
        { dimension: 'device', operator: 'is', value: 'tablet' },
        { dimension: 'product', operator: 'is', value: 'p-1' },
      ]),
    ).toEqual({
      device: 'mobile',
      $and: [
        { path: { $ne: '/a' } },
        { path: { $regex: 'a\\.b\\(c\\)', $options: 'i' } },
        { device: 'tablet' },
        { 'properties.product_id': 'p-1' },
      ],
    });
    expect(matchOf([])).toEqual({});
  });

  it('evaluates a filter on a value as the database does', () => {
    expect(holds({ dimension: 'device', operator: 'is', value: 'mobile' }, 'mobile')).toBe(true);
    expect(holds({ dimension: 'device', operator: 'is_not', value: 'mobile' }, undefined)).toBe(true);
    expect(holds({ dimension: 'page', operator: 'contains', value: 'CART' }, '/cart')).toBe(true);
    expect(holds({ dimension: 'page', operator: 'contains', value: 'cart' }, undefined)).toBe(false);
  });
});
