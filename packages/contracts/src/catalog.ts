import { z } from 'zod';
import { ProblemDetails } from './problem';

/** Request and response contracts of the catalog routes (/catalog public reads, /admin staff writes). */

export const ProductStatus = z.enum(['draft', 'active', 'archived']);
export type ProductStatus = z.infer<typeof ProductStatus>;

const Slug = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens');
const Currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR');
const MinorUnits = z
  .number()
  .int('must be an integer amount of minor units')
  .min(0, 'must not be negative')
  .max(100_000_000);
const Timestamp = z.iso.datetime();
const HttpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2048);
/**
 * An option's name as staff type it ("Size", "Colour"), kept for display. Matched without regard to case
 * (filters, facets, a variant's names), so "size" finds "Size". `:`, `=` and `;` separate names from values
 * in filters and CSV files, so a name cannot contain them.
 */
const OptionName = z
  .string()
  .min(1)
  .max(40)
  .regex(
    /^[^\s:=;\p{Cc}](?:[^:=;\p{Cc}]*[^\s:=;\p{Cc}])?$/u,
    'must be a name such as Size, without spaces at either end and without : = or ;',
  );
/** The key options are matched by: the name without regard to case ("Size" and "size" are one option). */
export const optionKey = (name: string) => name.trim().toLowerCase();
const OptionValue = z.string().trim().min(1).max(60);

export const CategoryRef = z.object({ id: z.uuid(), slug: z.string(), name: z.string() });

export const Category = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  position: z.number().int(),
  depth: z.number().int().describe('0 for a root category'),
  productCount: z.number().int().describe('Active products in this category and its descendants'),
});
export type Category = z.infer<typeof Category>;

export const CategoryList = z.object({
  items: z.array(Category).describe('Depth-first, siblings by position: the tree, flattened'),
});

export const CategoryInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  slug: Slug.optional(),
  description: z.string().max(2000).optional(),
  parentId: z.uuid().nullish(),
  position: z.number().int().min(0).max(10_000).optional(),
});
export type CategoryInput = z.infer<typeof CategoryInput>;
export const CategoryPatch = CategoryInput.partial();
export type CategoryPatch = z.infer<typeof CategoryPatch>;

export const Image = z.object({ id: z.uuid(), url: z.string(), alt: z.string(), position: z.number().int() });
export type Image = z.infer<typeof Image>;

export const ImageInput = z.strictObject({
  url: HttpUrl,
  alt: z.string().max(200).default(''),
  position: z.number().int().min(0).max(1000).optional(),
});
export type ImageInput = z.infer<typeof ImageInput>;

export const ImagePatch = z.strictObject({
  alt: z.string().max(200).optional(),
  position: z.number().int().min(0).max(1000).optional(),
});
export type ImagePatch = z.infer<typeof ImagePatch>;

export const VariantOptions = z
  .record(OptionName, OptionValue)
  .refine((options) => Object.keys(options).length <= 5, { message: 'at most 5 options' })
  .refine((options) => new Set(Object.keys(options).map(optionKey)).size === Object.keys(options).length, {
    message: 'names the same option twice (names are matched without regard to case)',
  });

export const Variant = z.object({
  id: z.uuid(),
  sku: z.string(),
  title: z.string(),
  options: z.record(z.string(), z.string()),
  price: z.number().int().describe('Minor units of currency'),
  compareAtPrice: z.number().int().nullable(),
  currency: z.string(),
  weightGrams: z.number().int().nullable(),
  inStock: z.boolean(),
});
export type Variant = z.infer<typeof Variant>;

export const StaffVariant = Variant.extend({
  stockOnHand: z.number().int(),
  stockReserved: z.number().int(),
  lowStockThreshold: z.number().int().optional().describe('Low-stock alert level of available units'),
  active: z.boolean(),
});
export type StaffVariant = z.infer<typeof StaffVariant>;

export const VariantInput = z.strictObject({
  sku: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be letters, digits, dots, dashes or underscores'),
  title: z.string().max(200).optional(),
  options: VariantOptions.default({}),
  price: MinorUnits,
  compareAtPrice: MinorUnits.nullish(),
  currency: Currency.default('EUR'),
  weightGrams: z.number().int().min(0).max(1_000_000).nullish(),
  stockOnHand: z.number().int().min(0).max(1_000_000).default(0),
});
export type VariantInput = z.infer<typeof VariantInput>;

export const VariantPatch = z.strictObject({
  sku: VariantInput.shape.sku.optional(),
  title: z.string().max(200).optional(),
  options: VariantOptions.optional(),
  price: MinorUnits.optional(),
  compareAtPrice: MinorUnits.nullish(),
  currency: Currency.optional(),
  weightGrams: z.number().int().min(0).max(1_000_000).nullish(),
  stockOnHand: z.number().int().min(0).max(1_000_000).optional(),
  lowStockThreshold: z.number().int().min(0).max(1_000_000).optional(),
  active: z.boolean().optional(),
});
export type VariantPatch = z.infer<typeof VariantPatch>;

const Tag = z.string().trim().min(1).max(40);

export const ProductInput = z.strictObject({
  title: z.string().trim().min(1).max(200),
  slug: Slug.optional(),
  description: z.string().max(10_000).default(''),
  status: ProductStatus.default('draft'),
  categoryId: z.uuid().nullish(),
  tags: z.array(Tag).max(20).default([]),
  images: z.array(ImageInput).max(20).default([]),
  variants: z.array(VariantInput).min(1).max(100),
});
export type ProductInput = z.infer<typeof ProductInput>;

export const ProductPatch = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  slug: Slug.optional(),
  description: z.string().max(10_000).optional(),
  status: ProductStatus.optional(),
  categoryId: z.uuid().nullish(),
  tags: z.array(Tag).max(20).optional(),
});
export type ProductPatch = z.infer<typeof ProductPatch>;

export const PriceRange = z.object({
  min: z.number().int(),
  max: z.number().int(),
  currency: z.string(),
});

export const ProductSummary = z.object({
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  status: ProductStatus,
  category: CategoryRef.nullable(),
  tags: z.array(z.string()),
  image: z.object({ url: z.string(), alt: z.string() }).nullable(),
  price: PriceRange.nullable().describe('Lowest and highest price of the active variants'),
  compareAtPrice: z.number().int().nullable(),
  inStock: z.boolean(),
  createdAt: Timestamp,
  highlight: z
    .object({ title: z.string(), description: z.string() })
    .optional()
    .describe('Search matches wrapped in <mark>…</mark>; present when q is given'),
});
export type ProductSummary = z.infer<typeof ProductSummary>;

export const ProductDetail = z.object({
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  status: ProductStatus,
  category: CategoryRef.nullable(),
  tags: z.array(z.string()),
  images: z.array(Image),
  variants: z.array(Variant),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ProductDetail = z.infer<typeof ProductDetail>;

export const StaffProductDetail = ProductDetail.extend({ variants: z.array(StaffVariant) });
export type StaffProductDetail = z.infer<typeof StaffProductDetail>;

export const ProductSort = z.enum(['newest', 'price_asc', 'price_desc', 'relevance']);
export type ProductSort = z.infer<typeof ProductSort>;

const QueryList = z.union([z.string().max(200), z.array(z.string().max(200)).max(20)]);

export const ProductListQuery = z.strictObject({
  q: z.string().trim().max(200).optional().describe('Full-text search, typo tolerant'),
  category: Slug.optional().describe('Category slug; includes its descendants'),
  minPrice: z.coerce.number().int().min(0).max(100_000_000).optional().describe('Minor units'),
  maxPrice: z.coerce.number().int().min(0).max(100_000_000).optional().describe('Minor units'),
  option: QueryList.optional().describe(
    'name:value, repeatable, e.g. option=size:42&option=colour:black; names match without regard to case',
  ),
  tag: z.string().max(40).optional(),
  inStock: z.enum(['true', 'false']).optional(),
  sort: ProductSort.optional().describe('Defaults to relevance with q, newest without'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(24),
});
export type ProductListQuery = z.infer<typeof ProductListQuery>;

export const StaffProductListQuery = ProductListQuery.extend({ status: ProductStatus.optional() });
export type StaffProductListQuery = z.infer<typeof StaffProductListQuery>;

export const Facets = z.object({
  categories: z.array(z.object({ slug: z.string(), name: z.string(), count: z.number().int() })),
  options: z.array(
    z.object({
      name: z.string(),
      values: z.array(z.object({ value: z.string(), count: z.number().int() })),
    }),
  ),
  prices: z.array(
    z.object({
      min: z.number().int(),
      max: z.number().int().nullable().describe('Exclusive; null for the open-ended top bucket'),
      count: z.number().int(),
    }),
  ),
});
export type Facets = z.infer<typeof Facets>;

export const ProductList = z.object({
  items: z.array(ProductSummary),
  nextCursor: z.string().nullable(),
  facets: Facets,
  correctedQuery: z
    .string()
    .nullable()
    .describe('The query as searched when words were corrected for typos, e.g. "sneakers" for "snekaers"'),
});
export type ProductList = z.infer<typeof ProductList>;

export const RelatedProducts = z.object({ items: z.array(ProductSummary) });

export const SlugParams = z.strictObject({ slug: Slug });

export const CsvImportResult = z.object({
  productsCreated: z.number().int(),
  productsUpdated: z.number().int(),
  variantsCreated: z.number().int(),
  variantsUpdated: z.number().int(),
});
export type CsvImportResult = z.infer<typeof CsvImportResult>;

/** What one row of a file would do: create or update its product and variant, or be rejected, and why. */
export const CsvImportPreviewRow = z.object({
  line: z.number().int().describe('The file line the row ends on (line 1 is the header)'),
  slug: z.string(),
  sku: z.string(),
  outcome: z.enum(['create', 'update', 'rejected']).describe('Of the variant (by SKU)'),
  product: z.enum(['create', 'update']).nullable().describe('Of the product (by slug); null when rejected'),
  problems: z.array(z.object({ column: z.string(), message: z.string() })),
});
export type CsvImportPreviewRow = z.infer<typeof CsvImportPreviewRow>;

export const CsvImportPreview = z.object({
  rowsValid: z.number().int(),
  rowsRejected: z.number().int(),
  productsCreated: z.number().int(),
  productsUpdated: z.number().int(),
  variantsCreated: z.number().int(),
  variantsUpdated: z.number().int(),
  rows: z.array(CsvImportPreviewRow).describe('Every row of the file, in file order'),
});
export type CsvImportPreview = z.infer<typeof CsvImportPreview>;

/**
 * A products CSV import runs as a job: checked row by row, then written in one transaction, so a 5 MB
 * file never holds up other requests. Any API instance answers its progress (the job lives in Redis).
 */
export const CsvImportStatus = z.enum(['checking', 'writing', 'succeeded', 'failed']);
export type CsvImportStatus = z.infer<typeof CsvImportStatus>;
export const CsvImportJob = z.object({
  id: z.uuid(),
  status: CsvImportStatus.describe(
    'checking: rows are being read and checked (nothing written yet); writing: every row was valid and is being written; then succeeded or failed',
  ),
  bytesTotal: z.number().int(),
  bytesChecked: z.number().int(),
  rowsChecked: z.number().int(),
  rowsTotal: z.number().int().nullable().describe('Known once every row was checked'),
  rowsWritten: z.number().int(),
  dryRun: z.boolean().describe('A dry run checks and previews; it never writes'),
  result: CsvImportResult.nullable().describe('When an import (not a dry run) succeeded'),
  preview: CsvImportPreview.nullable().describe(
    'When a dry run succeeded: what each row would do, rejected rows included',
  ),
  problem: ProblemDetails.nullable().describe(
    'When failed: validation_failed lists each problem by line and column (`row 7.price`), and nothing was written',
  ),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type CsvImportJob = z.infer<typeof CsvImportJob>;
export const CsvImportParams = z.strictObject({ id: z.uuid() });

export const CsvImportQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: check every row and preview what it would do; nothing is written'),
});
export type CsvImportQuery = z.infer<typeof CsvImportQuery>;
