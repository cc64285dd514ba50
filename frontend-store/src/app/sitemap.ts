import type { ProductSummary } from '@shopstream/contracts';
import type { MetadataRoute } from 'next';
import { getCategories, listProducts } from '@/features/catalog/api';
import { siteUrl } from '@/lib/env';

// Built on request (and cached for an hour) so a build does not need the API.
export const dynamic = 'force-dynamic';
export const revalidate = 3600;

const MAX_PAGES = 500;

async function allProducts(): Promise<ProductSummary[]> {
  const products: ProductSummary[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const list = await listProducts({ options: {}, inStock: false, sort: 'newest', cursor }, 100);
    products.push(...list.items);
    if (!list.nextCursor) break;
    cursor = list.nextCursor;
  }
  return products;
}

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const [categories, products] = await Promise.all([getCategories(), allProducts()]);
  return [
    { url: siteUrl('/'), changeFrequency: 'daily', priority: 1 },
    { url: siteUrl('/search'), changeFrequency: 'daily', priority: 0.5 },
    ...categories.map((category) => ({
      url: siteUrl(`/category/${category.slug}`),
      changeFrequency: 'daily' as const,
      priority: 0.7,
    })),
    ...products.map((product) => ({
      url: siteUrl(`/product/${product.slug}`),
      changeFrequency: 'weekly' as const,
      priority: 0.8,
      ...(product.image ? { images: [product.image.url] } : {}),
    })),
  ];
}
