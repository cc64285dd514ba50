import { type SQL, sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const productStatus = pgEnum('product_status', ['draft', 'active', 'archived']);

export const categories = pgTable(
  'categories',
  {
    id: uuid().primaryKey().defaultRandom(),
    parentId: uuid().references((): AnyPgColumn => categories.id, { onDelete: 'restrict' }),
    name: text().notNull(),
    slug: text().notNull(),
    description: text().notNull().default(''),
    position: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('categories_slug_unique').on(t.slug), index('categories_parent_idx').on(t.parentId)],
);

export const products = pgTable(
  'products',
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull(),
    title: text().notNull(),
    description: text().notNull().default(''),
    status: productStatus().notNull().default('draft'),
    categoryId: uuid().references(() => categories.id, { onDelete: 'restrict' }),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    searchVector: tsvector().generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('english', coalesce(${products.title}, '')), 'A') || setweight(to_tsvector('english', coalesce(${products.description}, '')), 'C')`,
    ),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('products_slug_unique').on(t.slug),
    index('products_category_idx').on(t.categoryId),
    index('products_status_created_idx').on(t.status, t.createdAt),
    index('products_search_idx').using('gin', t.searchVector),
    index('products_title_trgm_idx').using('gin', t.title.op('gin_trgm_ops')),
    index('products_tags_idx').using('gin', t.tags),
  ],
);

export const variants = pgTable(
  'variants',
  {
    id: uuid().primaryKey().defaultRandom(),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    sku: text().notNull(),
    title: text().notNull().default(''),
    /** Option name → value, e.g. {"size":"42","colour":"black"}. */
    options: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** Minor units of `currency`. */
    price: integer().notNull(),
    compareAtPrice: integer(),
    currency: text().notNull().default('EUR'),
    weightGrams: integer(),
    active: boolean().notNull().default(true),
    position: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('variants_sku_unique').on(t.sku),
    index('variants_product_idx').on(t.productId),
    index('variants_options_idx').using('gin', t.options),
    check('variants_price_nonnegative', sql`${t.price} >= 0`),
    check('variants_compare_at_nonnegative', sql`${t.compareAtPrice} is null or ${t.compareAtPrice} >= 0`),
    check('variants_currency_iso', sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

export const productImages = pgTable(
  'product_images',
  {
    id: uuid().primaryKey().defaultRandom(),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    url: text().notNull(),
    alt: text().notNull().default(''),
    position: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('product_images_product_idx').on(t.productId, t.position)],
);

/**
 * The option values of each product's active variants, one row per spelling of the name, kept by triggers on
 * `variants` (migration 0012): the facet counts read these few rows instead of expanding every variant's
 * options JSON on each listing.
 */
export const productOptionValues = pgTable(
  'product_option_values',
  {
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    /** The option name in lower case: one facet whatever the case staff typed it in. */
    key: text().notNull(),
    /** The option name as these variants spell it. */
    name: text().notNull(),
    value: text().notNull(),
    /** How many active variants of the product have this value under this spelling. */
    variants: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.key, t.name, t.value] }),
    check('product_option_values_variants_positive', sql`${t.variants} > 0`),
  ],
);

/** Every word of product titles, tags and descriptions, for correcting typos in search queries by trigram similarity. */
export const searchTerms = pgTable('search_terms', { term: text().primaryKey() }, (t) => [
  index('search_terms_trgm_idx').using('gin', t.term.op('gin_trgm_ops')),
]);
