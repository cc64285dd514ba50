import type { ProductDetail } from '@shopstream/contracts';
import { describe, expect, it } from 'vitest';
import { breadcrumbJsonLd, jsonLdScript, productJsonLd } from './json-ld';

const makeProduct = (overrides: Partial<ProductDetail> = {}): ProductDetail => ({
  id: '11111111-1111-4111-8111-111111111111',
  slug: 'classic-mug',
  title: 'Classic Mug',
  description: 'A mug.',
  status: 'active',
  category: { id: '22222222-2222-4222-8222-222222222222', slug: 'mugs', name: 'Mugs' },
  tags: [],
  images: [{ id: '33333333-3333-4333-8333-333333333333', url: 'https://api/m.svg', alt: 'Mug', position: 0 }],
  variants: [
    {
      id: '44444444-4444-4444-8444-444444444444',
      sku: 'MUG-1',
      title: 'white',
      options: { colour: 'white' },
      price: 1299,
      compareAtPrice: 1599,
      currency: 'EUR',
      weightGrams: 350,
      inStock: true,
    },
    {
      id: '55555555-5555-4555-8555-555555555555',
      sku: 'MUG-2',
      title: 'blue',
      options: { colour: 'blue' },
      price: 1299,
      compareAtPrice: null,
      currency: 'EUR',
      weightGrams: 350,
      inStock: false,
    },
  ],
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  ...overrides,
});

describe('JSON-LD', () => {
  it('describes a product with one offer per variant, decimal price and stock', () => {
    const data = productJsonLd(makeProduct(), 'https://shop/product/classic-mug');
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Product',
      name: 'Classic Mug',
      sku: 'MUG-1',
      image: ['https://api/m.svg'],
      category: 'Mugs',
      url: 'https://shop/product/classic-mug',
    });
    expect(data.offers).toEqual([
      expect.objectContaining({
        sku: 'MUG-1',
        price: '12.99',
        priceCurrency: 'EUR',
        availability: 'https://schema.org/InStock',
        url: 'https://shop/product/classic-mug?variant=44444444-4444-4444-8444-444444444444',
      }),
      expect.objectContaining({ sku: 'MUG-2', availability: 'https://schema.org/OutOfStock' }),
    ]);
  });

  it('leaves the category out when the product has none', () => {
    expect(productJsonLd(makeProduct({ category: null }), 'https://shop/p')).not.toHaveProperty('category');
  });

  it('numbers the breadcrumb trail from 1', () => {
    expect(
      breadcrumbJsonLd([
        { name: 'Home', url: 'https://shop/' },
        { name: 'Mugs', url: 'https://shop/category/mugs' },
      ]),
    ).toEqual({
      '@context': 'https://schema.org',
      '@type': 'BreadcrumbList',
      itemListElement: [
        { '@type': 'ListItem', position: 1, name: 'Home', item: 'https://shop/' },
        { '@type': 'ListItem', position: 2, name: 'Mugs', item: 'https://shop/category/mugs' },
      ],
    });
  });

  it('cannot be used to close the script element', () => {
    const json = jsonLdScript({ name: '</script><script>alert(1)</script>' });
    expect(json).not.toContain('</script>');
    expect(JSON.parse(json)).toEqual({ name: '</script><script>alert(1)</script>' });
  });
});
