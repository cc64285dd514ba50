import { ProblemDetails, ShippingOptionList, ShippingOptionsQuery } from '@shopstream/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Pricing } from '../pricing/service';
import type { ShippingService } from './service';

export const shippingRoutes: FastifyPluginAsyncZod<{ shipping: ShippingService; pricing: Pricing }> = async (
  app,
  { shipping, pricing },
) => {
  app.get(
    '/shipping-options',
    {
      schema: {
        tags: ['checkout'],
        summary: 'Shipping options to a country, with prices in minor units, and its tax rate',
        querystring: ShippingOptionsQuery,
        response: { 200: ShippingOptionList, 400: ProblemDetails },
      },
    },
    async (request) => ({
      country: request.query.country,
      taxRateBasisPoints: pricing.taxRate(request.query.country),
      items: await shipping.optionsFor(request.query.country),
    }),
  );
};
