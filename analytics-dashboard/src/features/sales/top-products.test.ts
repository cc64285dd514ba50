import { expect, it } from 'vitest';
import { type ProductRow, topProducts } from './top-products';

const makeProduct = (overrides: Partial<ProductRow>): ProductRow => ({
  productId: overrides.name ?? 'p',
  name: 'p',
  views: 0,
  adds: 0,
  purchases: 0,
  grossRevenue: 0,
  ...overrides,
});

it('ranks products by revenue, units or views', () => {
  const rows = [
    makeProduct({ name: 'Scarf', grossRevenue: 5000, purchases: 10, views: 900 }),
    makeProduct({ name: 'Jacket', grossRevenue: 30000, purchases: 2, views: 300 }),
    makeProduct({ name: 'Socks', grossRevenue: 5000, purchases: 25, views: 100 }),
  ];
  expect(topProducts(rows, 'revenue', 3).map((r) => r.name)).toEqual(['Jacket', 'Scarf', 'Socks']);
  expect(topProducts(rows, 'units', 2).map((r) => r.name)).toEqual(['Socks', 'Scarf']);
  expect(topProducts(rows, 'views', 1).map((r) => r.name)).toEqual(['Scarf']);
});
