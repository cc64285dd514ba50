'use client';

import type { Facets } from '@shopstream/contracts';
import Link from 'next/link';
import { type FormEvent, useId, useState } from 'react';
import { formatMoneyRounded, majorToMinor, minorUnitsPerMajor } from '@/lib/money';
import {
  bucketFilters,
  isBucketSelected,
  type ListingFilters,
  listingPath,
  toggleOption,
  withFilters,
} from '../filters';
import { optionLabel } from '../variants';
import { useListingNavigation } from './listing-navigation';

function bucketLabel(min: number, max: number | null, currency: string) {
  if (min === 0 && max !== null) return `Under ${formatMoneyRounded(max, currency)}`;
  if (max === null) return `${formatMoneyRounded(min, currency)} and over`;
  return `${formatMoneyRounded(min, currency)} – ${formatMoneyRounded(max, currency)}`;
}

/** The listing's filters: categories, options, price and stock, all kept in the URL. */
export function FacetPanel({ facets, currency }: { facets: Facets; currency: string }) {
  const { filters, mode, go } = useListingNavigation();
  const [open, setOpen] = useState(false);
  const panelId = useId();

  // Chosen values stay listed even when the API no longer counts them.
  const options = facets.options.map((facet) => {
    const chosen = (filters.options[facet.name] ?? []).filter(
      (value) => !facet.values.some((entry) => entry.value === value),
    );
    return { ...facet, values: [...facet.values, ...chosen.map((value) => ({ value, count: 0 }))] };
  });
  for (const [name, values] of Object.entries(filters.options)) {
    if (!options.some((facet) => facet.name === name)) {
      options.push({ name, values: values.map((value) => ({ value, count: 0 })) });
    }
  }

  return (
    <div>
      <button
        type="button"
        className="flex w-full items-center justify-between rounded-md border border-slate-300 px-4 py-2 text-sm font-medium lg:hidden"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        Filters
        <span aria-hidden="true">{open ? '−' : '+'}</span>
      </button>
      <div id={panelId} className={`${open ? 'block' : 'hidden'} mt-4 space-y-6 lg:mt-0 lg:block`}>
        {(facets.categories.length > 0 || filters.category) && (
          <section aria-labelledby={`${panelId}-categories`}>
            <h2 id={`${panelId}-categories`} className="text-sm font-semibold">
              Category
            </h2>
            {/* Filter links are not prefetched: each would have the server render a whole listing. */}
            <ul className="mt-2 space-y-1 text-sm">
              {mode.kind === 'search' && filters.category && (
                <li>
                  <Link
                    href={listingPath(mode, withFilters(filters, { category: undefined }))}
                    scroll={false}
                    prefetch={false}
                    className="text-blue-800 underline underline-offset-2"
                  >
                    All categories
                  </Link>
                </li>
              )}
              {facets.categories.map((category) => {
                const current = filters.category === category.slug;
                return (
                  <li key={category.slug}>
                    <Link
                      href={listingPath(mode, withFilters(filters, { category: category.slug }))}
                      scroll={false}
                      prefetch={false}
                      aria-current={current ? 'page' : undefined}
                      className={`flex justify-between gap-2 rounded-sm py-0.5 hover:underline ${current ? 'font-semibold' : ''}`}
                    >
                      <span>{category.name}</span>
                      <span className="text-slate-600">{category.count}</span>
                    </Link>
                  </li>
                );
              })}
            </ul>
          </section>
        )}

        {options.map((facet) => (
          <fieldset key={facet.name}>
            <legend className="text-sm font-semibold">{optionLabel(facet.name)}</legend>
            <div className="mt-2 grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
              {facet.values.map((entry) => {
                const checked = filters.options[facet.name]?.includes(entry.value) ?? false;
                return (
                  <label key={entry.value} className="flex min-h-8 cursor-pointer items-center gap-2">
                    <input
                      type="checkbox"
                      className="size-4 accent-blue-800"
                      name="option"
                      value={`${facet.name}:${entry.value}`}
                      checked={checked}
                      onChange={() => go(toggleOption(filters, facet.name, entry.value))}
                    />
                    <span>
                      {entry.value} <span className="text-slate-600">({entry.count})</span>
                    </span>
                  </label>
                );
              })}
            </div>
          </fieldset>
        ))}

        <PriceFilter facets={facets} filters={filters} currency={currency} go={go} />

        <fieldset>
          <legend className="text-sm font-semibold">Availability</legend>
          <label className="mt-2 flex min-h-8 cursor-pointer items-center gap-2 text-sm">
            <input
              type="checkbox"
              className="size-4 accent-blue-800"
              checked={filters.inStock}
              onChange={(event) => go(withFilters(filters, { inStock: event.target.checked }))}
            />
            In stock only
          </label>
        </fieldset>
      </div>
    </div>
  );
}

function PriceFilter({
  facets,
  filters,
  currency,
  go,
}: {
  facets: Facets;
  filters: ListingFilters;
  currency: string;
  go: (filters: ListingFilters) => void;
}) {
  const id = useId();
  const perMajor = minorUnitsPerMajor(currency);
  const [error, setError] = useState<string | null>(null);
  const anyPrice = filters.minPrice === undefined && filters.maxPrice === undefined;
  const custom = !anyPrice && !facets.prices.some((bucket) => isBucketSelected(filters, bucket));

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const minText = String(data.get('min') ?? '');
    const maxText = String(data.get('max') ?? '');
    const min = minText ? majorToMinor(minText, currency) : undefined;
    const max = maxText ? majorToMinor(maxText, currency) : undefined;
    if ((minText && min === undefined) || (maxText && max === undefined)) {
      setError('Enter prices as numbers, such as 25 or 49.90.');
      return;
    }
    if (min !== undefined && max !== undefined && min > max) {
      setError('The lowest price must not be above the highest.');
      return;
    }
    setError(null);
    go(withFilters(filters, { minPrice: min, maxPrice: max }));
  }

  return (
    <fieldset>
      <legend className="text-sm font-semibold">Price</legend>
      <div className="mt-2 space-y-1 text-sm">
        <label className="flex min-h-8 cursor-pointer items-center gap-2">
          <input
            type="radio"
            name={`${id}-price`}
            className="size-4 accent-blue-800"
            checked={anyPrice}
            onChange={() => go(withFilters(filters, { minPrice: undefined, maxPrice: undefined }))}
          />
          Any price
        </label>
        {facets.prices.map((bucket) => (
          <label key={bucket.min} className="flex min-h-8 cursor-pointer items-center gap-2">
            <input
              type="radio"
              name={`${id}-price`}
              className="size-4 accent-blue-800"
              checked={isBucketSelected(filters, bucket)}
              onChange={() => go(withFilters(filters, bucketFilters(bucket)))}
            />
            <span>
              {bucketLabel(bucket.min, bucket.max, currency)}{' '}
              <span className="text-slate-600">({bucket.count})</span>
            </span>
          </label>
        ))}
      </div>
      <form
        key={`${filters.minPrice}-${filters.maxPrice}`}
        onSubmit={apply}
        className="mt-3 flex items-end gap-2 text-sm"
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <label className="flex flex-col gap-1">
          <span>Min ({currency})</span>
          <input
            name="min"
            inputMode="decimal"
            defaultValue={custom && filters.minPrice !== undefined ? filters.minPrice / perMajor : ''}
            className="w-20 rounded-md border border-slate-400 px-2 py-1.5"
          />
        </label>
        <label className="flex flex-col gap-1">
          <span>Max ({currency})</span>
          <input
            name="max"
            inputMode="decimal"
            defaultValue={custom && filters.maxPrice !== undefined ? filters.maxPrice / perMajor : ''}
            className="w-20 rounded-md border border-slate-400 px-2 py-1.5"
          />
        </label>
        <button
          type="submit"
          className="rounded-md border border-slate-400 px-3 py-1.5 font-medium hover:bg-slate-100"
        >
          Apply
        </button>
      </form>
      {error && (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-800">
          {error}
        </p>
      )}
    </fieldset>
  );
}
