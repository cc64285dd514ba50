import { GuestOrderLookupRequest, GuestOrderQuery, MailAccepted, Order } from '@shopstream/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problems } from '../../plugins/route-schemas';
import type { GuestOrderService } from './service';

export const guestOrderRoutes: FastifyPluginAsyncZod<{ guestOrders: GuestOrderService }> = async (
  app,
  { guestOrders },
) => {
  app.post(
    '/orders/lookup',
    {
      schema: {
        tags: ['orders'],
        summary: 'Mail a link to an order to the email it was placed with',
        description:
          'Answers 202 with the same body whether or not an order of that number and email exists; the link ' +
          'goes only to the order’s email and works for 24 hours. Limited per email and per client address.',
        body: GuestOrderLookupRequest,
        response: { 202: MailAccepted, ...problems(400, 429) },
      },
    },
    async (request, reply) => {
      await guestOrders.requestLink(request.body, request.ip ?? null);
      return reply.status(202).send({
        message: 'If an order with this number was placed with this email, a link to it is on its way.',
      });
    },
  );

  app.get(
    '/orders/view',
    {
      schema: {
        tags: ['orders'],
        summary: 'The order a mailed, signed link opens',
        querystring: GuestOrderQuery,
        response: { 200: Order, ...problems(400, 404) },
      },
    },
    async (request) => guestOrders.view(request.query.token),
  );
};
