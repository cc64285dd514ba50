import type { APIRequestContext } from '@playwright/test';
import { expect } from '@playwright/test';

const API = process.env.API_URL ?? 'http://localhost:5005';

type ProductDetail = { variants: { id: string; inStock: boolean }[] };
type CartAnswer = { lines: { id: string; variantId: string; availability: string }[] };

/**
 * Puts one unit of a variant of `slug` that is in stock now into the cart of `request`'s cookies, through the
 * API as the storefront would, and answers its id.
 *
 * The cart re-checks stock when it answers, and it is the word that counts: a variant the catalog called in
 * stock may be sold out by the time the line is added (an earlier journey's order; before ae49cea the
 * cached catalog also said "in stock" for up to CATALOG_CACHE_TTL_SECONDS after a sellout). Such a line is
 * taken out again and the next variant tried. (The CI once saw "Place order" stay disabled for two
 * minutes on such a line.)
 */
export async function addVariantInStock(request: APIRequestContext, slug: string): Promise<string> {
  const product = (await (await request.get(`${API}/catalog/products/${slug}`)).json()) as ProductDetail;
  for (const variant of product.variants.filter((entry) => entry.inStock)) {
    const response = await request.post(`${API}/cart/items`, {
      data: { variantId: variant.id, quantity: 1 },
    });
    expect(response.ok(), await response.text()).toBe(true);
    const line = ((await response.json()) as CartAnswer).lines.find(
      (entry) => entry.variantId === variant.id,
    );
    if (line?.availability === 'in_stock') return variant.id;
    if (line) {
      const removed = await request.delete(`${API}/cart/items/${line.id}`);
      expect(removed.ok(), await removed.text()).toBe(true);
    }
  }
  throw new Error(`${slug} has no variant in stock now: reseed the demo shop (npm run db:seed)`);
}
