import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { categoryTrail, getCategories, listProducts } from '@/features/catalog/api';
import { Breadcrumbs } from '@/features/catalog/components/breadcrumbs';
import { Listing } from '@/features/catalog/components/listing';
import { hasNarrowing, parseFilters } from '@/features/catalog/filters';
import { breadcrumbJsonLd, jsonLdScript } from '@/features/catalog/json-ld';
import { siteUrl } from '@/lib/env';

const loadCategory = cache(async (slug: string) => {
  const categories = await getCategories();
  const trail = categoryTrail(categories, slug);
  const category = trail.at(-1);
  if (!category) notFound();
  return {
    category,
    trail,
    children: categories.filter((entry) => entry.parentId === category.id),
  };
});

export async function generateMetadata({
  params,
  searchParams,
}: PageProps<'/category/[slug]'>): Promise<Metadata> {
  const { slug } = await params;
  const { category } = await loadCategory(slug);
  const filters = parseFilters(await searchParams);
  const description =
    category.description ||
    `Shop ${category.productCount} ${category.name.toLowerCase()} at ShopStream: filter by size, colour, price and stock.`;
  return {
    title: category.name,
    description,
    // Filtered and sorted variants of the page all point at the plain category.
    alternates: { canonical: `/category/${category.slug}` },
    robots:
      hasNarrowing({ ...filters, category: undefined }) || filters.cursor
        ? { index: false, follow: true }
        : undefined,
    openGraph: { title: category.name, description, url: `/category/${category.slug}` },
  };
}

export default async function CategoryPage({ params, searchParams }: PageProps<'/category/[slug]'>) {
  const { slug } = await params;
  const { category, trail, children } = await loadCategory(slug);
  const filters = { ...parseFilters(await searchParams), category: category.slug };
  const list = await listProducts(filters);
  const crumbs = [
    { name: 'Home', href: '/' },
    ...trail.map((entry) => ({ name: entry.name, href: `/category/${entry.slug}` })),
  ];

  return (
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6">
      <script
        type="application/ld+json"
        // biome-ignore lint/security/noDangerouslySetInnerHtml: JSON-LD, "<" escaped by jsonLdScript
        dangerouslySetInnerHTML={{
          __html: jsonLdScript(
            breadcrumbJsonLd(crumbs.map((crumb) => ({ name: crumb.name, url: siteUrl(crumb.href) }))),
          ),
        }}
      />
      <Breadcrumbs trail={crumbs} />
      <h1 className="mt-3 text-3xl font-bold tracking-tight">{category.name}</h1>
      {category.description && <p className="mt-2 max-w-2xl text-slate-700">{category.description}</p>}
      {children.length > 0 && (
        <nav aria-label={`Inside ${category.name}`} className="mt-4">
          <ul className="flex flex-wrap gap-2">
            {children.map((child) => (
              <li key={child.id}>
                <Link
                  href={`/category/${child.slug}`}
                  prefetch={false}
                  className="inline-block rounded-full bg-slate-100 px-3 py-1 text-sm hover:bg-slate-200"
                >
                  {child.name} <span className="text-slate-600">({child.productCount})</span>
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <Listing list={list} filters={filters} mode={{ kind: 'category', slug: category.slug }} />
    </div>
  );
}
