import {
  AdminOrderListQuery,
  CheckoutHeaders,
  CheckoutOrderParams,
  CheckoutRequest,
  CheckoutResponse,
  IdParams,
  MyOrderListQuery,
  Order,
  OrderList,
  OrderNumberParams,
  OrderTransitionRequest,
  TodayStats,
} from '@shopstream/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser, signedIn, staffOnly } from '../../plugins/auth';
import { problems } from '../../plugins/route-schemas';
import { cartCaller } from '../carts/caller';
import type { OrderService } from './service';

export const orderRoutes: FastifyPluginAsyncZod<{
  orders: OrderService;
  shopSettings: () => Promise<{ currency: string; timeZone: string }>;
}> = async (app, { orders, shopSettings }) => {
  app.post(
    '/checkout',
    {
      schema: {
        tags: ['checkout'],
        summary: 'Turn the cart into a paid order (or, with Stripe, a pending order and its PaymentIntent)',
        description:
          'Requires an `Idempotency-Key` header: the same key and body answer the same order (200, `idempotent-replayed: true`); ' +
          'With Stripe configured the body carries no card: stock is reserved, a PaymentIntent created (automatic payment methods, ' +
          'the order id in its metadata, one idempotency key per order) and its `clientSecret` answered with the `pending` order; ' +
          'Stripe’s webhook marks it paid. ' +
          'the same key with another body answers 409. Stock is reserved with the order before the card is charged. ' +
          'A declined card answers 402 and leaves stock and cart unchanged; out of stock answers 409 `out_of_stock`. ' +
          'Test cards: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined, 4000 0000 0000 0119 fails once and is retried.',
        headers: CheckoutHeaders,
        body: CheckoutRequest,
        response: {
          200: CheckoutResponse,
          201: CheckoutResponse,
          ...problems(400, 401, 409),
          402: problems(400)[400]!,
          503: problems(400)[400]!,
        },
      },
    },
    async (request, reply) => {
      const { order, replayed } = await orders.checkout(
        await cartCaller(request),
        request.headers['idempotency-key'],
        request.body,
      );
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(replayed ? 200 : 201).send(order);
    },
  );

  app.get(
    '/checkout/orders/:id',
    {
      schema: {
        tags: ['checkout'],
        summary: 'An order this cart or account just placed, as its customer sees it',
        description:
          'For the confirmation page, which polls it until the payment provider’s webhook has paid (or cancelled) the order. ' +
          'Answers only to the guest cart cookie or the account that placed the order; anyone else gets 404.',
        params: CheckoutOrderParams,
        response: { 200: Order, ...problems(400, 401, 404) },
      },
    },
    async (request) => orders.placedOrder(await cartCaller(request), request.params.id),
  );

  app.get(
    '/me/orders',
    {
      schema: {
        ...signedIn,
        tags: ['orders'],
        summary: 'My orders, newest first',
        querystring: MyOrderListQuery,
        response: { 200: OrderList, ...problems(400, 401) },
      },
    },
    async (request) => orders.list({ ...request.query, userId: currentUser(request).id }),
  );

  app.get(
    '/me/orders/:number',
    {
      schema: {
        ...signedIn,
        tags: ['orders'],
        summary: 'One of my orders: lines as sold, totals, address, timeline, tracking',
        params: OrderNumberParams,
        response: { 200: Order, ...problems(400, 401, 404) },
      },
    },
    async (request) => orders.getForCustomer(currentUser(request).id, request.params.number),
  );

  app.get(
    '/admin/orders',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary:
          'Orders, newest first, filtered by status, dates, customer, total; q = order number or email',
        querystring: AdminOrderListQuery,
        response: { 200: OrderList, ...problems(400, 401, 403) },
      },
    },
    async (request) => orders.list(request.query),
  );

  app.get(
    '/admin/orders/:number',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: 'One order with its timeline and the transitions allowed now',
        params: OrderNumberParams,
        response: { 200: Order, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => orders.getForStaff(request.params.number),
  );

  app.post(
    '/admin/orders/:number/transitions',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary:
          'Move an order: fulfil (tracking number required), deliver, cancel (stock returns) or refund',
        description: 'An invalid transition answers 409 with `from`, `to` and `allowed`.',
        params: OrderNumberParams,
        body: OrderTransitionRequest,
        response: { 200: Order, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => orders.transition(request.params.number, request.body, currentUser(request).id),
  );

  app.get(
    '/admin/users/:id/orders',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: "A customer's orders, newest first",
        params: IdParams,
        querystring: MyOrderListQuery,
        response: { 200: OrderList, ...problems(400, 401, 403) },
      },
    },
    async (request) => orders.list({ ...request.query, userId: request.params.id }),
  );

  app.get(
    '/admin/stats/today',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary:
          "Today's paid orders and their revenue (since midnight in the shop's time zone; not analytics' net revenue, see revenueOfOrdersPaidToday), orders awaiting fulfilment, low-stock variants",
        response: { 200: TodayStats, ...problems(401, 403) },
      },
    },
    async () => orders.todayStats(await shopSettings()),
  );
};
