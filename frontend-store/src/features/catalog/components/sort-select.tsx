'use client';

import type { ProductSort } from '@shopstream/contracts';
import { useId } from 'react';
import { SORTS, withFilters } from '../filters';
import { useListingNavigation } from './listing-navigation';

export function SortSelect() {
  const { filters, go } = useListingNavigation();
  const id = useId();
  const choices = SORTS.filter((sort) => sort.value !== 'relevance' || filters.q);
  const current = filters.sort ?? (filters.q ? 'relevance' : 'newest');
  return (
    <div className="flex items-center gap-2 text-sm">
      <label htmlFor={id}>Sort by</label>
      <select
        id={id}
        value={current}
        onChange={(event) => go(withFilters(filters, { sort: event.target.value as ProductSort }))}
        className="rounded-md border border-slate-400 bg-white px-2 py-1.5"
      >
        {choices.map((sort) => (
          <option key={sort.value} value={sort.value}>
            {sort.label}
          </option>
        ))}
      </select>
    </div>
  );
}
