import type { ProductSort } from '@shopstream/contracts';

/** What a listing shows, as held in the page's URL so it can be shared and reloaded. */
export interface ListingFilters {
  q?: string;
  category?: string;
  /** Option name → chosen values (any of them within a name, all names together). */
  options: Record<string, string[]>;
  /** Minor units, inclusive. */
  minPrice?: number;
  maxPrice?: number;
  inStock: boolean;
  sort?: ProductSort;
  cursor?: string;
}

export type SearchParamsRecord = Record<string, string | string[] | undefined>;

export const SORTS: { value: ProductSort; label: string }[] = [
  { value: 'relevance', label: 'Best match' },
  { value: 'newest', label: 'Newest' },
  { value: 'price_asc', label: 'Price: low to high' },
  { value: 'price_desc', label: 'Price: high to low' },
];

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// Option names as staff typed them ("Size", "Colour"); the API matches them without regard to case.
const OPTION_NAME = /^[^\s:=;\p{Cc}](?:[^:=;\p{Cc}]{0,38}[^\s:=;\p{Cc}])?$/u;
const MAX_PRICE = 100_000_000;

const all = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const first = (value: string | string[] | undefined) => all(value)[0];

function price(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,9}$/.test(value)) return undefined;
  const number = Number(value);
  return number <= MAX_PRICE ? number : undefined;
}

function toRecord(params: URLSearchParams | SearchParamsRecord): SearchParamsRecord {
  if (!(params instanceof URLSearchParams)) return params;
  const record: Record<string, string[]> = {};
  for (const [key, value] of params) record[key] = [...(record[key] ?? []), value];
  return record;
}

/**
 * Reads the filters from a URL. The URL is typed by people and crawlers, so what does not make
 * sense is dropped rather than answered with an error.
 */
export function parseFilters(input: URLSearchParams | SearchParamsRecord): ListingFilters {
  const params = toRecord(input);
  const filters: ListingFilters = { options: {}, inStock: first(params.inStock) === 'true' };

  const q = first(params.q)?.trim().slice(0, 200);
  if (q) filters.q = q;

  const category = first(params.category);
  if (category && category.length <= 120 && SLUG.test(category)) filters.category = category;

  for (const pair of all(params.option).slice(0, 20)) {
    const separator = pair.indexOf(':');
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    if (separator <= 0 || !OPTION_NAME.test(name) || !value || value.length > 60) continue;
    const values = filters.options[name] ?? [];
    if (!values.includes(value)) filters.options[name] = [...values, value];
  }

  let minPrice = price(first(params.minPrice));
  let maxPrice = price(first(params.maxPrice));
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice) {
    [minPrice, maxPrice] = [maxPrice, minPrice];
  }
  if (minPrice !== undefined) filters.minPrice = minPrice;
  if (maxPrice !== undefined) filters.maxPrice = maxPrice;

  const sort = first(params.sort);
  if (SORTS.some((option) => option.value === sort)) filters.sort = sort as ProductSort;

  const cursor = first(params.cursor);
  if (cursor && cursor.length <= 500 && /^[A-Za-z0-9_-]+$/.test(cursor)) filters.cursor = cursor;

  return filters;
}

/** The filters as URL parameters, in a stable order so equal filters give equal URLs. */
export function filtersToSearchParams(
  filters: ListingFilters,
  { omitCategory = false }: { omitCategory?: boolean } = {},
): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.category && !omitCategory) params.set('category', filters.category);
  for (const name of Object.keys(filters.options).sort()) {
    for (const value of [...(filters.options[name] ?? [])].sort())
      params.append('option', `${name}:${value}`);
  }
  if (filters.minPrice !== undefined) params.set('minPrice', String(filters.minPrice));
  if (filters.maxPrice !== undefined) params.set('maxPrice', String(filters.maxPrice));
  if (filters.inStock) params.set('inStock', 'true');
  if (filters.sort) params.set('sort', filters.sort);
  if (filters.cursor) params.set('cursor', filters.cursor);
  return params;
}

/** The query string of GET /catalog/products for these filters. */
export function filtersToApiQuery(filters: ListingFilters, limit: number): URLSearchParams {
  const params = filtersToSearchParams(filters);
  params.set('limit', String(limit));
  return params;
}

/** A path with the filters in its query string ("?" only when there is one). */
export function listingHref(
  path: string,
  filters: ListingFilters,
  options: { omitCategory?: boolean } = {},
): string {
  const query = filtersToSearchParams(filters, options).toString();
  return query ? `${path}?${query}` : path;
}

/** Any change of what is shown starts again at the first page. */
export function withFilters(filters: ListingFilters, change: Partial<ListingFilters>): ListingFilters {
  const { cursor: _cursor, ...rest } = filters;
  const next: ListingFilters = { ...rest, options: { ...filters.options }, ...change };
  for (const key of Object.keys(change) as (keyof ListingFilters)[]) {
    if (change[key] === undefined) delete next[key];
  }
  return next;
}

/** Turns one option value on or off. */
export function toggleOption(filters: ListingFilters, name: string, value: string): ListingFilters {
  const current = filters.options[name] ?? [];
  const values = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  const options = { ...filters.options, [name]: values };
  if (values.length === 0) delete options[name];
  return withFilters(filters, { options });
}

/** Whether a shopper has narrowed the listing (search words and sort do not count). */
export function hasNarrowing(filters: ListingFilters): boolean {
  return (
    Object.keys(filters.options).length > 0 ||
    filters.minPrice !== undefined ||
    filters.maxPrice !== undefined ||
    filters.inStock ||
    filters.category !== undefined
  );
}

/** Where a listing lives: the search page, or a category's own page. */
export type ListingMode = { kind: 'search' } | { kind: 'category'; slug: string };

/** The URL of a listing showing these filters; a category listing keeps its path while it has one. */
export function listingPath(mode: ListingMode, filters: ListingFilters): string {
  if (mode.kind === 'category' && filters.category) {
    return listingHref(`/category/${filters.category}`, filters, { omitCategory: true });
  }
  return listingHref('/search', filters);
}

export interface PriceBucket {
  min: number;
  /** Exclusive; null for the open-ended top bucket. */
  max: number | null;
}

/** The price filters of a facet bucket: the API's maxPrice is inclusive, a bucket's max is not. */
export function bucketFilters(bucket: PriceBucket): Pick<ListingFilters, 'minPrice' | 'maxPrice'> {
  return {
    minPrice: bucket.min > 0 ? bucket.min : undefined,
    maxPrice: bucket.max !== null ? bucket.max - 1 : undefined,
  };
}

export function isBucketSelected(filters: ListingFilters, bucket: PriceBucket): boolean {
  const wanted = bucketFilters(bucket);
  return (
    (filters.minPrice !== undefined || filters.maxPrice !== undefined) &&
    filters.minPrice === wanted.minPrice &&
    filters.maxPrice === wanted.maxPrice
  );
}
