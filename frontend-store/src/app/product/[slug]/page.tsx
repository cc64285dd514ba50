import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { ProductViewed } from '@/features/analytics/product-viewed';
import { categoryTrail, getCategories, getProduct, getRelatedProducts } from '@/features/catalog/api';
import { Breadcrumbs } from '@/features/catalog/components/breadcrumbs';
import { Gallery } from '@/features/catalog/components/gallery';
import { ProductGrid } from '@/features/catalog/components/product-card';
import { ProductPurchase } from '@/features/catalog/components/product-purchase';
import { GridSkeleton } from '@/features/catalog/components/skeletons';
import { breadcrumbJsonLd, jsonLdScript, productJsonLd } from '@/features/catalog/json-ld';
import { initialVariant, priceSpan } from '@/features/catalog/variants';
import { isNotFound } from '@/lib/api';
import { siteUrl } from '@/lib/env';
import { moneyAmount } from '@/lib/money';

async function loadProduct(slug: string) {
  try {
    return await getProduct(slug);
  } catch (error) {
    if (isNotFound(error)) notFound();
    throw error;
  }
}

const summary = (text: string) => (text.length > 160 ? `${text.slice(0, 157).trimEnd()}…` : text);

export async function generateMetadata({ params }: PageProps<'/product/[slug]'>): Promise<Metadata> {
  const { slug } = await params;
  const product = await loadProduct(slug);
  const first = product.variants[0];
  const description = summary(product.description || `${product.title} at ShopStream.`);
  return {
    title: product.title,
    description,
    alternates: { canonical: `/product/${product.slug}` },
    openGraph: {
      title: product.title,
      description,
      url: `/product/${product.slug}`,
      images: product.images.map((image) => ({ url: image.url, alt: image.alt || product.title })),
    },
    other: first
      ? {
          'product:price:amount': moneyAmount(priceSpan(product.variants).min, first.currency),
          'product:price:currency': first.currency,
        }
      : {},
  };
}

async function RelatedProducts({ slug }: { slug: string }) {
  let items: Awaited<ReturnType<typeof getRelatedProducts>>['items'] = [];
  try {
    items = (await getRelatedProducts(slug)).items;
  } catch {
    // Related products are extra; the page stands without them.
  }
  if (items.length === 0) return null;
  return <ProductGrid products={items.slice(0, 4)} />;
}

export default async function ProductPage({ params, searchParams }: PageProps<'/product/[slug]'>) {
  const { slug } = await params;
  const { variant: requested } = await searchParams;
  const [product, categories] = await Promise.all([loadProduct(slug), getCategories().catch(() => [])]);
  const variant = initialVariant(product.variants, typeof requested === 'string' ? requested : undefined);
  const trail = product.category ? categoryTrail(categories, product.category.slug) : [];
  const crumbs = [
    { name: 'Home', href: '/' },
    ...(trail.length > 0
      ? trail.map((entry) => ({ name: entry.name, href: `/category/${entry.slug}` }))
      : product.category
        ? [{ name: product.category.name, href: `/category/${product.category.slug}` }]
        : []),
    { name: product.title, href: `/product/${product.slug}` },
  ];
  const url = siteUrl(`/product/${product.slug}`);

  return (
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6">
      <script
        type="application/ld+json"
        // biome-ignore lint/security/noDangerouslySetInnerHtml: JSON-LD, "<" escaped by jsonLdScript
        dangerouslySetInnerHTML={{ __html: jsonLdScript(productJsonLd(product, url)) }}
      />
      <script
        type="application/ld+json"
        // biome-ignore lint/security/noDangerouslySetInnerHtml: JSON-LD, "<" escaped by jsonLdScript
        dangerouslySetInnerHTML={{
          __html: jsonLdScript(
            breadcrumbJsonLd(crumbs.map((crumb) => ({ name: crumb.name, url: siteUrl(crumb.href) }))),
          ),
        }}
      />
      {variant && (
        <ProductViewed
          productId={product.id}
          sku={variant.sku}
          name={product.title}
          price={variant.price}
          currency={variant.currency}
          category={product.category?.name ?? null}
        />
      )}
      <Breadcrumbs trail={crumbs} />
      <div className="mt-6 grid gap-8 lg:grid-cols-2 lg:gap-12">
        <Gallery images={product.images} title={product.title} />
        <div>
          <h1 className="text-3xl font-bold tracking-tight">{product.title}</h1>
          {product.category && (
            <p className="mt-1 text-slate-700">
              <Link
                href={`/category/${product.category.slug}`}
                prefetch={false}
                className="underline underline-offset-2"
              >
                {product.category.name}
              </Link>
            </p>
          )}
          <div className="mt-6">
            <ProductPurchase product={product} initialVariantId={variant?.id} />
          </div>
          <section aria-labelledby="product-description" className="mt-8 border-t border-slate-200 pt-6">
            <h2 id="product-description" className="text-lg font-semibold">
              Description
            </h2>
            <p className="mt-2 whitespace-pre-line text-slate-800">{product.description}</p>
            {product.tags.length > 0 && (
              <ul aria-label="Tags" className="mt-4 flex flex-wrap gap-2">
                {product.tags.map((tag) => (
                  <li key={tag} className="rounded-full bg-slate-100 px-3 py-1 text-sm text-slate-700">
                    {tag}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>
      <section aria-labelledby="related-products" className="mt-16">
        <h2 id="related-products" className="text-2xl font-semibold">
          You may also like
        </h2>
        <div className="mt-4">
          <Suspense fallback={<GridSkeleton count={4} />}>
            <RelatedProducts slug={product.slug} />
          </Suspense>
        </div>
      </section>
    </div>
  );
}
