import type { Category } from '@shopstream/contracts';
import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { getCategories, listProducts } from '@/features/catalog/api';
import { ProductGrid } from '@/features/catalog/components/product-card';

export const metadata: Metadata = {
  title: { absolute: 'ShopStream · Clothing, shoes, accessories and home' },
  description:
    'Shop clothing, shoes, accessories and homeware at ShopStream: new arrivals every week, fast search and clear prices.',
  alternates: { canonical: '/' },
  openGraph: { url: '/', title: 'ShopStream' },
};

export default async function HomePage() {
  // Rendered per request, so a build never needs the API; the data itself is cached.
  await connection();
  const categories = await getCategories();
  const roots = categories.filter((category) => category.depth === 0);
  // Featured: the newest in-stock products of each department, so every one is on the front page.
  const perRoot = Math.max(1, Math.ceil(8 / Math.max(1, roots.length)));
  const featured = (
    await Promise.all(
      roots.map((root) =>
        listProducts({ category: root.slug, options: {}, inStock: true, sort: 'newest' }, perRoot),
      ),
    )
  )
    .flatMap((list) => list.items)
    .slice(0, 8);
  const childrenOf = (root: Category) => categories.filter((category) => category.parentId === root.id);

  return (
    <div className="mx-auto max-w-7xl px-4 sm:px-6">
      <section className="mt-6 rounded-2xl bg-blue-900 px-6 py-12 text-white sm:px-12 sm:py-16">
        <h1 className="text-4xl font-bold tracking-tight sm:text-5xl">ShopStream</h1>
        <p className="mt-3 max-w-xl text-lg text-blue-100">
          Clothing, shoes, accessories and homeware, made to last. New arrivals every week.
        </p>
        <Link
          href="/search"
          className="mt-6 inline-block rounded-md bg-white px-5 py-3 font-semibold text-blue-900 hover:bg-blue-50"
        >
          Shop all products
        </Link>
      </section>

      <section aria-labelledby="home-categories" className="mt-12">
        <h2 id="home-categories" className="text-2xl font-semibold">
          Shop by category
        </h2>
        <ul className="mt-4 grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {roots.map((root) => (
            <li key={root.id} className="rounded-lg border border-slate-200 p-5">
              <h3 className="text-lg font-semibold">
                <Link href={`/category/${root.slug}`} prefetch={false} className="rounded-sm hover:underline">
                  {root.name}
                </Link>
              </h3>
              <p className="text-sm text-slate-600">{root.productCount} products</p>
              <ul className="mt-3 flex flex-wrap gap-2">
                {childrenOf(root).map((child) => (
                  <li key={child.id}>
                    <Link
                      href={`/category/${child.slug}`}
                      prefetch={false}
                      className="inline-block rounded-full bg-slate-100 px-3 py-1 text-sm hover:bg-slate-200"
                    >
                      {child.name}
                    </Link>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="home-new" className="mt-12">
        <div className="flex items-baseline justify-between gap-4">
          <h2 id="home-new" className="text-2xl font-semibold">
            Featured new arrivals
          </h2>
          <Link href="/search?sort=newest" className="text-sm text-blue-800 underline underline-offset-2">
            See all<span className="sr-only"> new arrivals</span>
          </Link>
        </div>
        <div className="mt-4">
          <ProductGrid products={featured} preloadFirst={4} />
        </div>
      </section>
    </div>
  );
}
