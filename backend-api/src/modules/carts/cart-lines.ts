import type { CartLine } from '@shopstream/contracts';
import type { CartLineRow } from './repository';

/** Whether a line can be bought as it stands: not for sale, sold out, fewer left than wanted, or in stock. */
export function availabilityOf(line: { sellable: boolean; available: number; quantity: number }) {
  if (!line.sellable) return 'unavailable' as const;
  if (line.available <= 0) return 'out_of_stock' as const;
  if (line.available < line.quantity) return 'insufficient_stock' as const;
  return 'in_stock' as const;
}

/** A stored line as the shopper sees it: priced now, with what is left of its variant (and its image on this API). */
export const toCartLine = (row: CartLineRow, imageUrl: (stored: string) => string): CartLine => ({
  id: row.id,
  variantId: row.variantId,
  productId: row.productId,
  productSlug: row.productSlug,
  productTitle: row.productTitle,
  variantTitle: row.variantTitle,
  sku: row.sku,
  options: row.options,
  image: row.imageUrl ? { url: imageUrl(row.imageUrl), alt: row.imageAlt ?? '' } : null,
  quantity: row.quantity,
  unitPrice: row.unitPrice,
  lineTotal: row.unitPrice * row.quantity,
  currency: row.currency,
  available: Math.max(0, row.available),
  availability: availabilityOf(row),
});
