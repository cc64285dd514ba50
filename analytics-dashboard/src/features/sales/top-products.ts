import type { ProductsReport } from '@shopstream/contracts';

export type ProductRow = ProductsReport['rows'][number];
export type ProductOrder = 'revenue' | 'units' | 'views';

/** How many products are fetched; the server ranks them by revenue, other rankings come from these rows. */
export const PRODUCTS_FETCHED = 100;

const keyOf: Record<ProductOrder, (row: ProductRow) => number> = {
  revenue: (row) => row.grossRevenue,
  units: (row) => row.purchases,
  views: (row) => row.views,
};

/** The top products by a measure, ties broken by revenue then name so the order is stable. */
export function topProducts(rows: readonly ProductRow[], order: ProductOrder, count: number): ProductRow[] {
  const key = keyOf[order];
  return [...rows]
    .sort((a, b) => key(b) - key(a) || b.grossRevenue - a.grossRevenue || a.name.localeCompare(b.name))
    .slice(0, count);
}
