import { Order, OrderNumberParams, RefundRequest } from '@shopstream/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser, staffOnly } from '../../plugins/auth';
import { problems } from '../../plugins/route-schemas';
import type { OrderService } from '../orders/service';
import type { RefundService } from './service';

export const refundRoutes: FastifyPluginAsyncZod<{ refunds: RefundService; orders: OrderService }> = async (
  app,
  { refunds, orders },
) => {
  app.post(
    '/admin/orders/:number/refunds',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary:
          'Refund part of a paid order: an amount, or lines with quantities (restocking optional per line)',
        description:
          'A reason is required. Without `amount`, the lines are refunded at their share of what was paid for goods ' +
          '(discount and tax in proportion; shipping and its tax not included). Several refunds per order are allowed, never more ' +
          'than was captured: 409 `refund_exceeds_captured` (amount or units past what remains). Each refund goes ' +
          'through the payment provider with the refund id as idempotency key, joins the timeline, is mailed to the ' +
          'customer and emits `Order Refunded`; once everything captured is refunded the order becomes `refunded`. ' +
          '502 `refund_failed`: the provider refused it and nothing changed. 503: the provider did not answer; the ' +
          'refund stays counted and the sweeper asks again with the same key.',
        params: OrderNumberParams,
        body: RefundRequest,
        response: {
          200: Order,
          ...problems(400, 401, 403, 404, 409),
          502: problems(400)[400]!,
          503: problems(400)[400]!,
        },
      },
    },
    async (request) => {
      await refunds.refund(request.params.number, request.body, currentUser(request).id);
      return orders.getForStaff(request.params.number);
    },
  );
};
