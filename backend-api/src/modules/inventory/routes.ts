import {
  InventoryList,
  InventoryListQuery,
  StockAdjustment,
  StockAdjustmentList,
  StockAdjustmentRequest,
  VariantIdParams,
} from '@shopstream/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser, staffOnly } from '../../plugins/auth';
import { problems } from '../../plugins/route-schemas';
import type { InventoryService } from './service';

export const inventoryRoutes: FastifyPluginAsyncZod<{
  inventory: InventoryService;
}> = async (app, { inventory }) => {
  const base = { ...staffOnly, tags: ['admin'] };
  app.get(
    '/admin/inventory',
    {
      schema: {
        ...base,
        summary: 'Stock of every variant, by SKU; lowStock=true for those at or below their threshold',
        querystring: InventoryListQuery,
        response: { 200: InventoryList, ...problems(400, 401, 403) },
      },
    },
    async (request) => inventory.list(request.query),
  );
  app.post(
    '/admin/variants/:variantId/stock-adjustments',
    {
      schema: {
        ...base,
        summary: 'Add or remove stock with a reason; refused (409) below zero or below what is reserved',
        params: VariantIdParams,
        body: StockAdjustmentRequest,
        response: { 201: StockAdjustment, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const adjustment = await inventory.adjust(
        request.params.variantId,
        request.body,
        currentUser(request).id,
      );
      return reply.status(201).send(adjustment);
    },
  );
  app.get(
    '/admin/variants/:variantId/stock-adjustments',
    {
      schema: {
        ...base,
        summary: 'The stock adjustments of a variant, newest first',
        params: VariantIdParams,
        response: { 200: StockAdjustmentList, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => inventory.adjustments(request.params.variantId),
  );
};
