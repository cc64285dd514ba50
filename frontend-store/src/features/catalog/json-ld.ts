import type { ProductDetail, Variant } from '@shopstream/contracts';
import { moneyAmount } from '@/lib/money';

export interface Crumb {
  name: string;
  /** Absolute URL. */
  url: string;
}

/** schema.org BreadcrumbList: the trail from the shop's home to this page. */
export function breadcrumbJsonLd(crumbs: Crumb[]) {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: crumbs.map((crumb, index) => ({
      '@type': 'ListItem',
      position: index + 1,
      name: crumb.name,
      item: crumb.url,
    })),
  };
}

const availability = (variant: Variant) =>
  variant.inStock ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock';

/**
 * schema.org Product with one Offer per variant, so search engines see every price and whether
 * each one can be bought.
 */
export function productJsonLd(product: ProductDetail, url: string, brand = 'ShopStream') {
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: product.title,
    description: product.description,
    url,
    sku: product.variants[0]?.sku,
    productID: product.id,
    image: product.images.map((image) => image.url),
    brand: { '@type': 'Brand', name: brand },
    ...(product.category ? { category: product.category.name } : {}),
    offers: product.variants.map((variant) => ({
      '@type': 'Offer',
      sku: variant.sku,
      name: variant.title || product.title,
      price: moneyAmount(variant.price, variant.currency),
      priceCurrency: variant.currency,
      availability: availability(variant),
      itemCondition: 'https://schema.org/NewCondition',
      url: `${url}?variant=${variant.id}`,
    })),
  };
}

/**
 * JSON for a <script type="application/ld+json">: "<" is escaped so text from the catalog
 * cannot close the script element.
 */
export const jsonLdScript = (data: unknown) => JSON.stringify(data).replace(/</g, '\\u003c');
