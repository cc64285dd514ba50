import type { Metadata } from 'next';
import { listProducts } from '@/features/catalog/api';
import { Breadcrumbs } from '@/features/catalog/components/breadcrumbs';
import { Listing } from '@/features/catalog/components/listing';
import { parseFilters } from '@/features/catalog/filters';

export async function generateMetadata({ searchParams }: PageProps<'/search'>): Promise<Metadata> {
  const filters = parseFilters(await searchParams);
  const title = filters.q ? `Search results for “${filters.q}”` : 'All products';
  return {
    title,
    description: filters.q
      ? `Products matching “${filters.q}” at ShopStream.`
      : 'Every product in the ShopStream catalogue: filter by category, size, colour, price and stock.',
    alternates: { canonical: '/search' },
    // Result pages are for people; crawlers find products through categories and the sitemap.
    robots: filters.q || filters.cursor ? { index: false, follow: true } : undefined,
    openGraph: { title, url: '/search' },
  };
}

export default async function SearchPage({ searchParams }: PageProps<'/search'>) {
  const filters = parseFilters(await searchParams);
  const list = await listProducts(filters);
  const mode = { kind: 'search' } as const;
  return (
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6">
      <Breadcrumbs
        trail={[
          { name: 'Home', href: '/' },
          { name: filters.q ? 'Search' : 'All products', href: '/search' },
        ]}
      />
      <h1 className="mt-3 text-3xl font-bold tracking-tight">
        {filters.q ? <>Results for “{filters.q}”</> : 'All products'}
      </h1>
      {list.correctedQuery && (
        <p className="mt-2 text-slate-700" data-testid="corrected-query">
          No exact matches for “{filters.q}”. Showing results for <strong>{list.correctedQuery}</strong>.
        </p>
      )}
      <Listing list={list} filters={filters} mode={mode} />
    </div>
  );
}
