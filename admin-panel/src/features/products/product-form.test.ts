import { beforeAll, describe, expect, it } from 'vitest';
import { shopSettings } from '../../lib/shop-settings';
import { emptyProduct, formFieldOf, ProductForm, productInputOf } from './product-form';

// A shop in EUR, as ShopSettingsGate fills the settings from GET /shop/settings.
beforeAll(() => {
  Object.assign(shopSettings, { currency: 'EUR', locale: 'en-IE', timeZone: 'Europe/Dublin' });
});

const valid = {
  ...emptyProduct,
  title: 'Linen tee',
  tags: 'linen, summer, linen',
  options: [{ name: 'size', values: 'S, M' }],
  variants: [
    { sku: 'TEE-S', options: { size: 'S' }, price: '24.90', compareAtPrice: '29.90', stockOnHand: 3 },
    { sku: 'TEE-M', options: { size: 'M' }, price: '24', compareAtPrice: '', stockOnHand: 0 },
  ],
};

describe('the product form', () => {
  it('turns typed prices and tags into the shared ProductInput', () => {
    const parsed = ProductForm.parse(valid);
    const input = productInputOf(parsed);
    expect(input.tags).toEqual(['linen', 'summer']);
    expect(input.categoryId).toBeNull();
    expect(input.variants.map((v) => [v.price, v.compareAtPrice])).toEqual([
      [2490, 2990],
      [2400, null],
    ]);
  });

  it('reports problems at the field they belong to', () => {
    const result = ProductForm.safeParse({
      ...valid,
      title: ' ',
      options: [
        { name: 'Size', values: 'S' },
        { name: 'size', values: 'M' },
      ],
      variants: [{ ...valid.variants[0], sku: 'has space', price: '12.999' }],
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining(['title', 'options.1.name', 'variants.0.sku', 'variants.0.price']),
    );
  });

  it('accepts option names as people type them and keeps them for display', () => {
    const parsed = ProductForm.parse({
      ...valid,
      options: [
        { name: ' Size ', values: 'S' },
        { name: 'Colour', values: 'Red' },
      ],
      variants: [{ ...valid.variants[0], options: { Size: 'S', Colour: 'Red' } }],
    });
    expect(parsed.options.map((option) => option.name)).toEqual(['Size', 'Colour']);
    expect(productInputOf(parsed).variants[0]?.options).toEqual({ Size: 'S', Colour: 'Red' });
    expect(ProductForm.safeParse({ ...valid, options: [{ name: 'a:b', values: 'x' }] }).success).toBe(false);
  });

  it('maps the API field paths onto the form fields', () => {
    expect(formFieldOf('body.variants.1.sku')).toBe('variants.1.sku');
  });
});
