import {
  DiscountCode,
  DiscountCodeInput,
  DiscountCodeList,
  DiscountCodeListQuery,
  DiscountCodePatch,
  IdParams,
} from '@shopstream/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { staffOnly } from '../../plugins/auth';
import { NoContent, problems } from '../../plugins/route-schemas';
import type { DiscountService } from './service';

export const discountRoutes: FastifyPluginAsyncZod<{ discounts: DiscountService }> = async (
  app,
  { discounts },
) => {
  const base = { ...staffOnly, tags: ['admin'] };
  app.get(
    '/admin/discount-codes',
    {
      schema: {
        ...base,
        summary: 'Discount codes, by code',
        querystring: DiscountCodeListQuery,
        response: { 200: DiscountCodeList, ...problems(400, 401, 403) },
      },
    },
    async (request) => discounts.list(request.query),
  );
  app.post(
    '/admin/discount-codes',
    {
      schema: {
        ...base,
        summary: 'Create a percentage or fixed-amount discount code',
        body: DiscountCodeInput,
        response: { 201: DiscountCode, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await discounts.create(request.body)),
  );
  app.get(
    '/admin/discount-codes/:id',
    {
      schema: {
        ...base,
        summary: 'One discount code with its usage',
        params: IdParams,
        response: { 200: DiscountCode, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => discounts.get(request.params.id),
  );
  app.patch(
    '/admin/discount-codes/:id',
    {
      schema: {
        ...base,
        summary: 'Change a discount code (the code itself stays)',
        params: IdParams,
        body: DiscountCodePatch,
        response: { 200: DiscountCode, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => discounts.update(request.params.id, request.body),
  );
  app.delete(
    '/admin/discount-codes/:id',
    {
      schema: {
        ...base,
        summary: 'Delete a discount code; one that orders used is deactivated instead (200)',
        params: IdParams,
        response: { 200: DiscountCode, 204: NoContent, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const kept = await discounts.remove(request.params.id);
      return kept ? kept : reply.status(204).send(null);
    },
  );
};
