/**
 * What units of an order's lines are worth as paid: their share of what the customer paid for goods (the total
 * without shipping), so a discount and the tax charged on them come back in proportion. Each line is rounded
 * half up in minor units; the sum never exceeds what remains to refund.
 */
export function valueOfUnits(
  order: { subtotal: number; shipping: number; total: number },
  units: { unitPrice: number; quantity: number }[],
): number {
  if (order.subtotal <= 0) return 0;
  const goodsPaid = Math.max(order.total - order.shipping, 0);
  let sum = 0;
  for (const { unitPrice, quantity } of units) {
    // Integer arithmetic first, one division per line: no float drift on large amounts.
    sum += Math.round((unitPrice * quantity * goodsPaid) / order.subtotal);
  }
  return sum;
}
