import {
  Category,
  CategoryInput,
  CategoryList,
  CategoryPatch,
  CsvImportJob,
  CsvImportParams,
  CsvImportQuery,
  IdParams,
  Image,
  ImageInput,
  ImagePatch,
  ProductDetail,
  ProductInput,
  ProductList,
  ProductListQuery,
  ProductPatch,
  RelatedProducts,
  SlugParams,
  StaffProductDetail,
  StaffProductListQuery,
  StaffVariant,
  VariantInput,
  VariantPatch,
} from '@shopstream/contracts';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffOnly } from '../../plugins/auth';
import { NoContent, problems } from '../../plugins/route-schemas';
import type { ProductImports } from './product-import';
import type { CatalogService } from './service';
import { uploadRoutes } from './uploads';

const CSV_BODY_LIMIT = 5 * 1024 * 1024;

export const catalogRoutes: FastifyPluginAsyncZod<{
  catalog: CatalogService;
  imports: ProductImports;
  uploads: { directory: string; publicUrl: string };
}> = async (app, { catalog, imports, uploads }) => {
  await app.register(uploadRoutes, uploads);
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );

  // A hit is sent as the JSON text it was stored as: a string payload skips the response serialiser.
  const cached = <T>(
    reply: FastifyReply,
    result: { hit: true; json: string } | { hit: false; value: T },
  ): T => {
    reply.header('x-cache', result.hit ? 'hit' : 'miss');
    if (!result.hit) return result.value;
    return reply.type('application/json; charset=utf-8').send(result.json) as unknown as T;
  };

  app.get(
    '/catalog/products',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Active products: filters, full-text search with typo tolerance, facets, cursor pagination',
        querystring: ProductListQuery,
        response: { 200: ProductList, ...problems(400) },
      },
    },
    async (request, reply) => cached(reply, await catalog.listProducts(request.query)),
  );

  app.get(
    '/catalog/products/:slug',
    {
      schema: {
        tags: ['catalog'],
        summary: 'An active product with its images and variants',
        params: SlugParams,
        response: { 200: ProductDetail, ...problems(400, 404) },
      },
    },
    async (request, reply) => cached(reply, await catalog.productBySlug(request.params.slug)),
  );

  app.get(
    '/catalog/products/:slug/related',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Other active products of the same category',
        params: SlugParams,
        response: { 200: RelatedProducts, ...problems(400, 404) },
      },
    },
    async (request, reply) => cached(reply, await catalog.relatedProducts(request.params.slug)),
  );

  app.get(
    '/catalog/categories',
    {
      schema: {
        tags: ['catalog'],
        summary: 'The category tree, flattened depth-first',
        response: { 200: CategoryList },
      },
    },
    async (_request, reply) => cached(reply, await catalog.categories()),
  );

  app.get(
    '/catalog/placeholders/:name',
    {
      schema: {
        tags: ['catalog'],
        summary: 'A generated SVG picture for demo products',
        params: z.strictObject({ name: z.string().regex(/^[a-z0-9-]{1,120}\.svg$/, 'must be name.svg') }),
      },
    },
    async (request, reply) =>
      reply
        .type('image/svg+xml')
        .header('cache-control', 'public, max-age=86400, immutable')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(catalog.placeholderSvg(request.params.name.replace(/\.svg$/, ''))),
  );

  app.get(
    '/admin/products',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: 'Products of every status, for the admin panel',
        querystring: StaffProductListQuery,
        response: { 200: ProductList, ...problems(400, 401, 403) },
      },
    },
    async (request) => catalog.listProductsForStaff(request.query),
  );

  app.post(
    '/admin/products',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: 'Create a product with its variants and images',
        body: ProductInput,
        response: { 201: StaffProductDetail, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await catalog.createProduct(request.body)),
  );

  app.get(
    '/admin/products/export.csv',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: 'Every product as CSV, one row per variant',
        response: {
          200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
          ...problems(401, 403),
        },
      },
    },
    async (_request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="products.csv"')
        .send(await catalog.exportCsv()),
  );

  app.post(
    '/admin/products/import',
    {
      bodyLimit: CSV_BODY_LIMIT,
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: 'Start importing products (by slug) and variants (by SKU) from CSV; answers a job to poll',
        description:
          'Send text/csv with the columns of the export; prices are decimals in the currency\'s major units ("47.50", "4500" in JPY). With dryRun=true the job checks every row and previews what each would do (create, update, or rejected and why) and writes nothing. The import runs as a job: every row is checked first; if any row is wrong the job fails with each problem by line and column and nothing is written, otherwise every row is written in one transaction. Poll the Location for progress and the result.',
        consumes: ['text/csv'],
        querystring: CsvImportQuery,
        body: z.string().min(1).max(CSV_BODY_LIMIT),
        response: {
          202: CsvImportJob.describe('The job as it starts; its Location header is where to poll'),
          ...problems(400, 401, 403, 413),
        },
      },
    },
    async (request, reply) => {
      const job = await imports.start(request.body, { dryRun: request.query.dryRun === 'true' });
      return reply.status(202).header('location', `/admin/products/import/${job.id}`).send(job);
    },
  );

  app.get(
    '/admin/products/import/:id',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: 'Progress of a products CSV import, then its result or the problems found',
        params: CsvImportParams,
        response: { 200: CsvImportJob, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => imports.find(request.params.id),
  );

  app.get(
    '/admin/products/:id',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: 'A product of any status, with stock',
        params: IdParams,
        response: { 200: StaffProductDetail, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => catalog.productForStaff(request.params.id),
  );

  app.patch(
    '/admin/products/:id',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: 'Change a product',
        params: IdParams,
        body: ProductPatch,
        response: { 200: StaffProductDetail, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => catalog.updateProduct(request.params.id, request.body),
  );

  app.delete(
    '/admin/products/:id',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: 'Archive a product (soft delete)',
        params: IdParams,
        response: { 200: StaffProductDetail, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => catalog.archiveProduct(request.params.id),
  );

  app.post(
    '/admin/products/:id/variants',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: 'Add a variant',
        params: IdParams,
        body: VariantInput,
        response: { 201: StaffVariant, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await catalog.addVariant(request.params.id, request.body)),
  );

  app.patch(
    '/admin/variants/:id',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: 'Change a variant (price, stock, options…)',
        params: IdParams,
        body: VariantPatch,
        response: { 200: StaffVariant, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => catalog.updateVariant(request.params.id, request.body),
  );

  app.delete(
    '/admin/variants/:id',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: 'Deactivate a variant (soft delete)',
        params: IdParams,
        response: { 200: StaffVariant, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => catalog.removeVariant(request.params.id),
  );

  app.post(
    '/admin/products/:id/images',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: 'Add an image by URL',
        params: IdParams,
        body: ImageInput,
        response: { 201: Image, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await catalog.addImage(request.params.id, request.body)),
  );

  app.patch(
    '/admin/products/:id/images/:imageId',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: 'Change the alt text or position of an image',
        params: z.strictObject({ id: z.uuid(), imageId: z.uuid() }),
        body: ImagePatch,
        response: { 200: Image, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => catalog.updateImage(request.params.id, request.params.imageId, request.body),
  );

  app.delete(
    '/admin/products/:id/images/:imageId',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: 'Remove an image',
        params: z.strictObject({ id: z.uuid(), imageId: z.uuid() }),
        response: { 204: NoContent, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await catalog.removeImage(request.params.id, request.params.imageId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/admin/categories',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: 'Create a category (optionally under a parent)',
        body: CategoryInput,
        response: {
          201: Category.omit({ depth: true, productCount: true }),
          ...problems(400, 401, 403, 409),
        },
      },
    },
    async (request, reply) => reply.status(201).send(await catalog.createCategory(request.body)),
  );

  app.patch(
    '/admin/categories/:id',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: 'Rename or move a category',
        params: IdParams,
        body: CategoryPatch,
        response: {
          200: Category.omit({ depth: true, productCount: true }),
          ...problems(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => catalog.updateCategory(request.params.id, request.body),
  );

  app.delete(
    '/admin/categories/:id',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: 'Delete an empty category',
        params: IdParams,
        response: { 204: NoContent, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await catalog.deleteCategory(request.params.id);
      return reply.status(204).send(null);
    },
  );
};
