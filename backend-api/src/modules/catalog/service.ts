import type {
  CategoryInput,
  CategoryPatch,
  Facets,
  ImageInput,
  ImagePatch,
  ProductInput,
  ProductListQuery,
  ProductPatch,
  ProductSort,
  ProductStatus,
  VariantInput,
  VariantPatch,
} from '@shopstream/contracts';
import { optionKey } from '@shopstream/contracts';
import { Conflict, type FieldError, NotFound, ValidationFailed } from '@shopstream/server-kit';
import type { Transaction, WithTransaction } from '../../db/transaction';
import type { CatalogCache } from './cache';
import { productCsv } from './csv';
import { illustrationSvg } from './illustrations';
import { type ImageUrls, imageUrls } from './image-urls';
import {
  type CatalogRepository,
  type CategoryRow,
  databaseErrors,
  type FacetRow,
  type ImageRow,
  type ListCursor,
  PRICE_BUCKETS,
  type ProductFilter,
  type ProductRow,
  type SummaryRow,
  type VariantRow,
  type WrittenVariant,
} from './repository';
import { slugify } from './text';

const MAX_SEARCH_WORDS = 8;

const toVariant = (row: VariantRow) => ({
  id: row.id,
  sku: row.sku,
  title: row.title,
  options: row.options,
  price: row.price,
  compareAtPrice: row.compareAtPrice,
  currency: row.currency,
  weightGrams: row.weightGrams,
  inStock: row.stockOnHand - row.stockReserved > 0,
});
const toStaffVariant = (row: VariantRow) => ({
  ...toVariant(row),
  stockOnHand: row.stockOnHand,
  stockReserved: row.stockReserved,
  lowStockThreshold: row.lowStockThreshold,
  active: row.active,
});
const toImage = (row: ImageRow, urls: ImageUrls) => ({
  id: row.id,
  url: urls.toPublic(row.url),
  alt: row.alt,
  position: row.position,
});

function toSummary(row: SummaryRow, urls: ImageUrls) {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    status: row.status,
    category:
      row.category_id && row.category_slug && row.category_name
        ? { id: row.category_id, slug: row.category_slug, name: row.category_name }
        : null,
    tags: row.tags,
    image: row.image_url ? { url: urls.toPublic(row.image_url), alt: row.image_alt ?? '' } : null,
    price:
      row.min_price !== null && row.max_price !== null && row.currency
        ? { min: row.min_price, max: row.max_price, currency: row.currency }
        : null,
    compareAtPrice: row.compare_at,
    inStock: row.in_stock === true,
    createdAt: new Date(row.created_at).toISOString(),
    ...(row.title_highlight !== null
      ? { highlight: { title: row.title_highlight, description: row.description_highlight ?? '' } }
      : {}),
  };
}

function toFacets(row: FacetRow): Facets {
  // One facet per option key, named as the value counted most often spells it ("Size" over "size").
  const options = new Map<
    string,
    { name: string; top: number; values: { value: string; count: number }[] }
  >();
  for (const option of row.options) {
    const facet = options.get(option.key) ?? { name: option.name, top: 0, values: [] };
    if (option.count > facet.top) Object.assign(facet, { name: option.name, top: option.count });
    facet.values.push({ value: option.value, count: option.count });
    options.set(option.key, facet);
  }
  return {
    categories: row.categories,
    options: [...options.values()].map(({ name, values }) => ({ name, values })),
    prices: PRICE_BUCKETS.map((min, index) => ({
      min,
      max: PRICE_BUCKETS[index + 1] ?? null,
      count: row.prices?.[index] ?? 0,
    })),
  };
}

const encodeCursor = (sort: ProductSort, row: SummaryRow) =>
  Buffer.from(
    JSON.stringify({
      s: sort,
      k: row.sort_key instanceof Date ? row.sort_key.toISOString() : row.sort_key,
      id: row.id,
    }),
  ).toString('base64url');

function decodeCursor(sort: ProductSort, cursor: string): ListCursor {
  const invalid = () =>
    ValidationFailed([{ field: 'querystring.cursor', message: 'is not a cursor of this listing' }]);
  let parsed: { s?: unknown; k?: unknown; id?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid();
  const { s, k, id } = parsed;
  if (
    s !== sort ||
    typeof id !== 'string' ||
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
  ) {
    throw invalid();
  }
  const valid =
    sort === 'newest'
      ? // PostgreSQL's own text form, microseconds included, so the keyset comparison is exact
        typeof k === 'string' &&
        /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)$/.test(k)
      : sort === 'relevance'
        ? typeof k === 'number' && Number.isFinite(k) && Math.abs(k) < 1e6
        : Number.isSafeInteger(k) && Math.abs(k as number) <= 2_147_483_647;
  if (!valid) throw invalid();
  return { key: k as string | number, id };
}

function parseOptionFilters(option: string | string[] | undefined): Record<string, string[]> {
  const filters: Record<string, string[]> = {};
  const errors: FieldError[] = [];
  for (const pair of [option ?? []].flat()) {
    const separator = pair.indexOf(':');
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    if (separator <= 0 || !name || !value) {
      errors.push({ field: 'querystring.option', message: 'must be name:value, e.g. size:42' });
      continue;
    }
    // "size:M" and "Size:L" are one option: any of its values.
    const same = Object.keys(filters).find((known) => optionKey(known) === optionKey(name)) ?? name;
    filters[same] = [...(filters[same] ?? []), value];
  }
  if (errors.length > 0) throw ValidationFailed(errors);
  return filters;
}

function translateWriteError(error: unknown): never {
  const unique = databaseErrors.uniqueViolation(error);
  if (unique?.includes('slug')) throw Conflict('The slug is already used');
  if (unique?.includes('sku')) throw Conflict('A variant with this SKU already exists');
  if (unique) throw Conflict('This would duplicate an existing record');
  const foreign = databaseErrors.foreignKeyViolation(error);
  if (foreign?.includes('category')) {
    throw ValidationFailed([{ field: 'body.categoryId', message: 'is not an existing category' }]);
  }
  throw error;
}

/** What catalog asks of inventory when it writes variants: inventory owns their stock (inventory's service). */
export interface StockLevels {
  createLevels: (tx: Transaction, levels: WrittenVariant[]) => Promise<void>;
  setLevel: (
    tx: Transaction,
    variantId: string,
    patch: { stockOnHand?: number; lowStockThreshold?: number },
  ) => Promise<boolean>;
}

export function createCatalogService(
  repo: CatalogRepository,
  cache: CatalogCache,
  options: { publicUrl: string; withTransaction: WithTransaction; stock: StockLevels },
) {
  const { withTransaction, stock } = options;
  const urls = imageUrls(options.publicUrl);
  const summaryOf = (row: SummaryRow) => toSummary(row, urls);
  const imageOf = (row: ImageRow) => toImage(row, urls);
  const storedImage = <T extends { url: string }>(image: T): T => ({
    ...image,
    url: urls.toStored(image.url),
  });

  async function list(query: ProductListQuery, status: ProductStatus | null) {
    if (query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice) {
      throw ValidationFailed([{ field: 'querystring.minPrice', message: 'must not exceed maxPrice' }]);
    }
    const filter: ProductFilter = {
      status,
      options: parseOptionFilters(query.option),
      ...(query.category ? { categorySlug: query.category } : {}),
      ...(query.tag ? { tag: query.tag } : {}),
      ...(query.minPrice !== undefined ? { minPrice: query.minPrice } : {}),
      ...(query.maxPrice !== undefined ? { maxPrice: query.maxPrice } : {}),
      ...(query.inStock ? { inStock: query.inStock === 'true' } : {}),
    };
    let correctedQuery: string | null = null;
    const words = (query.q ?? '')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)
      .slice(0, MAX_SEARCH_WORDS);
    if (words.length > 0) {
      const nearest = await repo.nearestTerms(words);
      const corrected = words.map((word, index) => (word.length >= 3 ? (nearest[index] ?? word) : word));
      const changed = corrected.some(
        (term, index) => !(term.startsWith(words[index]!) || words[index]!.startsWith(term)),
      );
      if (changed) correctedQuery = corrected.join(' ');
      filter.search = corrected.join(' ');
    }
    const sort: ProductSort =
      query.sort === 'relevance' && !filter.search
        ? 'newest'
        : (query.sort ?? (filter.search ? 'relevance' : 'newest'));
    const cursor = query.cursor ? decodeCursor(sort, query.cursor) : undefined;
    const { rows, facets } = await repo.listWithFacets(filter, sort, query.limit + 1, cursor);
    const page = rows.slice(0, query.limit);
    return {
      items: page.map(summaryOf),
      nextCursor: rows.length > query.limit ? encodeCursor(sort, page[page.length - 1]!) : null,
      facets: toFacets(facets),
      correctedQuery,
    };
  }

  async function detail(product: ProductRow, staff: boolean) {
    const parts = await repo.productParts(product.id, !staff);
    return {
      id: product.id,
      slug: product.slug,
      title: product.title,
      description: product.description,
      status: product.status,
      category: parts.category,
      tags: product.tags,
      images: parts.images.map(imageOf),
      variants: parts.variants.map(staff ? toStaffVariant : toVariant),
      createdAt: product.createdAt.toISOString(),
      updatedAt: product.updatedAt.toISOString(),
    };
  }

  async function staffProduct(id: string) {
    const product = await repo.findProductById(id);
    if (!product) throw NotFound('No such product');
    return detail(product, true) as Promise<
      Awaited<ReturnType<typeof detail>> & { variants: ReturnType<typeof toStaffVariant>[] }
    >;
  }

  async function uniqueSlug(title: string) {
    const base = slugify(title) || 'product';
    let slug = base;
    for (let attempt = 2; await repo.slugTaken(slug); attempt += 1) slug = `${base}-${attempt}`;
    return slug;
  }

  async function afterWrite<T>(write: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await write();
    } catch (error) {
      translateWriteError(error);
    }
    await cache.invalidate();
    return result;
  }

  const toCategory = (row: CategoryRow) => ({
    id: row.id,
    parentId: row.parentId,
    slug: row.slug,
    name: row.name,
    description: row.description,
    position: row.position,
  });

  return {
    listProducts: (query: ProductListQuery) => cache.read('products', query, () => list(query, 'active')),
    listProductsForStaff: (query: ProductListQuery & { status?: ProductStatus }) =>
      list(query, query.status ?? null),

    productBySlug: (slug: string) =>
      cache.read('product', slug, async () => {
        const product = await repo.findProductBySlug(slug);
        if (product?.status !== 'active') throw NotFound(`No product ${slug}`);
        return detail(product, false);
      }),

    relatedProducts: (slug: string) =>
      cache.read('related', slug, async () => {
        const product = await repo.findProductBySlug(slug);
        if (product?.status !== 'active') throw NotFound(`No product ${slug}`);
        if (!product.categoryId) return { items: [] };
        const rows = await repo.listProducts(
          { status: 'active', sameCategoryAs: { productId: product.id, categoryId: product.categoryId } },
          'newest',
          8,
        );
        return { items: rows.map(summaryOf) };
      }),

    categories: () =>
      cache.read('categories', null, async () => ({
        items: (await repo.categoryTree()).map((row) => ({
          id: row.id,
          parentId: row.parent_id,
          slug: row.slug,
          name: row.name,
          description: row.description,
          position: row.position,
          depth: row.depth,
          productCount: row.product_count,
        })),
      })),

    placeholderSvg: illustrationSvg,

    productForStaff: staffProduct,

    async createProduct(input: ProductInput) {
      const slug = input.slug ?? (await uniqueSlug(input.title));
      const skus = input.variants.map((variant) => variant.sku);
      const duplicate = skus.find((sku, index) => skus.indexOf(sku) !== index);
      if (duplicate)
        throw ValidationFailed([{ field: 'body.variants', message: `SKU ${duplicate} appears twice` }]);
      const product = await afterWrite(() =>
        withTransaction(async (tx) => {
          const created = await repo.createProduct(
            tx,
            {
              title: input.title,
              slug,
              description: input.description,
              status: input.status,
              categoryId: input.categoryId ?? null,
              tags: input.tags,
            },
            input.variants,
            input.images.map(storedImage),
          );
          await stock.createLevels(tx, created.stock);
          return created.product;
        }),
      );
      return staffProduct(product.id);
    },

    async updateProduct(id: string, patch: ProductPatch) {
      const updated = await afterWrite(() => repo.updateProduct(id, patch));
      if (!updated) throw NotFound('No such product');
      return staffProduct(id);
    },

    /** Soft delete: the product leaves the shop but stays for orders and reports. */
    async archiveProduct(id: string) {
      const updated = await afterWrite(() => repo.updateProduct(id, { status: 'archived' }));
      if (!updated) throw NotFound('No such product');
      return staffProduct(id);
    },

    async addVariant(productId: string, input: VariantInput) {
      if (!(await repo.findProductById(productId))) throw NotFound('No such product');
      const added = await afterWrite(() =>
        withTransaction(async (tx) => {
          const written = await repo.addVariant(tx, productId, input);
          await stock.createLevels(tx, [written]);
          return repo.findVariant(tx, written.variantId);
        }),
      );
      return toStaffVariant(added!);
    },

    async updateVariant(id: string, patch: VariantPatch) {
      const { stockOnHand, lowStockThreshold, ...own } = patch;
      const updated = await afterWrite(() =>
        withTransaction(async (tx) => {
          if (!(await repo.updateVariant(tx, id, own))) return undefined;
          if (stockOnHand !== undefined || lowStockThreshold !== undefined) {
            await stock.setLevel(tx, id, {
              ...(stockOnHand === undefined ? {} : { stockOnHand }),
              ...(lowStockThreshold === undefined ? {} : { lowStockThreshold }),
            });
          }
          return repo.findVariant(tx, id);
        }),
      );
      if (!updated) throw NotFound('No such variant');
      return toStaffVariant(updated);
    },

    /** Deactivates the variant: order lines may still point at it. */
    async removeVariant(id: string) {
      const updated = await afterWrite(() =>
        withTransaction(async (tx) =>
          (await repo.updateVariant(tx, id, { active: false })) ? repo.findVariant(tx, id) : undefined,
        ),
      );
      if (!updated) throw NotFound('No such variant');
      return toStaffVariant(updated);
    },

    async addImage(productId: string, input: ImageInput) {
      if (!(await repo.findProductById(productId))) throw NotFound('No such product');
      return imageOf(await afterWrite(() => repo.addImage(productId, storedImage(input))));
    },

    async updateImage(productId: string, imageId: string, patch: ImagePatch) {
      const updated = await afterWrite(() => repo.updateImage(productId, imageId, patch));
      if (!updated) throw NotFound('No such image');
      return imageOf(updated);
    },

    async removeImage(productId: string, imageId: string) {
      const removed = await afterWrite(() => repo.deleteImage(productId, imageId));
      if (!removed) throw NotFound('No such image');
    },

    async createCategory(input: CategoryInput) {
      if (input.parentId && !(await repo.findCategoryById(input.parentId))) {
        throw ValidationFailed([{ field: 'body.parentId', message: 'is not an existing category' }]);
      }
      const row = await afterWrite(() =>
        repo.insertCategory({
          name: input.name,
          slug: input.slug ?? slugify(input.name),
          description: input.description ?? '',
          parentId: input.parentId ?? null,
          position: input.position ?? 0,
        }),
      );
      return toCategory(row);
    },

    async updateCategory(id: string, patch: CategoryPatch) {
      if (!(await repo.findCategoryById(id))) throw NotFound('No such category');
      if (patch.parentId) {
        if (!(await repo.findCategoryById(patch.parentId))) {
          throw ValidationFailed([{ field: 'body.parentId', message: 'is not an existing category' }]);
        }
        if ((await repo.categoryWithDescendants(id)).includes(patch.parentId)) {
          throw ValidationFailed([
            { field: 'body.parentId', message: 'would put the category inside itself' },
          ]);
        }
      }
      const row = await afterWrite(() => repo.updateCategory(id, patch));
      return toCategory(row!);
    },

    async deleteCategory(id: string) {
      if (!(await repo.findCategoryById(id))) throw NotFound('No such category');
      const usage = await repo.categoryInUse(id);
      if (usage.children > 0 || usage.products > 0) {
        throw Conflict(
          `The category still has ${usage.children} subcategories and ${usage.products} products`,
        );
      }
      await afterWrite(() => repo.deleteCategory(id));
    },

    exportCsv: () => productCsv(repo.exportPages(), urls),

    publicImageUrl: (name: string) => urls.toPublic(`/catalog/placeholders/${name}.svg`),
  };
}
export type CatalogService = ReturnType<typeof createCatalogService>;
