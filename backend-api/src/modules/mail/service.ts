import type { MailExecutor, MailRepository } from './repository';
import { type MailMessage, type TemplateData, trackingUrl } from './templates';

/** Where links in messages point. */
export interface MailLinks {
  storefrontUrl: string;
  adminUrl: string;
  /** The link to an order: the account's order page, or a signed guest link. */
  orderUrl(order: { id: string; number: string; email: string; userId: string | null }): string;
}

/** An order as the order module holds it, with what its messages need. */
export interface OrderForMail {
  id: string;
  number: string;
  userId: string | null;
  email: string;
  currency: string;
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  total: number;
  taxIncluded: boolean;
  taxRateBasisPoints: number;
  discountCode: string | null;
  shippingOptionName: string;
  shippingAddress: TemplateData['order-confirmation']['shippingAddress'];
  carrier: string | null;
  trackingNumber: string | null;
  paymentReference: string | null;
  createdAt: Date;
  lines?: {
    productTitle: string;
    variantTitle: string | null;
    quantity: number;
    unitPrice: number;
    lineTotal: number;
  }[];
}

export type OrderMailTopic = 'placed' | 'fulfilled' | 'delivered' | 'cancelled' | 'refunded';

/**
 * What other modules call, inside their own transaction, to send mail: `mail.enqueue(tx, message)`, or the
 * order messages by topic. Nothing here talks to SMTP; the relay does, after the transaction commits.
 */
export function createMailService(repo: MailRepository, links: MailLinks) {
  const enqueue = (executor: MailExecutor, message: MailMessage) => repo.enqueue(executor, message);

  return {
    enqueue,
    links,

    /** The customer's message for an order change; one per order and topic, however often it is called. */
    async orderChanged(executor: MailExecutor, topic: OrderMailTopic, order: OrderForMail) {
      const ref = { orderNumber: order.number, orderUrl: links.orderUrl(order) };
      const dedupeKey = `order-${topic}:${order.id}`;
      const to = order.email;
      switch (topic) {
        case 'placed':
          return enqueue(executor, {
            template: 'order-confirmation',
            to,
            dedupeKey,
            data: {
              ...ref,
              placedAt: order.createdAt.toISOString(),
              lines: (order.lines ?? []).map((line) => ({
                title: line.productTitle,
                variant: line.variantTitle,
                quantity: line.quantity,
                unitPrice: line.unitPrice,
                lineTotal: line.lineTotal,
              })),
              totals: {
                subtotal: order.subtotal,
                discount: order.discount,
                shipping: order.shipping,
                tax: order.tax,
                total: order.total,
                currency: order.currency,
                taxIncluded: order.taxIncluded,
                taxRateBasisPoints: order.taxRateBasisPoints,
              },
              discountCode: order.discountCode,
              shippingAddress: order.shippingAddress,
              shippingOption: order.shippingOptionName,
            },
          });
        case 'fulfilled': {
          const carrier = order.carrier ?? 'the carrier';
          const number = order.trackingNumber ?? '';
          return enqueue(executor, {
            template: 'order-shipped',
            to,
            dedupeKey,
            data: { ...ref, carrier, trackingNumber: number, trackingUrl: trackingUrl(carrier, number) },
          });
        }
        case 'delivered':
          return enqueue(executor, { template: 'order-delivered', to, dedupeKey, data: ref });
        case 'refunded':
          return enqueue(executor, {
            template: 'order-refunded',
            to,
            dedupeKey,
            data: { ...ref, amount: order.total, currency: order.currency },
          });
        case 'cancelled':
          return enqueue(executor, {
            template: 'order-cancelled',
            to,
            dedupeKey,
            data: {
              ...ref,
              amount: order.total,
              currency: order.currency,
              refunded: order.paymentReference !== null,
            },
          });
      }
    },

    /** One partial or full refund (issue 17): one mail per refund. */
    refundIssued: (
      executor: MailExecutor,
      order: OrderForMail,
      refund: {
        id: string;
        amount: number;
        reason: string;
        lines: { title: string; variant: string | null; quantity: number }[];
      },
    ) =>
      enqueue(executor, {
        template: 'order-refunded',
        to: order.email,
        dedupeKey: `refund:${refund.id}`,
        data: {
          orderNumber: order.number,
          orderUrl: links.orderUrl(order),
          amount: refund.amount,
          currency: order.currency,
          reason: refund.reason,
          lines: refund.lines,
        },
      }),

    /** A step of a return (requested, approved, refused, received, refunded): one mail per return and step. */
    returnChanged: (
      executor: MailExecutor,
      order: OrderForMail,
      step: Omit<TemplateData['return-update'], 'orderNumber' | 'orderUrl' | 'currency'> & {
        returnId: string;
      },
    ) => {
      const { returnId, ...data } = step;
      return enqueue(executor, {
        template: 'return-update',
        to: order.email,
        dedupeKey: `return-${step.status}:${returnId}`,
        data: {
          ...data,
          orderNumber: order.number,
          orderUrl: links.orderUrl(order),
          currency: order.currency,
        },
      });
    },

    /** A note staff chose to send to the customer. */
    orderNote: (executor: MailExecutor, order: OrderForMail, note: string, noteId: string) =>
      enqueue(executor, {
        template: 'order-note',
        to: order.email,
        dedupeKey: `order-note:${noteId}`,
        data: { orderNumber: order.number, orderUrl: links.orderUrl(order), note },
      }),
  };
}
export type MailService = ReturnType<typeof createMailService>;
