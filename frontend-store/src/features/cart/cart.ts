/** A line of the shopper's cart, kept in this browser until the commerce API has carts. */
export interface CartLine {
  variantId: string;
  sku: string;
  productSlug: string;
  title: string;
  variantTitle: string;
  /** Minor units, as shown when the line was added; the API re-prices at checkout. */
  price: number;
  currency: string;
  imageUrl: string | null;
  quantity: number;
}

export const MAX_QUANTITY = 10;
const MAX_LINES = 50;

const clamp = (quantity: number) => Math.max(0, Math.min(MAX_QUANTITY, Math.trunc(quantity)));

/** Adds a variant, or more of it when it is already in the cart. */
export function addLine(lines: CartLine[], line: Omit<CartLine, 'quantity'>, quantity = 1): CartLine[] {
  const existing = lines.find((entry) => entry.variantId === line.variantId);
  if (existing) return setQuantity(lines, line.variantId, existing.quantity + quantity);
  if (lines.length >= MAX_LINES) return lines;
  const added = clamp(quantity);
  return added > 0 ? [...lines, { ...line, quantity: added }] : lines;
}

/** Sets a line's quantity; zero removes it. */
export function setQuantity(lines: CartLine[], variantId: string, quantity: number): CartLine[] {
  const wanted = clamp(quantity);
  if (wanted === 0) return lines.filter((line) => line.variantId !== variantId);
  return lines.map((line) => (line.variantId === variantId ? { ...line, quantity: wanted } : line));
}

/** Item count and subtotal per currency (minor units). */
export function cartTotals(lines: CartLine[]) {
  const subtotals = new Map<string, number>();
  let items = 0;
  for (const line of lines) {
    items += line.quantity;
    subtotals.set(line.currency, (subtotals.get(line.currency) ?? 0) + line.price * line.quantity);
  }
  return { items, subtotals: [...subtotals].map(([currency, amount]) => ({ currency, amount })) };
}

const isLine = (value: unknown): value is CartLine => {
  if (typeof value !== 'object' || value === null) return false;
  const line = value as Record<string, unknown>;
  return (
    typeof line.variantId === 'string' &&
    typeof line.sku === 'string' &&
    typeof line.productSlug === 'string' &&
    typeof line.title === 'string' &&
    typeof line.variantTitle === 'string' &&
    Number.isInteger(line.price) &&
    typeof line.currency === 'string' &&
    (line.imageUrl === null || typeof line.imageUrl === 'string') &&
    Number.isInteger(line.quantity) &&
    (line.quantity as number) > 0
  );
};

/** Reads stored lines, dropping whatever is not a line (old formats, hand edits). */
export function parseCart(raw: string | null): CartLine[] {
  if (!raw) return [];
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value)
      ? value
          .filter(isLine)
          .slice(0, MAX_LINES)
          .map((line) => ({ ...line, quantity: clamp(line.quantity) }))
      : [];
  } catch {
    return [];
  }
}
