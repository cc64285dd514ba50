import type { Category } from '@shopstream/contracts';
import Link from 'next/link';
import { Suspense } from 'react';
import { AccountLink } from '@/features/account/components/account-link';
import { CartLink } from '@/features/cart/cart-link';
import { getCategories } from '@/features/catalog/api';
import { SearchBox } from '@/features/search/search-box';

async function rootCategories(): Promise<Category[]> {
  try {
    return (await getCategories()).filter((category) => category.depth === 0);
  } catch {
    // The header must still render (with search) when the catalog cannot be read.
    return [];
  }
}

function SearchFallback() {
  return <div className="h-10 w-full rounded-md border border-slate-400 bg-white" />;
}

export async function SiteHeader() {
  const categories = await rootCategories();
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3 sm:px-6">
        <Link href="/" className="rounded-sm text-xl font-bold tracking-tight text-blue-900">
          ShopStream
        </Link>
        <div className="order-last w-full sm:order-none sm:w-auto sm:flex-1 sm:max-w-xl">
          <Suspense fallback={<SearchFallback />}>
            <SearchBox />
          </Suspense>
        </div>
        <div className="ml-auto flex items-center gap-2">
          <AccountLink />
          <CartLink />
        </div>
      </div>
      {/* Only links to pages with a loading state (home, search) are prefetched: a category page has none to
          fetch ahead, and every prefetch has the server render a page while this one hydrates. */}
      <nav aria-label="Categories" className="border-t border-slate-100">
        <ul className="mx-auto flex max-w-7xl gap-1 overflow-x-auto px-2 sm:px-4">
          <li>
            <Link
              href="/search"
              className="block rounded-sm px-3 py-2 text-sm font-medium whitespace-nowrap hover:underline"
            >
              All products
            </Link>
          </li>
          {categories.map((category) => (
            <li key={category.id}>
              <Link
                href={`/category/${category.slug}`}
                prefetch={false}
                className="block rounded-sm px-3 py-2 text-sm font-medium whitespace-nowrap hover:underline"
              >
                {category.name}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
