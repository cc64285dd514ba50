import {
  AdminReturnListQuery,
  OrderNumberParams,
  Return,
  ReturnDecision,
  ReturnIdParams,
  ReturnList,
  ReturnReceipt,
  ReturnRefundRequest,
  ReturnRequestInput,
} from '@shopstream/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser, signedIn, staffOnly } from '../../plugins/auth';
import { problems } from '../../plugins/route-schemas';
import type { ReturnService } from './service';

export const returnRoutes: FastifyPluginAsyncZod<{ returns: ReturnService }> = async (app, { returns }) => {
  app.post(
    '/me/orders/:number/returns',
    {
      schema: {
        ...signedIn,
        tags: ['orders'],
        summary: 'Ask to return some units of a delivered order, with a reason',
        description:
          "Within the shop's return window (`returnWindowDays` of the shop settings, counted from delivery). " +
          '409 `return_not_allowed`: the order is not delivered, the window closed, or more units than remain ' +
          '(refunded units and units of open returns do not). The customer is mailed at each step.',
        params: OrderNumberParams,
        body: ReturnRequestInput,
        response: { 201: Return, ...problems(400, 401, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await returns.request(currentUser(request).id, request.params.number, request.body)),
  );

  app.get(
    '/me/orders/:number/returns',
    {
      schema: {
        ...signedIn,
        tags: ['orders'],
        summary: 'The returns of one of my orders, newest first, with their status',
        params: OrderNumberParams,
        response: { 200: ReturnList, ...problems(400, 401, 404) },
      },
    },
    async (request) => returns.mine(currentUser(request).id, request.params.number),
  );

  app.get(
    '/admin/returns',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: 'The returns queue, newest first, by status',
        querystring: AdminReturnListQuery,
        response: { 200: ReturnList, ...problems(400, 401, 403) },
      },
    },
    async (request) => returns.queue(request.query),
  );

  app.get(
    '/admin/orders/:number/returns',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: 'The returns of one order',
        params: OrderNumberParams,
        response: { 200: ReturnList, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => returns.ofOrder(request.params.number),
  );

  const stepSchema = (
    summary: string,
    body: typeof ReturnDecision | typeof ReturnReceipt | typeof ReturnRefundRequest,
  ) => ({
    schema: {
      ...staffOnly,
      tags: ['admin'],
      summary,
      description: 'A step from the wrong status answers 409 with `from` and `to`. The customer is mailed.',
      params: ReturnIdParams,
      body,
      response: { 200: Return, ...problems(400, 401, 403, 404, 409) },
    },
  });

  app.post(
    '/admin/returns/:id/approve',
    stepSchema('Approve a requested return', ReturnDecision),
    async (request) =>
      returns.approve(request.params.id, currentUser(request).id, (request.body as ReturnDecision).note),
  );
  app.post(
    '/admin/returns/:id/refuse',
    stepSchema('Refuse a requested return', ReturnDecision),
    async (request) =>
      returns.refuse(request.params.id, currentUser(request).id, (request.body as ReturnDecision).note),
  );
  app.post(
    '/admin/returns/:id/receive',
    stepSchema('Mark an approved return received, restocking its units or not', ReturnReceipt),
    async (request) =>
      returns.receive(request.params.id, currentUser(request).id, (request.body as ReturnReceipt).restock),
  );
  app.post(
    '/admin/returns/:id/refund',
    {
      schema: {
        ...stepSchema('Refund a received return through the payment provider', ReturnRefundRequest).schema,
        response: {
          200: Return,
          ...problems(400, 401, 403, 404, 409),
          502: problems(400)[400]!,
          503: problems(400)[400]!,
        },
      },
    },
    async (request) =>
      returns.refund(
        request.params.id,
        currentUser(request).id,
        (request.body as ReturnRefundRequest).amount,
      ),
  );
};
