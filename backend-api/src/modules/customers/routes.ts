import {
  CustomerDetail,
  CustomerList,
  CustomerListQuery,
  CustomerNote,
  CustomerNoteInput,
  IdParams,
  SalesReport,
  SalesReportQuery,
} from '@shopstream/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser, staffOnly } from '../../plugins/auth';
import { problems } from '../../plugins/route-schemas';
import type { CustomerService } from './service';

export const customerRoutes: FastifyPluginAsyncZod<{
  customers: CustomerService;
  salesReport: (query: SalesReportQuery) => Promise<SalesReport>;
}> = async (app, { customers, salesReport }) => {
  app.get(
    '/admin/customers',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary:
          'Customer accounts (newest first) or guest buyers (latest order first), with orders and amount spent',
        querystring: CustomerListQuery,
        response: { 200: CustomerList, ...problems(400, 401, 403) },
      },
    },
    async (request) => customers.list(request.query),
  );

  app.get(
    '/admin/customers/:id',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary:
          'A customer account: addresses, lifetime value, staff notes (its orders: /admin/users/:id/orders)',
        params: IdParams,
        response: { 200: CustomerDetail, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => customers.detail(request.params.id),
  );

  app.post(
    '/admin/customers/:id/notes',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: 'Add a staff note to a customer account',
        params: IdParams,
        body: CustomerNoteInput,
        response: { 201: CustomerNote, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const note = await customers.addNote(request.params.id, currentUser(request).id, request.body.body);
      return reply.status(201).send(note);
    },
  );

  app.get(
    '/admin/reports/sales',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: 'Revenue and orders per day of the last days beside the days before them, and top products',
        querystring: SalesReportQuery,
        response: { 200: SalesReport, ...problems(400, 401, 403) },
      },
    },
    async (request) => salesReport(request.query),
  );
};
