import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problems } from '../../plugins/route-schemas';
import type { WebhookService } from './webhooks';

const WebhookAnswer = z.object({
  received: z.literal(true),
  duplicate: z.boolean().describe('The event was taken before: nothing changed'),
});

/**
 * `POST /webhooks/stripe`. The signature covers the bytes Stripe sent, so this route alone (the plugin's
 * scope) reads its body raw; every other route keeps the JSON parser.
 */
export const paymentWebhookRoutes: FastifyPluginAsyncZod<{ webhooks: WebhookService }> = async (
  app,
  { webhooks },
) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 512 * 1024 }, (_request, body, done) =>
    done(null, body),
  );
  app.post(
    '/webhooks/stripe',
    {
      schema: {
        tags: ['payments'],
        summary: 'Stripe’s events: the truth about payments',
        description:
          'Stripe posts events here, signed with the endpoint’s secret (`Stripe-Signature`, checked on the raw body). ' +
          'Each event id is taken once: a replay or a duplicate answers 200 with `duplicate: true` and changes nothing. ' +
          '`payment_intent.succeeded` pays the order (even when the shopper never came back); `payment_intent.payment_failed` ' +
          'and `payment_intent.canceled` cancel a pending order and release its stock; `charge.succeeded` gives the order the card’s brand and last four digits; `charge.refunded` and ' +
          '`charge.dispute.created`/`closed` are recorded on the order’s timeline. A bad signature answers 400.',
        headers: z.looseObject({ 'stripe-signature': z.string().max(2000).optional() }),
        response: { 200: WebhookAnswer, ...problems(400, 413) },
      },
    },
    async (request) =>
      webhooks.receive(
        Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        request.headers['stripe-signature'],
      ),
  );
};
