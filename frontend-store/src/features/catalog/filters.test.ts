import { describe, expect, it } from 'vitest';
import {
  bucketFilters,
  filtersToApiQuery,
  filtersToSearchParams,
  isBucketSelected,
  type ListingFilters,
  listingPath,
  parseFilters,
  toggleOption,
  withFilters,
} from './filters';

const makeFilters = (overrides: Partial<ListingFilters> = {}): ListingFilters => ({
  options: {},
  inStock: false,
  ...overrides,
});

describe('listing filters in the URL', () => {
  it('reads every filter from a shared URL', () => {
    const filters = parseFilters(
      new URLSearchParams(
        'q=sneakers&category=shoes&option=size:42&option=colour:black&option=size:43&minPrice=5000&maxPrice=9999&inStock=true&sort=price_asc&cursor=abc_-1',
      ),
    );
    expect(filters).toEqual({
      q: 'sneakers',
      category: 'shoes',
      options: { size: ['42', '43'], colour: ['black'] },
      minPrice: 5000,
      maxPrice: 9999,
      inStock: true,
      sort: 'price_asc',
      cursor: 'abc_-1',
    });
  });

  it('reads the record Next gives a page as it reads URLSearchParams', () => {
    expect(parseFilters({ option: ['size:42', 'size:42'], q: '  mug ' })).toEqual(
      makeFilters({ q: 'mug', options: { size: ['42'] } }),
    );
  });

  it('keeps an option name as staff typed it ("Size", "Shoe size")', () => {
    expect(parseFilters({ option: ['Size:42', 'Shoe size:9'] }).options).toEqual({
      Size: ['42'],
      'Shoe size': ['9'],
    });
  });

  it('drops what makes no sense instead of failing', () => {
    const filters = parseFilters({
      category: 'Not A Slug',
      option: ['size', ':42', ' :42', 'colour:'],
      minPrice: '-5',
      maxPrice: '12.5',
      inStock: 'yes',
      sort: 'cheapest',
      cursor: '<script>',
    });
    expect(filters).toEqual(makeFilters());
  });

  it('swaps a minimum price that is above the maximum', () => {
    expect(parseFilters({ minPrice: '9000', maxPrice: '1000' })).toMatchObject({
      minPrice: 1000,
      maxPrice: 9000,
    });
  });

  it('writes equal filters as equal URLs, whatever the order of choice', () => {
    const a = filtersToSearchParams(makeFilters({ options: { size: ['43', '42'], colour: ['black'] } }));
    const b = filtersToSearchParams(makeFilters({ options: { colour: ['black'], size: ['42', '43'] } }));
    expect(a.toString()).toBe(b.toString());
    expect(a.toString()).toBe('option=colour%3Ablack&option=size%3A42&option=size%3A43');
  });

  it('survives a round trip through the URL', () => {
    const filters = makeFilters({
      q: 'blue mug',
      category: 'mugs',
      options: { colour: ['blue'] },
      minPrice: 0,
      maxPrice: 2499,
      inStock: true,
      sort: 'newest',
    });
    expect(parseFilters(filtersToSearchParams(filters))).toEqual(filters);
  });

  it('asks the API for the same filters plus a page size', () => {
    const query = filtersToApiQuery(makeFilters({ q: 'tee', options: { size: ['M'] }, inStock: true }), 24);
    expect(Object.fromEntries(query)).toEqual({ q: 'tee', option: 'size:M', inStock: 'true', limit: '24' });
  });

  it('starts again at the first page when a filter changes', () => {
    const paged = makeFilters({ cursor: 'next-page', options: { size: ['M'] } });
    expect(toggleOption(paged, 'size', 'L')).toEqual(makeFilters({ options: { size: ['M', 'L'] } }));
    expect(toggleOption(paged, 'size', 'M')).toEqual(makeFilters());
    expect(withFilters(paged, { inStock: true }).cursor).toBeUndefined();
  });

  it('keeps a category listing on its own path and the search on /search', () => {
    const filters = makeFilters({ category: 'shoes', options: { size: ['42'] } });
    expect(listingPath({ kind: 'category', slug: 'shoes' }, filters)).toBe(
      '/category/shoes?option=size%3A42',
    );
    expect(listingPath({ kind: 'search' }, filters)).toBe('/search?category=shoes&option=size%3A42');
    expect(listingPath({ kind: 'search' }, makeFilters())).toBe('/search');
  });

  it('maps price buckets (exclusive top) to inclusive API limits', () => {
    expect(bucketFilters({ min: 0, max: 2500 })).toEqual({ minPrice: undefined, maxPrice: 2499 });
    expect(bucketFilters({ min: 20000, max: null })).toEqual({ minPrice: 20000, maxPrice: undefined });
    const filters = makeFilters({ minPrice: 5000, maxPrice: 9999 });
    expect(isBucketSelected(filters, { min: 5000, max: 10000 })).toBe(true);
    expect(isBucketSelected(filters, { min: 0, max: 2500 })).toBe(false);
    expect(isBucketSelected(makeFilters(), { min: 20000, max: null })).toBe(false);
  });
});
