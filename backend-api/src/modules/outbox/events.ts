import { EcommerceEvent, type EventInput } from '@shopstream/contracts';
import type { Transaction } from '../../db/transaction';
import type { OutboxRepository } from './repository';

export type OrderTopic = 'placed' | 'paid' | 'fulfilled' | 'cancelled' | 'refunded';

const NAMES: Record<OrderTopic, string> = {
  placed: 'Order Placed',
  paid: EcommerceEvent.OrderCompleted,
  fulfilled: 'Order Fulfilled',
  cancelled: EcommerceEvent.OrderCancelled,
  refunded: EcommerceEvent.OrderRefunded,
};

export interface OrderForEvent {
  id: string;
  number: string;
  userId: string | null;
  /** The storefront's analytics `checkout_id`, when the order came from its checkout. */
  checkoutId?: string | null;
  total: number;
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  currency: string;
  carrier?: string | null;
  trackingNumber?: string | null;
  lines: {
    productId: string | null;
    sku: string;
    productTitle: string;
    unitPrice: number;
    quantity: number;
  }[];
}

/** The analytics event of an order change (Segment e-commerce names and properties, minor units). */
export function orderEvent(topic: OrderTopic, order: OrderForEvent, at: Date): EventInput {
  const base = { order_id: order.number, ...checkoutOf(order), total: order.total, currency: order.currency };
  const properties =
    topic === 'paid' || topic === 'placed'
      ? {
          ...base,
          // The goods after discount, as priced (with the tax inside when the shop's prices include it); `total`
          // is what was paid and `tax` the order's tax, both to the cent of the order and its receipt.
          revenue: order.subtotal - order.discount,
          shipping: order.shipping,
          tax: order.tax,
          products: order.lines.map((line) => ({
            product_id: line.productId ?? line.sku,
            sku: line.sku,
            name: line.productTitle.slice(0, 200),
            price: line.unitPrice,
            quantity: line.quantity,
            currency: order.currency,
          })),
        }
      : topic === 'fulfilled'
        ? { ...base, carrier: order.carrier ?? null, tracking_number: order.trackingNumber ?? null }
        : base;
  return {
    id: `order.${topic}:${order.id}`,
    type: 'track',
    event: NAMES[topic],
    timestamp: at.toISOString(),
    ...identityOf(order),
    properties,
  };
}

/** A line given back, as the `products` of `Order Refunded` and `Order Cancelled`. */
export interface ProductUnits {
  productId: string | null;
  sku: string;
  productTitle: string;
  unitPrice: number;
  quantity: number;
}

const productsOf = (lines: ProductUnits[]) =>
  lines
    .filter((line) => line.quantity > 0)
    .map((line) => ({
      product_id: line.productId ?? line.sku,
      sku: line.sku,
      name: line.productTitle.slice(0, 200),
      price: line.unitPrice,
      quantity: line.quantity,
    }));

const identityOf = (order: Pick<OrderForEvent, 'id' | 'userId'>) =>
  order.userId ? { userId: order.userId } : { anonymousId: `order-${order.id}` };

/**
 * Segment's `checkout_id` on every event of an order placed by the storefront's checkout: analytics puts the
 * event in the browser session whose Checkout Started carried it (the order's refunds and cancellation too).
 */
const checkoutOf = (order: Pick<OrderForEvent, 'checkoutId'>) =>
  order.checkoutId ? { checkout_id: order.checkoutId } : {};

/**
 * `Order Refunded`, one per refund (issue 17): `total` is what this refund gave back, `products` the lines it
 * refunded (empty for an amount-only refund). Analytics subtracts it from revenue.
 */
export function refundEvent(
  order: Pick<OrderForEvent, 'id' | 'number' | 'userId' | 'currency' | 'checkoutId'>,
  refund: { id: string; amount: number; reason: string; lines: ProductUnits[] },
  at: Date,
): EventInput {
  return {
    id: `order.refunded:${refund.id}`,
    type: 'track',
    event: EcommerceEvent.OrderRefunded,
    timestamp: at.toISOString(),
    ...identityOf(order),
    properties: {
      order_id: order.number,
      ...checkoutOf(order),
      refund_id: refund.id,
      total: refund.amount,
      currency: order.currency,
      reason: refund.reason.slice(0, 500),
      products: productsOf(refund.lines),
    },
  };
}

/**
 * `Order Cancelled` of an order that had been paid: `total` is what leaves revenue with it (captured minus what
 * earlier refunds gave back). The refund of that rest emits no `Order Refunded`, so each cent is counted once.
 */
export function cancelledEvent(
  order: Pick<OrderForEvent, 'id' | 'number' | 'userId' | 'currency' | 'checkoutId'>,
  total: number,
  lines: ProductUnits[],
  at: Date,
): EventInput {
  return {
    id: `order.cancelled:${order.id}`,
    type: 'track',
    event: EcommerceEvent.OrderCancelled,
    timestamp: at.toISOString(),
    ...identityOf(order),
    properties: {
      order_id: order.number,
      ...checkoutOf(order),
      total,
      currency: order.currency,
      products: productsOf(lines),
    },
  };
}

/** The outbox of order events: what the orders module writes in the transaction that changes an order. */
export function createOutbox(repository: OutboxRepository) {
  return {
    /**
     * Writes the event in the caller's transaction: it reaches analytics if and only if the change commits.
     * `at` is when the change happened (now, except for the demo seed's history).
     */
    async enqueueOrderEvent(tx: Transaction, topic: OrderTopic, order: OrderForEvent, at = new Date()) {
      const event = orderEvent(topic, order, at);
      await repository.enqueue(tx, {
        eventId: event.id ?? `order.${topic}:${order.id}`,
        orderId: order.id,
        topic: `order.${topic}`,
        payload: event as Record<string, unknown>,
      });
    },

    /** `enqueueOrderEvent` of several topics of one order change, in one statement. */
    async enqueueOrderEvents(tx: Transaction, topics: OrderTopic[], order: OrderForEvent, at = new Date()) {
      await repository.enqueueAll(
        tx,
        topics.map((topic) => {
          const event = orderEvent(topic, order, at);
          return {
            eventId: event.id ?? `order.${topic}:${order.id}`,
            orderId: order.id,
            topic: `order.${topic}`,
            payload: event as Record<string, unknown>,
          };
        }),
      );
    },

    /** Writes an already built event of an order (`refundEvent`, `cancelledEvent`) in the caller's transaction. */
    async enqueueEvent(tx: Transaction, orderId: string, topic: string, event: EventInput) {
      await repository.enqueue(tx, {
        eventId: event.id ?? `order.${topic}:${orderId}`,
        orderId,
        topic: `order.${topic}`,
        payload: event as Record<string, unknown>,
      });
    },
  };
}
export type Outbox = ReturnType<typeof createOutbox>;
