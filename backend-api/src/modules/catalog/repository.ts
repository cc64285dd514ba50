import type {
  CategoryPatch,
  ImageInput,
  ImagePatch,
  ProductPatch,
  ProductSort,
  ProductStatus,
  VariantInput,
  VariantPatch,
} from '@shopstream/contracts';
import { and, asc, eq, getTableColumns, inArray, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { Database } from '../../db/client';
import { categories, inventoryLevels, productImages, products, variants } from '../../db/schema';
import type { Executor, Transaction } from '../../db/transaction';
import type { ExportRow } from './csv';

export type ProductRow = typeof products.$inferSelect;

/** One checked CSV row: its product (the same for each variant of it) and the variant. */
export interface ImportProductRow {
  product: {
    slug: string;
    title: string;
    description: string;
    status: ProductStatus;
    categoryId: string | null;
    tags: string[];
    imageUrls: string[];
  };
  variant: VariantInput;
}
/** Rows per statement: few enough that building one and reading its answer takes a few ms of CPU. */
const IMPORT_BATCH_ROWS = 100;
export type ImageRow = typeof productImages.$inferSelect;
export type CategoryRow = typeof categories.$inferSelect;

/**
 * A variant with its stock, read from inventory's inventory_levels (catalog reads it, never writes it; a
 * variant without a level reads as none on hand).
 */
const variantWithStock = {
  ...getTableColumns(variants),
  stockOnHand: sql<number>`coalesce(${inventoryLevels.stockOnHand}, 0)`.mapWith(Number),
  stockReserved: sql<number>`coalesce(${inventoryLevels.stockReserved}, 0)`.mapWith(Number),
  lowStockThreshold: sql<number>`coalesce(${inventoryLevels.lowStockThreshold}, 5)`.mapWith(Number),
};
export type VariantRow = typeof variants.$inferSelect & {
  stockOnHand: number;
  stockReserved: number;
  lowStockThreshold: number;
};
/** A variant catalog wrote, with the stock on hand inventory is to record for it. */
export interface WrittenVariant {
  variantId: string;
  stockOnHand: number;
}
/**
 * Units available of the variant `v`: a read of inventory's table, one primary-key probe per variant (a
 * join let the planner hash all of inventory_levels once per listed product: 2x the buffers).
 */
const variantInStock = sql`exists (select 1 from inventory_levels l where l.variant_id = v.id and l.stock_on_hand - l.stock_reserved > 0)`;

/** Price buckets of the price facet, in minor units; the last is open-ended. */
export const PRICE_BUCKETS = [0, 2500, 5000, 10_000, 20_000] as const;

export interface ProductFilter {
  /** Null: any status (staff). */
  status: ProductStatus | null;
  /** The query after typo correction, for full-text search. */
  search?: string;
  categorySlug?: string;
  tag?: string;
  minPrice?: number;
  maxPrice?: number;
  /** Option name → accepted values (OR within a name, AND across names). */
  options?: Record<string, string[]>;
  /** true: some active variant has a unit available; false: none has. */
  inStock?: boolean;
  sameCategoryAs?: { productId: string; categoryId: string };
}

export interface ListCursor {
  key: number | string;
  id: string;
}

export interface SummaryRow {
  id: string;
  slug: string;
  title: string;
  status: ProductStatus;
  tags: string[];
  created_at: Date;
  sort_key: number | string | Date;
  category_id: string | null;
  category_slug: string | null;
  category_name: string | null;
  image_url: string | null;
  image_alt: string | null;
  min_price: number | null;
  max_price: number | null;
  currency: string | null;
  compare_at: number | null;
  in_stock: boolean | null;
  title_highlight: string | null;
  description_highlight: string | null;
}

export interface FacetRow {
  categories: { slug: string; name: string; count: number }[];
  /** key: the name in lower case; name: the spelling most variants of the value use. */
  options: { key: string; name: string; value: string; count: number }[];
  prices: number[];
}

const dialect = new PgDialect();
/** Timestamps stay PostgreSQL's text (microseconds included), as Drizzle's own queries read them: cursors use it. */
const textTimestamps = {
  getTypeParser: ((typeId: number, format?: 'text' | 'binary') =>
    typeId === pg.types.builtins.TIMESTAMPTZ
      ? (value: string) => value
      : pg.types.getTypeParser(typeId, format)) as typeof pg.types.getTypeParser,
};
/**
 * Listing statements each PostgreSQL connection parses and plans once, by name: their planning cost about as
 * much as running them (bench/api-catalog/profile.ts). A filter's shape (which filters, how many values)
 * makes a different text; past this many texts a process runs the rest unnamed, so that odd filter
 * combinations cannot fill every connection with plans.
 */
const MAX_NAMED_STATEMENTS = 100;
const statementNames = new Map<string, string>();

function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `catalog_list_${statementNames.size}`;
    statementNames.set(text, name);
  }
  return name;
}

const tsQuery = (search: string) => sql`websearch_to_tsquery('english', ${search})`;
const escapeHtml = (column: SQL) =>
  sql`replace(replace(replace(${column}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`;

function conditions(filter: ProductFilter): SQL {
  const parts: SQL[] = [];
  if (filter.status) parts.push(sql`p.status = ${filter.status}`);
  if (filter.search) parts.push(sql`p.search_vector @@ ${tsQuery(filter.search)}`);
  if (filter.categorySlug) {
    parts.push(sql`p.category_id in (
      with recursive tree as (
        select id from categories where slug = ${filter.categorySlug}
        union all
        select c.id from categories c join tree t on c.parent_id = t.id
      ) select id from tree)`);
  }
  if (filter.tag) parts.push(sql`${filter.tag} = any(p.tags)`);
  if (filter.sameCategoryAs) {
    parts.push(
      sql`p.category_id = ${filter.sameCategoryAs.categoryId} and p.id <> ${filter.sameCategoryAs.productId}`,
    );
  }
  const variantParts: SQL[] = [];
  if (filter.minPrice !== undefined) variantParts.push(sql`v.price >= ${filter.minPrice}`);
  if (filter.maxPrice !== undefined) variantParts.push(sql`v.price <= ${filter.maxPrice}`);
  if (filter.inStock === true) variantParts.push(variantInStock);
  for (const [name, values] of Object.entries(filter.options ?? {})) {
    // Option names are matched without regard to case ("size" finds "Size"), lower() on both sides.
    variantParts.push(
      sql`exists (select 1 from jsonb_each_text(v.options) o where lower(o.key) = lower(${name}) and o.value in ${values})`,
    );
  }
  // Out of stock: no active variant has a unit available (a product without active variants included).
  if (filter.inStock === false) {
    parts.push(
      sql`not exists (select 1 from variants v where v.product_id = p.id and v.active and ${variantInStock})`,
    );
  }
  if (variantParts.length > 0) {
    parts.push(
      sql`exists (select 1 from variants v where v.product_id = p.id and v.active and ${sql.join(variantParts, sql` and `)})`,
    );
  }
  return parts.length > 0 ? sql.join(parts, sql` and `) : sql`true`;
}

function matchedCte(filter: ProductFilter, sort: ProductSort, name = 'matched') {
  const sortKey =
    sort === 'relevance' && filter.search
      ? sql`ts_rank(p.search_vector, ${tsQuery(filter.search)})`
      : sort === 'price_asc' || sort === 'price_desc'
        ? sql`coalesce((select min(v.price) from variants v where v.product_id = p.id and v.active), 0)`
        : sql`p.created_at`;
  return sql`${sql.raw(name)} as (
    select p.id, p.category_id, ${sortKey} as sort_key
    from products p
    where ${conditions(filter)}
  )`;
}

const ascending = (sort: ProductSort) => sort === 'price_asc';

function cursorCondition(sort: ProductSort, cursor: ListCursor | undefined): SQL {
  if (!cursor) return sql`true`;
  const key =
    sort === 'newest'
      ? sql`${String(cursor.key)}::timestamptz`
      : sort === 'relevance'
        ? sql`${Number(cursor.key)}::real`
        : sql`${Number(cursor.key)}::int`;
  return ascending(sort)
    ? sql`(m.sort_key, m.id) > (${key}, ${cursor.id}::uuid)`
    : sql`(m.sort_key, m.id) < (${key}, ${cursor.id}::uuid)`;
}

const orderBy = (sort: ProductSort, alias: string) =>
  ascending(sort)
    ? sql.raw(`${alias}.sort_key asc, ${alias}.id asc`)
    : sql.raw(`${alias}.sort_key desc, ${alias}.id desc`);

/** The page of a listing: CTEs after `matched`, and the select of its summary rows in order. */
function pageParts(filter: ProductFilter, sort: ProductSort, limit: number, cursor: ListCursor | undefined) {
  const highlight = filter.search
    ? sql`ts_headline('english', ${escapeHtml(sql`p.title`)}, ${tsQuery(filter.search)}, 'StartSel=<mark>,StopSel=</mark>,HighlightAll=true') as title_highlight,
          ts_headline('english', ${escapeHtml(sql`p.description`)}, ${tsQuery(filter.search)}, 'StartSel=<mark>,StopSel=</mark>,MaxWords=30,MinWords=12,MaxFragments=1') as description_highlight`
    : sql`null as title_highlight, null as description_highlight`;
  return {
    ctes: sql`page as (
      select m.* from matched m where ${cursorCondition(sort, cursor)} order by ${orderBy(sort, 'm')} limit ${limit}
    )`,
    select: sql`
      select p.id, p.slug, p.title, p.status, p.tags, p.created_at, page.sort_key,
        c.id as category_id, c.slug as category_slug, c.name as category_name,
        img.url as image_url, img.alt as image_alt,
        pr.min_price, pr.max_price, pr.currency, pr.compare_at, pr.in_stock,
        ${highlight}
      from page
      join products p on p.id = page.id
      left join categories c on c.id = p.category_id
      left join lateral (
        select i.url, i.alt from product_images i where i.product_id = p.id order by i.position, i.created_at limit 1
      ) img on true
      left join lateral (
        select min(v.price) as min_price, max(v.price) as max_price, min(v.currency) as currency,
          max(v.compare_at_price) as compare_at, bool_or(${variantInStock}) as in_stock
        from variants v where v.product_id = p.id and v.active
      ) pr on true
      order by ${orderBy(sort, 'page')}`,
  };
}

/** The facet counts of a listing: CTEs after `matched`, and the columns categories, options and prices. */
function facetParts(filter: ProductFilter) {
  const buckets = PRICE_BUCKETS.map((min, index) => {
    const max = PRICE_BUCKETS[index + 1];
    return max === undefined
      ? sql`(count(*) filter (where price >= ${min}))::int`
      : sql`(count(*) filter (where price >= ${min} and price < ${max}))::int`;
  });
  const selected = Object.keys(filter.options ?? {});
  const { minPrice: _min, maxPrice: _max, ...withoutPrice } = filter;
  const hasPriceRange = filter.minPrice !== undefined || filter.maxPrice !== undefined;
  const withoutOption = (name: string): ProductFilter => ({
    ...filter,
    options: Object.fromEntries(Object.entries(filter.options ?? {}).filter(([key]) => key !== name)),
  });
  // One facet per option whatever the case of its name ("Size", "size"), named as most of the counted
  // variants spell it (ties: the first spelling in sort order). From product_option_values, kept by
  // triggers: expanding every variant's options JSON here cost most of a listing's time (bench/api-catalog).
  const optionCounts = (source: string, keyCondition: SQL) => sql`
    select f.key, (array_agg(f.name order by f.spelt desc, f.name))[1] as name, f.value, count(distinct f.product_id)::int as count
    from (
      select f.product_id, f.key, f.name, f.value, sum(f.variants) over (partition by f.key, f.value, f.name) as spelt
      from product_option_values f join ${sql.raw(source)} m on m.id = f.product_id
      where ${keyCondition}
    ) f group by f.key, f.value`;
  const lowered = (names: string[]) =>
    sql.join(
      names.map((name) => sql`lower(${name})`),
      sql`, `,
    );
  return {
    ctes: sql`
        ${
          hasPriceRange
            ? matchedCte(withoutPrice, 'newest', 'matched_any_price')
            : sql`matched_any_price as (select * from matched)`
        },
        ${sql.join(
          selected.map((name, index) =>
            matchedCte(withoutOption(name), 'newest', `matched_any_option_${index}`),
          ),
          sql`, `,
        )}${selected.length > 0 ? sql`,` : sql``}
        priced as materialized (
          select min(v.price) as price
          from matched_any_price m join variants v on v.product_id = m.id and v.active group by m.id
        )`,
    columns: sql`
          (select coalesce(json_agg(x order by x.count desc, x.name), '[]'::json) from (
            select c.slug, c.name, count(*)::int as count
            from matched m join categories c on c.id = m.category_id group by c.slug, c.name
          ) x) as categories,
          (select coalesce(json_agg(x order by x.name, x.count desc, x.value), '[]'::json) from (
            ${optionCounts('matched', selected.length > 0 ? sql`f.key not in (${lowered(selected)})` : sql`true`)}
            ${sql.join(
              selected.map(
                (name, index) =>
                  sql` union all ${optionCounts(`matched_any_option_${index}`, sql`f.key = lower(${name})`)}`,
              ),
              sql``,
            )}
          ) x) as options,
          (select json_build_array(${sql.join(buckets, sql`, `)}) from priced) as prices`,
  };
}

function uniqueViolation(error: unknown): string | null {
  const cause =
    (error as { cause?: { code?: string; constraint?: string } }).cause ??
    (error as { code?: string; constraint?: string });
  return cause?.code === '23505' ? (cause.constraint ?? 'unique') : null;
}
function foreignKeyViolation(error: unknown): string | null {
  const cause =
    (error as { cause?: { code?: string; constraint?: string } }).cause ??
    (error as { code?: string; constraint?: string });
  return cause?.code === '23503' ? (cause.constraint ?? 'foreign key') : null;
}
export const databaseErrors = { uniqueViolation, foreignKeyViolation };

/** The columns of a variant row as staff describe it (a title defaults to its options). */
const variantRow = (productId: string, input: VariantInput) => ({
  productId,
  sku: input.sku,
  title: input.title ?? Object.values(input.options).join(' / '),
  options: input.options,
  price: input.price,
  compareAtPrice: input.compareAtPrice ?? null,
  currency: input.currency,
  weightGrams: input.weightGrams ?? null,
});

export function createCatalogRepository(db: Database) {
  async function insertVariants(tx: Transaction, productId: string, inputs: VariantInput[]) {
    if (inputs.length === 0) return [];
    return tx
      .insert(variants)
      .values(inputs.map((input, position) => ({ ...variantRow(productId, input), position })))
      .returning();
  }
  /** Matched by SKU, whatever order RETURNING answers in. */
  const stockOf = (inputs: VariantInput[], rows: { id: string; sku: string }[]): WrittenVariant[] => {
    const onHand = new Map(inputs.map((input) => [input.sku, input.stockOnHand]));
    return rows.map((row) => ({ variantId: row.id, stockOnHand: onHand.get(row.sku) ?? 0 }));
  };

  /** A read of the listing path, as a named (once-planned) statement on the pool's connection. */
  async function read<T extends Record<string, unknown>>(statement: SQL): Promise<T[]> {
    const { sql: text, params } = dialect.sqlToQuery(statement);
    const result = await db.$client.query<T>({
      name: statementName(text),
      text,
      values: params,
      types: textTimestamps,
    });
    return result.rows;
  }

  return {
    db,

    async listProducts(filter: ProductFilter, sort: ProductSort, limit: number, cursor?: ListCursor) {
      const page = pageParts(filter, sort, limit, cursor);
      return read<SummaryRow & Record<string, unknown>>(
        sql`with ${matchedCte(filter, sort)}, ${page.ctes} ${page.select}`,
      );
    },

    /**
     * Facet counts for the current query. Disjunctive where the shopper picks several values: the counts
     * of a selected option ignore that option's own filter, and the price buckets ignore the price range,
     * so the other values stay visible and selectable.
     */
    async facets(filter: ProductFilter): Promise<FacetRow> {
      const facets = facetParts(filter);
      const rows = await read<FacetRow & Record<string, unknown>>(
        sql`with ${matchedCte(filter, 'newest')}, ${facets.ctes} select ${facets.columns}`,
      );
      return rows[0]!;
    },

    /**
     * A page of `listProducts` and the `facets` of the same query in one statement, which finds the matching
     * products once: one round trip and one plan per listing instead of two.
     */
    async listWithFacets(
      filter: ProductFilter,
      sort: ProductSort,
      limit: number,
      cursor?: ListCursor,
    ): Promise<{ rows: SummaryRow[]; facets: FacetRow }> {
      const page = pageParts(filter, sort, limit, cursor);
      const facets = facetParts(filter);
      const [row] = await read<FacetRow & { items: SummaryRow[] } & Record<string, unknown>>(sql`
        with ${matchedCte(filter, sort)}, ${facets.ctes}, ${page.ctes},
        items as (${page.select})
        select (select coalesce(json_agg(i order by ${orderBy(sort, 'i')}), '[]'::json) from items i) as items,
          ${facets.columns}`);
      const { items, ...facetRow } = row!;
      return { rows: items, facets: facetRow };
    },

    /** The nearest vocabulary word of each query word, by trigram similarity; null when none is close. */
    async nearestTerms(words: string[]): Promise<(string | null)[]> {
      if (words.length === 0) return [];
      const rows = await read<{ term: string | null } & Record<string, unknown>>(sql`
        select coalesce(exact.term, best.term) as term
        from jsonb_array_elements_text(${JSON.stringify(words)}::jsonb) with ordinality as q(word, n)
        left join search_terms exact on exact.term = q.word
        left join lateral (
          select s.term from search_terms s
          where exact.term is null and s.term % q.word
          order by similarity(s.term, q.word) desc, s.term
          limit 1
        ) best on true
        order by q.n`);
      return rows.map((row) => row.term);
    },

    findProductBySlug: async (slug: string) =>
      (await db.select().from(products).where(eq(products.slug, slug)).limit(1))[0],
    findProductById: async (id: string) =>
      (await db.select().from(products).where(eq(products.id, id)).limit(1))[0],
    slugTaken: async (slug: string) =>
      (await db.select({ id: products.id }).from(products).where(eq(products.slug, slug)).limit(1)).length >
      0,

    async productParts(productId: string, onlyActiveVariants: boolean) {
      const [variantRows, imageRows, product] = await Promise.all([
        db
          .select(variantWithStock)
          .from(variants)
          .leftJoin(inventoryLevels, eq(inventoryLevels.variantId, variants.id))
          .where(
            and(
              eq(variants.productId, productId),
              onlyActiveVariants ? eq(variants.active, true) : undefined,
            ),
          )
          .orderBy(asc(variants.position), asc(variants.createdAt)),
        db
          .select()
          .from(productImages)
          .where(eq(productImages.productId, productId))
          .orderBy(asc(productImages.position), asc(productImages.createdAt)),
        db
          .select({ categoryId: products.categoryId })
          .from(products)
          .where(eq(products.id, productId))
          .limit(1),
      ]);
      const categoryId = product[0]?.categoryId;
      const category = categoryId
        ? ((
            await db
              .select({ id: categories.id, slug: categories.slug, name: categories.name })
              .from(categories)
              .where(eq(categories.id, categoryId))
              .limit(1)
          )[0] ?? null)
        : null;
      return { variants: variantRows, images: imageRows, category };
    },

    /** The product, its variants and images, in the caller's transaction; answers the stock inventory is to record. */
    createProduct: async (
      tx: Transaction,
      values: {
        title: string;
        slug: string;
        description: string;
        status: ProductStatus;
        categoryId: string | null;
        tags: string[];
      },
      variantInputs: VariantInput[],
      images: ImageInput[],
    ) => {
      const [product] = await tx.insert(products).values(values).returning();
      const written = await insertVariants(tx, product!.id, variantInputs);
      if (images.length > 0) {
        await tx.insert(productImages).values(
          images.map((image, index) => ({
            productId: product!.id,
            url: image.url,
            alt: image.alt,
            position: image.position ?? index,
          })),
        );
      }
      return { product: product!, stock: stockOf(variantInputs, written) };
    },

    updateProduct: async (id: string, patch: ProductPatch) =>
      (
        await db
          .update(products)
          .set({ ...patch, updatedAt: sql`now()` })
          .where(eq(products.id, id))
          .returning()
      )[0] ?? null,

    addVariant: async (tx: Transaction, productId: string, input: VariantInput) => {
      const [{ next }] = (
        await tx.execute<{ next: number }>(
          sql`select coalesce(max(position) + 1, 0)::int as next from variants where product_id = ${productId}`,
        )
      ).rows as [{ next: number }];
      const [row] = await insertVariants(tx, productId, [input]);
      await tx.update(variants).set({ position: next }).where(eq(variants.id, row!.id));
      await tx.update(products).set({ updatedAt: sql`now()` }).where(eq(products.id, productId));
      return stockOf([input], [row!])[0]!;
    },

    /** The variant's own columns (stock is inventory's); answers whether the variant exists. */
    updateVariant: async (
      executor: Executor,
      id: string,
      patch: Omit<VariantPatch, 'stockOnHand' | 'lowStockThreshold'>,
    ) =>
      (
        await executor
          .update(variants)
          .set({ ...patch, updatedAt: sql`now()` })
          .where(eq(variants.id, id))
          .returning({ id: variants.id })
      ).length > 0,

    findVariant: async (executor: Executor, id: string): Promise<VariantRow | undefined> =>
      (
        await executor
          .select(variantWithStock)
          .from(variants)
          .leftJoin(inventoryLevels, eq(inventoryLevels.variantId, variants.id))
          .where(eq(variants.id, id))
          .limit(1)
      )[0],

    addImage: async (productId: string, input: ImageInput) =>
      (
        await db
          .insert(productImages)
          .values({
            productId,
            url: input.url,
            alt: input.alt,
            position:
              input.position ??
              sql`(select coalesce(max(position) + 1, 0) from product_images where product_id = ${productId})`,
          })
          .returning()
      )[0]!,

    async updateImage(productId: string, imageId: string, patch: ImagePatch) {
      const match = and(eq(productImages.id, imageId), eq(productImages.productId, productId));
      const rows =
        Object.keys(patch).length === 0
          ? await db.select().from(productImages).where(match)
          : await db.update(productImages).set(patch).where(match).returning();
      return rows[0] ?? null;
    },

    deleteImage: async (productId: string, imageId: string) =>
      (
        await db
          .delete(productImages)
          .where(and(eq(productImages.id, imageId), eq(productImages.productId, productId)))
          .returning({ id: productImages.id })
      ).length > 0,

    /** The category tree, flattened depth-first, with active product counts including descendants. */
    async categoryTree() {
      const result = await db.execute<
        {
          id: string;
          parent_id: string | null;
          slug: string;
          name: string;
          description: string;
          position: number;
          depth: number;
          product_count: number;
        } & Record<string, unknown>
      >(sql`
        with recursive tree as (
          select c.*, 0 as depth, array[c.position::text || ':' || c.name] as path, array[c.id] as ids
          from categories c where c.parent_id is null
          union all
          select c.*, t.depth + 1, t.path || (c.position::text || ':' || c.name), t.ids || c.id
          from categories c join tree t on c.parent_id = t.id
        ),
        counts as (
          select p.category_id, count(*)::int as n from products p where p.status = 'active' group by p.category_id
        )
        select t.id, t.parent_id, t.slug, t.name, t.description, t.position, t.depth,
          (select coalesce(sum(cn.n), 0)::int from tree d join counts cn on cn.category_id = d.id where t.id = any(d.ids)) as product_count
        from tree t
        order by t.path`);
      return result.rows;
    },

    findCategoryById: async (id: string) =>
      (await db.select().from(categories).where(eq(categories.id, id)).limit(1))[0],

    /** Ids of the category and every category below it. */
    async categoryWithDescendants(id: string) {
      const result = await db.execute<{ id: string } & Record<string, unknown>>(sql`
        with recursive tree as (
          select id from categories where id = ${id}
          union all
          select c.id from categories c join tree t on c.parent_id = t.id
        ) select id from tree`);
      return result.rows.map((row) => row.id);
    },

    insertCategory: async (values: {
      name: string;
      slug: string;
      description: string;
      parentId: string | null;
      position: number;
    }) => (await db.insert(categories).values(values).returning())[0]!,

    updateCategory: async (id: string, patch: CategoryPatch) =>
      (
        await db
          .update(categories)
          .set({ ...patch, updatedAt: sql`now()` })
          .where(eq(categories.id, id))
          .returning()
      )[0] ?? null,

    async categoryInUse(id: string) {
      const result = await db.execute<{ children: number; products: number } & Record<string, unknown>>(sql`
        select (select count(*)::int from categories where parent_id = ${id}) as children,
               (select count(*)::int from products where category_id = ${id}) as products`);
      return result.rows[0]!;
    },

    deleteCategory: async (id: string) =>
      (await db.delete(categories).where(eq(categories.id, id)).returning({ id: categories.id })).length > 0,

    /** Which of these product slugs and variant SKUs exist already, for an import's dry run. */
    async existingSlugsAndSkus(slugs: string[], skus: string[]) {
      const [slugRows, skuRows] = await Promise.all([
        slugs.length === 0
          ? []
          : db.select({ slug: products.slug }).from(products).where(inArray(products.slug, slugs)),
        skus.length === 0
          ? []
          : db.select({ sku: variants.sku }).from(variants).where(inArray(variants.sku, skus)),
      ]);
      return {
        slugs: new Set(slugRows.map((row) => row.slug)),
        skus: new Set(skuRows.map((row) => row.sku)),
      };
    },

    categoriesBySlug: async (slugs: string[]) =>
      slugs.length === 0 ? [] : db.select().from(categories).where(inArray(categories.slug, slugs)),

    /** Every product with its variants and images, for the CSV export: one row per variant. */
    /**
     * Every product with its variants, a page of products per query (keyset on created_at, id), so a large
     * catalog is read and turned into rows a page at a time rather than as one result of every row.
     */
    async *exportPages(productsPerPage = 500): AsyncGenerator<ExportRow[]> {
      let after: { createdAt: string; id: string } | null = null;
      for (;;) {
        type PageRow = ExportRow & { product_id: string; created_key: string } & Record<string, unknown>;
        const result: { rows: PageRow[] } = await db.execute<PageRow>(sql`
          with page as (
            select p.* from products p
            where ${after ? sql`(p.created_at, p.id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)` : sql`true`}
            order by p.created_at, p.id
            limit ${productsPerPage}
          )
          select p.id as product_id, p.created_at::text as created_key,
            p.slug, p.title, p.description, p.status, c.slug as category_slug, p.tags,
            coalesce((select array_agg(i.url order by i.position, i.created_at) from product_images i where i.product_id = p.id), '{}') as image_urls,
            v.sku, v.title as variant_title, v.options, v.price, v.compare_at_price, v.currency, v.weight_grams, l.stock_on_hand
          from page p
          left join categories c on c.id = p.category_id
          left join variants v on v.product_id = p.id and v.active
          left join inventory_levels l on l.variant_id = v.id
          order by p.created_at, p.id, v.position, v.sku`);
        const last: PageRow | undefined = result.rows.at(-1);
        if (!last) return;
        yield result.rows;
        if (new Set(result.rows.map((row) => row.product_id)).size < productsPerPage) return;
        after = { createdAt: last.created_key, id: last.product_id };
      }
    },

    /**
     * Writes an import in the caller's transaction (all rows or none), a batch of rows per statement: one
     * upsert of the batch's products by slug, one of its variants by SKU. `afterBatch` gets each batch's
     * variants with their stock on hand, for inventory. Awaiting each batch lets other requests run.
     */
    importProducts: async (
      tx: Transaction,
      rows: ImportProductRow[],
      afterBatch: (rowsWritten: number, stock: WrittenVariant[]) => Promise<void>,
    ) => {
      const stats = { productsCreated: 0, productsUpdated: 0, variantsCreated: 0, variantsUpdated: 0 };
      const productIds = new Map<string, string>();
      const excluded = (column: string) => sql.raw(`excluded.${column}`);
      for (let start = 0; start < rows.length; start += IMPORT_BATCH_ROWS) {
        const batch = rows.slice(start, start + IMPORT_BATCH_ROWS);
        const newProducts = new Map<string, ImportProductRow['product']>();
        for (const { product } of batch) {
          if (!productIds.has(product.slug) && !newProducts.has(product.slug)) {
            newProducts.set(product.slug, product);
          }
        }
        if (newProducts.size > 0) {
          const written = await tx
            .insert(products)
            .values([...newProducts.values()].map(({ imageUrls: _images, ...values }) => values))
            .onConflictDoUpdate({
              target: products.slug,
              set: {
                title: excluded('title'),
                description: excluded('description'),
                status: excluded('status'),
                categoryId: excluded('category_id'),
                tags: excluded('tags'),
                updatedAt: sql`now()`,
              },
            })
            // xmax is 0 only on a row this statement inserted (PostgreSQL's way to tell insert from update)
            .returning({ id: products.id, slug: products.slug, created: sql<boolean>`(xmax = 0)` });
          for (const row of written) {
            productIds.set(row.slug, row.id);
            if (row.created) stats.productsCreated += 1;
            else stats.productsUpdated += 1;
          }
          const ids = written.map((row) => row.id);
          await tx.delete(productImages).where(inArray(productImages.productId, ids));
          const images = [...newProducts.values()].flatMap((product) =>
            product.imageUrls.map((url, position) => ({
              productId: productIds.get(product.slug)!,
              url,
              alt: product.title,
              position,
            })),
          );
          if (images.length > 0) await tx.insert(productImages).values(images);
        }
        const written = await tx
          .insert(variants)
          .values(
            batch.map(({ product, variant }) => ({
              ...variantRow(productIds.get(product.slug)!, variant),
              active: true,
            })),
          )
          .onConflictDoUpdate({
            target: variants.sku,
            set: {
              productId: excluded('product_id'),
              title: excluded('title'),
              options: excluded('options'),
              price: excluded('price'),
              compareAtPrice: excluded('compare_at_price'),
              currency: excluded('currency'),
              weightGrams: excluded('weight_grams'),
              active: true,
              updatedAt: sql`now()`,
            },
          })
          .returning({ id: variants.id, sku: variants.sku, created: sql<boolean>`(xmax = 0)` });
        for (const row of written) {
          if (row.created) stats.variantsCreated += 1;
          else stats.variantsUpdated += 1;
        }
        await afterBatch(
          start + batch.length,
          stockOf(
            batch.map((row) => row.variant),
            written,
          ),
        );
      }
      return stats;
    },
  };
}
export type CatalogRepository = ReturnType<typeof createCatalogRepository>;
