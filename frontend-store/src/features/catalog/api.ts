import {
  type Category,
  CategoryList,
  ProductDetail,
  ProductList,
  RelatedProducts,
} from '@shopstream/contracts';
import { apiGet } from '@/lib/api';
import { filtersToApiQuery, type ListingFilters } from './filters';

/**
 * Catalog answers are not kept by Next (false: never reused): backend-api caches anonymous catalog reads in
 * Redis and every catalog write bumps that cache's version, so a product created or changed in the admin is
 * in listings and search on the next request. (Kept for 60 s here, a new product took up to a minute.)
 */
const REVALIDATE_SECONDS = false;
export const CATALOG_TAG = 'catalog';

export const PAGE_SIZE = 24;

export const listProducts = (filters: ListingFilters, limit = PAGE_SIZE) =>
  apiGet(`/catalog/products?${filtersToApiQuery(filters, limit)}`, ProductList, {
    revalidate: REVALIDATE_SECONDS,
    tags: [CATALOG_TAG, 'catalog:products'],
  });

export const getProduct = (slug: string) =>
  apiGet(`/catalog/products/${encodeURIComponent(slug)}`, ProductDetail, {
    revalidate: REVALIDATE_SECONDS,
    tags: [CATALOG_TAG, `catalog:product:${slug}`],
  });

export const getRelatedProducts = (slug: string) =>
  apiGet(`/catalog/products/${encodeURIComponent(slug)}/related`, RelatedProducts, {
    revalidate: REVALIDATE_SECONDS,
    tags: [CATALOG_TAG, `catalog:product:${slug}`],
  });

export const getCategories = async (): Promise<Category[]> =>
  (
    await apiGet('/catalog/categories', CategoryList, {
      revalidate: REVALIDATE_SECONDS,
      tags: [CATALOG_TAG, 'catalog:categories'],
    })
  ).items;

/** The category and its ancestors, root first. */
export function categoryTrail(categories: Category[], slug: string): Category[] {
  const byId = new Map(categories.map((category) => [category.id, category]));
  const trail: Category[] = [];
  let current = categories.find((category) => category.slug === slug);
  while (current && trail.length < 20) {
    trail.unshift(current);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return trail;
}
