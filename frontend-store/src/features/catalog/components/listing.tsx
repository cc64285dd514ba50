import type { ProductList } from '@shopstream/contracts';
import Link from 'next/link';
import { formatMoney } from '@/lib/money';
import { shopCurrency } from '@/lib/shop-settings';
import {
  hasNarrowing,
  type ListingFilters,
  type ListingMode,
  listingPath,
  toggleOption,
  withFilters,
} from '../filters';
import { optionLabel } from '../variants';
import { FacetPanel } from './facet-panel';
import { ListingNavigationProvider, PendingResults } from './listing-navigation';
import { ProductGrid } from './product-card';
import { SortSelect } from './sort-select';

function activeFilters(filters: ListingFilters, mode: ListingMode, currency: string) {
  const chips: { label: string; href: string }[] = [];
  if (mode.kind === 'search' && filters.category) {
    chips.push({
      label: `Category: ${filters.category}`,
      href: listingPath(mode, withFilters(filters, { category: undefined })),
    });
  }
  for (const [name, values] of Object.entries(filters.options)) {
    for (const value of values) {
      chips.push({
        label: `${optionLabel(name)}: ${value}`,
        href: listingPath(mode, toggleOption(filters, name, value)),
      });
    }
  }
  if (filters.minPrice !== undefined || filters.maxPrice !== undefined) {
    const min = filters.minPrice !== undefined ? formatMoney(filters.minPrice, currency) : null;
    const max = filters.maxPrice !== undefined ? formatMoney(filters.maxPrice, currency) : null;
    chips.push({
      label: `Price: ${min && max ? `${min} – ${max}` : min ? `from ${min}` : `up to ${max}`}`,
      href: listingPath(mode, withFilters(filters, { minPrice: undefined, maxPrice: undefined })),
    });
  }
  if (filters.inStock) {
    chips.push({ label: 'In stock only', href: listingPath(mode, withFilters(filters, { inStock: false })) });
  }
  return chips;
}

/** A product listing with its facets, sort and pages; the page above it supplies the heading. */
export function Listing({
  list,
  filters,
  mode,
}: {
  list: ProductList;
  filters: ListingFilters;
  mode: ListingMode;
}) {
  // The listing's own prices' currency, else the shop's; XXX (ISO 4217's "no currency") only while the
  // settings were never loaded.
  const currency = list.items.find((item) => item.price)?.price?.currency ?? shopCurrency() ?? 'XXX';
  const chips = activeFilters(filters, mode, currency);
  const cleared: ListingFilters = {
    options: {},
    inStock: false,
    ...(filters.q ? { q: filters.q } : {}),
    ...(mode.kind === 'category' ? { category: filters.category } : {}),
    ...(filters.sort ? { sort: filters.sort } : {}),
  };

  return (
    <ListingNavigationProvider mode={mode} filters={filters}>
      <div className="mt-6 grid gap-8 lg:grid-cols-[16rem_1fr]">
        <aside aria-label="Filters">
          <FacetPanel facets={list.facets} currency={currency} />
        </aside>
        <section aria-labelledby="results-heading" className="min-w-0">
          {/* Product cards are h3: the page outline needs an h2 above them even without a category facet. */}
          <h2 id="results-heading" className="sr-only">
            Results
          </h2>
          <div className="flex min-h-10 flex-wrap items-center justify-between gap-3">
            <p className="text-sm text-slate-700" aria-live="polite">
              {list.items.length === 0
                ? 'No products match.'
                : `${list.items.length}${list.nextCursor ? '+' : ''} product${list.items.length === 1 ? '' : 's'}${filters.cursor ? ' on this page' : ''}`}
            </p>
            <SortSelect />
          </div>
          {chips.length > 0 && (
            <ul aria-label="Active filters" className="mt-3 flex flex-wrap gap-2">
              {chips.map((chip) => (
                <li key={chip.label}>
                  <Link
                    href={chip.href}
                    scroll={false}
                    prefetch={false}
                    aria-label={`Remove filter ${chip.label}`}
                    className="inline-flex items-center gap-1 rounded-full border border-slate-300 bg-slate-50 px-3 py-1 text-sm hover:bg-slate-100"
                  >
                    {chip.label} <span aria-hidden="true">×</span>
                  </Link>
                </li>
              ))}
              {chips.length > 1 && (
                <li>
                  <Link
                    href={listingPath(mode, cleared)}
                    scroll={false}
                    prefetch={false}
                    className="inline-flex px-2 py-1 text-sm text-blue-800 underline underline-offset-2"
                  >
                    Clear all
                  </Link>
                </li>
              )}
            </ul>
          )}
          <PendingResults>
            <div className="mt-6">
              {list.items.length > 0 ? (
                <ProductGrid products={list.items} preloadFirst={filters.cursor ? 0 : 4} label="Products" />
              ) : (
                <div className="rounded-lg border border-dashed border-slate-300 p-8 text-center">
                  <p className="font-medium">Nothing found.</p>
                  <p className="mt-1 text-sm text-slate-700">
                    {hasNarrowing(filters)
                      ? 'Try removing a filter.'
                      : 'Try other words, or browse the categories.'}
                  </p>
                </div>
              )}
            </div>
          </PendingResults>
          {(filters.cursor || list.nextCursor) && (
            <nav aria-label="Pages" className="mt-10 flex justify-between gap-4">
              {filters.cursor ? (
                <Link
                  href={listingPath(mode, withFilters(filters, {}))}
                  className="rounded-md border border-slate-400 px-4 py-2 text-sm font-medium hover:bg-slate-100"
                >
                  ← First page
                </Link>
              ) : (
                <span />
              )}
              {list.nextCursor && (
                <Link
                  href={listingPath(mode, { ...filters, cursor: list.nextCursor })}
                  rel="next"
                  className="rounded-md bg-blue-800 px-4 py-2 text-sm font-medium text-white hover:bg-blue-900"
                >
                  Next page →
                </Link>
              )}
            </nav>
          )}
        </section>
      </div>
    </ListingNavigationProvider>
  );
}
