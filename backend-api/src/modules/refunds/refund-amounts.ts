/**
 * What units of an order's lines are worth as paid: their share of what the customer paid for goods, so a
 * discount and the tax on them come back in proportion and shipping (with its tax) does not. Tax added on top
 * (total = net + shipping + tax) is split between goods and shipping by their amounts; tax contained in the
 * prices is already inside the total. Each line is rounded half up in minor units.
 */
export function valueOfUnits(
  order: { subtotal: number; discount: number; shipping: number; tax: number; total: number },
  units: { unitPrice: number; quantity: number }[],
): number {
  if (order.subtotal <= 0) return 0;
  const net = order.subtotal - order.discount;
  const taxOnTop = net + order.shipping + order.tax === order.total;
  const shippingTax =
    taxOnTop && net + order.shipping > 0 ? (order.tax * order.shipping) / (net + order.shipping) : 0;
  const goodsPaid = Math.max(order.total - order.shipping - shippingTax, 0);
  let sum = 0;
  for (const { unitPrice, quantity } of units)
    sum += Math.round((unitPrice * quantity * goodsPaid) / order.subtotal);
  return sum;
}
