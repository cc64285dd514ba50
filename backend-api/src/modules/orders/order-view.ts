import { ORDER_TRANSITIONS, type Order, type OrderList, type OrderPayment } from '@shopstream/contracts';
import { providerOfReference } from '../payments/provider';
import type { OrderEventRow, OrderLineRow, OrderRepository, OrderRow } from './repository';

/** The shipping address stored with an order (JSON), with every field present. */
export function addressOf(row: Pick<OrderRow, 'shippingAddress'>): Order['shippingAddress'] {
  const address = row.shippingAddress;
  return {
    fullName: address.fullName ?? '',
    line1: address.line1 ?? '',
    line2: address.line2 ?? null,
    city: address.city ?? '',
    region: address.region ?? null,
    postalCode: address.postalCode ?? '',
    country: address.country ?? '',
    phone: address.phone ?? null,
  };
}

/** Where the order's money stands. The charge reference stays inside: neither staff nor customers need it. */
export function paymentOf(row: OrderRow): OrderPayment {
  const captured = row.paidAt ? row.total : 0;
  const status: OrderPayment['status'] =
    captured === 0
      ? row.status === 'cancelled'
        ? 'voided'
        : 'awaiting'
      : row.refunded === 0
        ? 'captured'
        : row.refunded >= captured
          ? 'refunded'
          : 'partially_refunded';
  return {
    provider: providerOfReference(row.paymentReference),
    status,
    brand: row.cardBrand,
    last4: row.cardLast4,
    captured,
    refunded: row.refunded,
    remaining: captured - row.refunded,
    currency: row.currency,
  };
}

/** An order as the API answers it: lines as sold, totals, address, payment, timeline and the moves allowed now. */
export function toOrder(row: OrderRow, lines: OrderLineRow[], events: OrderEventRow[]): Order {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    email: row.email,
    customerId: row.userId,
    lines: lines.map((line) => ({
      id: line.id,
      variantId: line.variantId,
      productId: line.productId,
      sku: line.sku,
      productTitle: line.productTitle,
      variantTitle: line.variantTitle,
      options: line.options,
      unitPrice: line.unitPrice,
      quantity: line.quantity,
      lineTotal: line.lineTotal,
      refundedQuantity: line.refundedQuantity,
      restockedQuantity: line.restockedQuantity,
    })),
    totals: {
      subtotal: row.subtotal,
      discount: row.discount,
      shipping: row.shipping,
      tax: row.tax,
      total: row.total,
      currency: row.currency,
      taxIncluded: row.taxIncluded,
      taxRateBasisPoints: row.taxRateBasisPoints,
    },
    discountCode: row.discountCode,
    shippingAddress: addressOf(row),
    shippingOption: { id: row.shippingOptionId, name: row.shippingOptionName },
    carrier: row.carrier,
    trackingNumber: row.trackingNumber,
    payment: paymentOf(row),
    timeline: events.map((event) => ({
      id: event.id,
      from: event.fromStatus,
      to: event.toStatus,
      actor: { type: event.actorType, id: event.actorId, email: event.actorEmail },
      note: event.note,
      noteVisibility: event.noteVisibility,
      at: event.createdAt.toISOString(),
    })),
    allowedTransitions: ORDER_TRANSITIONS[row.status].filter((s) => s !== 'paid'),
    placedAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** One line of an order list. */
export const toSummary = (
  row: Awaited<ReturnType<OrderRepository['list']>>[number],
): OrderList['items'][number] => ({
  id: row.id,
  number: row.number,
  status: row.status,
  email: row.email,
  customerId: row.userId,
  itemCount: row.itemCount,
  total: row.total,
  refunded: row.refunded,
  currency: row.currency,
  placedAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
