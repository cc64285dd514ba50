import type { ProductList } from '@shopstream/contracts';
import { env } from '@/lib/env';

export interface Suggestion {
  slug: string;
  title: string;
  category: string | null;
}

export interface Suggestions {
  items: Suggestion[];
  correctedQuery: string | null;
}

export const MIN_QUERY_LENGTH = 2;

/** Product suggestions for what a shopper is typing, straight from the catalog search. */
export async function fetchSuggestions(query: string, signal: AbortSignal): Promise<Suggestions> {
  const params = new URLSearchParams({ q: query, limit: '6' });
  const response = await fetch(`${env.NEXT_PUBLIC_API_URL}/catalog/products?${params}`, {
    signal,
    headers: { accept: 'application/json' },
  });
  if (!response.ok) return { items: [], correctedQuery: null };
  const list = (await response.json()) as ProductList;
  return {
    items: (list.items ?? []).map((item) => ({
      slug: item.slug,
      title: item.title,
      category: item.category?.name ?? null,
    })),
    correctedQuery: list.correctedQuery ?? null,
  };
}
