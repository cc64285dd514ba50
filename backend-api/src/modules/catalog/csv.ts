import { setImmediate as yieldToRequests } from 'node:timers/promises';
import {
  formatDecimalAmount,
  minorUnitDigits,
  type ProductStatus,
  parseDecimalAmount,
  VariantInput,
} from '@shopstream/contracts';
import { type FieldError, fromSpreadsheetSafe, spreadsheetSafeCast } from '@shopstream/server-kit';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { ImageUrls } from './image-urls';

/** One row per variant; product columns repeat on each of its variants (the first row's values win). */
export const CSV_COLUMNS = [
  'slug',
  'title',
  'description',
  'status',
  'category',
  'tags',
  'images',
  'sku',
  'variant_title',
  'options',
  'price',
  'compare_at_price',
  'currency',
  'weight_grams',
  'stock_on_hand',
] as const;
const REQUIRED = ['slug', 'title', 'sku', 'price'] as const;
/** A 5 MB file of a shop's real rows (about 330 bytes each) has some 16,000; the limit leaves room. */
const MAX_ROWS = 50_000;
/** About 1 ms of parsing and checking (more on a busy machine) between two chances for other requests to run. */
const SLICE_BYTES = 4 * 1024;

const optionalInt = z
  .string()
  .optional()
  .transform((value, context) => {
    if (value === undefined || value.trim() === '') return undefined;
    const number = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(number)) {
      context.addIssue({ code: 'custom', message: 'must be a whole number' });
      return z.NEVER;
    }
    return number;
  });

const CsvRow = z.object({
  slug: z
    .string()
    .min(1, 'is required')
    .max(120)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens'),
  title: z.string().trim().min(1, 'is required').max(200),
  description: z.string().max(10_000).default(''),
  status: z
    .enum(['draft', 'active', 'archived', ''], { message: 'must be draft, active or archived' })
    .default('')
    .transform((value): ProductStatus => (value === '' ? 'draft' : value)),
  category: z.string().max(120).default(''),
  tags: z.string().max(1000).default(''),
  images: z.string().max(20_000).default(''),
  sku: z.string(),
  variant_title: z.string().default(''),
  options: z.string().max(500).default(''),
  // Prices are decimals in the currency's major units ("47.50"; "4500" in JPY), as the admin's forms show them.
  price: z.string().default(''),
  compare_at_price: z.string().default(''),
  currency: z.string().default(''),
  weight_grams: optionalInt,
  stock_on_hand: optionalInt,
});

// Built once: a zod schema costs far more to build than to run, and a file has thousands of images.
const ImageUrl = z.url({ protocol: /^https?$/ }).max(2048);

const splitList = (value: string) =>
  value
    .split('|')
    .map((part) => part.trim())
    .filter(Boolean);

function parseOptions(value: string): Record<string, string> | string {
  const options: Record<string, string> = {};
  for (const pair of value.split(';').filter((part) => part.trim())) {
    const separator = pair.indexOf('=');
    if (separator <= 0) return 'must be name=value pairs separated by ;';
    options[pair.slice(0, separator).trim()] = pair.slice(separator + 1).trim();
  }
  return options;
}

export interface ImportRow {
  line: number;
  categorySlug: string | null;
  product: {
    slug: string;
    title: string;
    description: string;
    status: ProductStatus;
    tags: string[];
    imageUrls: string[];
  };
  variant: VariantInput;
}

export interface CheckedCsv {
  rows: ImportRow[];
  errors: FieldError[];
  rowsChecked: number;
  /** Every row read, valid or not, in file order (empty when the file itself was refused). */
  records: { line: number; slug: string; sku: string }[];
}

/** The currency of a row without one: the variants' default, the shop's currency. */
const DEFAULT_CURRENCY = VariantInput.shape.currency.parse(undefined);

/** How much of a file has been checked, for the import's progress. */
export interface CheckProgress {
  bytesChecked: number;
  rowsChecked: number;
}

/** Checks one record at a time, remembering what later rows must not repeat (SKUs) or must agree with. */
function createRowChecker() {
  const errors: FieldError[] = [];
  const rows: ImportRow[] = [];
  /** Every record that could be read as a row, valid or not: its line, slug and SKU as written. */
  const seen: { line: number; slug: string; sku: string }[] = [];
  const seenSkus = new Map<string, number>();
  const firstOfProduct = new Map<string, ImportRow['product'] & { categorySlug: string | null }>();
  const check = (record: Record<string, string>, line: number) => {
    const fail = (field: string, message: string) => errors.push({ field: `row ${line}.${field}`, message });
    const base = CsvRow.safeParse(record);
    if (!base.success) {
      seen.push({ line, slug: String(record.slug ?? ''), sku: String(record.sku ?? '') });
      for (const issue of base.error.issues) fail(issue.path.map(String).join('.') || 'row', issue.message);
      return;
    }
    const raw = base.data;
    seen.push({ line, slug: raw.slug, sku: raw.sku });
    const currency = raw.currency || DEFAULT_CURRENCY;
    if (!/^[A-Z]{3}$/.test(currency)) {
      fail('currency', 'must be an ISO 4217 code such as EUR');
      return;
    }
    const amount = (column: 'price' | 'compare_at_price') => {
      const text = raw[column].trim();
      if (text === '') return undefined;
      const minor = parseDecimalAmount(text, currency);
      if (minor === null) {
        fail(
          column,
          `must be an amount in ${currency} such as ${formatDecimalAmount(4750 * 10 ** Math.max(0, minorUnitDigits(currency) - 2), currency)}`,
        );
        return null;
      }
      return minor;
    };
    const price = amount('price');
    const compareAtPrice = amount('compare_at_price');
    if (price === null || compareAtPrice === null) return;
    const options = parseOptions(raw.options);
    if (typeof options === 'string') {
      fail('options', options);
      return;
    }
    const variant = VariantInput.safeParse({
      sku: raw.sku,
      ...(raw.variant_title ? { title: raw.variant_title } : {}),
      options,
      price,
      compareAtPrice: compareAtPrice ?? null,
      currency,
      weightGrams: raw.weight_grams ?? null,
      stockOnHand: raw.stock_on_hand ?? 0,
    });
    if (!variant.success) {
      const column: Record<string, string> = {
        compareAtPrice: 'compare_at_price',
        weightGrams: 'weight_grams',
        stockOnHand: 'stock_on_hand',
        title: 'variant_title',
      };
      for (const issue of variant.error.issues) {
        const field = String(issue.path[0] ?? 'row');
        fail(
          column[field] ?? field,
          issue.path[0] === 'price' && price === undefined ? 'is required' : issue.message,
        );
      }
      return;
    }
    const earlier = seenSkus.get(variant.data.sku);
    if (earlier !== undefined) {
      fail('sku', `repeats the SKU of line ${earlier}`);
      return;
    }
    seenSkus.set(variant.data.sku, line);
    const imageUrls = splitList(raw.images);
    const badImage = imageUrls.find((url) => !ImageUrl.safeParse(url).success);
    if (badImage !== undefined) {
      fail('images', 'must be http(s) URLs separated by |');
      return;
    }
    const tags = splitList(raw.tags);
    if (tags.length > 20 || tags.some((tag) => tag.length > 40)) {
      fail('tags', 'at most 20 tags of up to 40 characters');
      return;
    }
    const product = firstOfProduct.get(raw.slug) ?? {
      slug: raw.slug,
      title: raw.title,
      description: raw.description,
      status: raw.status,
      tags,
      imageUrls,
      categorySlug: raw.category || null,
    };
    firstOfProduct.set(raw.slug, product);
    const { categorySlug, ...productFields } = product;
    rows.push({ line, categorySlug, product: productFields, variant: variant.data });
  };
  return { check, rows, errors, seen };
}

/**
 * The export writes formula-like text behind a protective quote; reading it back removes the quote.
 * (Done per record: csv-parse's per-cell `cast` builds a context object for every cell, which doubled the
 * CPU a 5 MB file costs.)
 */
function fromSpreadsheetCells(record: Record<string, string>): Record<string, string> {
  for (const column in record) record[column] = fromSpreadsheetSafe(record[column]!);
  return record;
}

function headerProblems(header: string[]): FieldError[] {
  const missing = REQUIRED.filter((column) => !header.includes(column));
  const unknown = header.filter((column) => !(CSV_COLUMNS as readonly string[]).includes(column));
  return [
    ...missing.map((column) => ({ field: `header.${column}`, message: 'column is missing' })),
    ...unknown.map((column) => ({ field: `header.${column}`, message: 'is not a known column' })),
  ];
}

/**
 * The problems of the file's header line alone (missing or unknown columns), found at once so a file that
 * is not a products CSV is refused before an import starts. Only the file's start is read.
 */
export function checkProductCsvHeader(text: string): FieldError[] {
  let header: string[] = [];
  try {
    header = (parseSync(text.slice(0, 64 * 1024), {
      to_line: 1,
      bom: true,
      trim: true,
      relax_column_count: true,
    })[0] ?? []) as string[];
  } catch (error) {
    return [{ field: 'file', message: error instanceof Error ? error.message : 'unreadable CSV' }];
  }
  return headerProblems(header);
}

/**
 * Parses and validates a product CSV; returns every problem found, by file line and column. The file is
 * parsed a slice at a time and the event loop is given back after each slice, so checking a 5 MB file
 * (over a second of CPU) never holds up other requests for more than a few milliseconds.
 */
export async function checkProductCsv(
  text: string,
  onProgress: (progress: CheckProgress) => void = () => {},
): Promise<CheckedCsv> {
  const bytes = Buffer.from(text);
  const checker = createRowChecker();
  let header: FieldError[] | null = null;
  let records = 0;
  let stop: FieldError[] | null = null;
  const pending: { record: Record<string, string>; info: { lines: number } }[] = [];
  const parser = parse({
    columns: (names: string[]) => {
      header = headerProblems(names);
      return names;
    },
    skip_empty_lines: true,
    trim: true,
    bom: true,
    info: true,
  });
  parser.on('data', (record) => pending.push(record));
  parser.on('error', (error: Error) => {
    stop ??= [{ field: 'file', message: error.message }];
  });
  const checkPending = () => {
    if (header?.length) stop ??= header;
    for (const { record, info } of pending.splice(0)) {
      if (stop) break;
      records += 1;
      if (records > MAX_ROWS) stop = [{ field: 'file', message: `has more than ${MAX_ROWS} rows` }];
      else checker.check(fromSpreadsheetCells(record), info.lines);
    }
  };
  for (let offset = 0; offset < bytes.length && !stop; offset += SLICE_BYTES) {
    parser.write(bytes.subarray(offset, offset + SLICE_BYTES));
    await yieldToRequests();
    checkPending();
    onProgress({ bytesChecked: Math.min(offset + SLICE_BYTES, bytes.length), rowsChecked: records });
  }
  if (!stop) {
    const ended = new Promise<void>((resolve) => parser.once('end', resolve).once('error', () => resolve()));
    parser.end();
    parser.resume();
    await ended;
    checkPending();
  } else {
    parser.destroy();
  }
  if (stop) return { rows: [], errors: stop, rowsChecked: records, records: [] };
  if (records === 0) {
    return {
      rows: [],
      errors: [{ field: 'file', message: 'has no product rows' }],
      rowsChecked: 0,
      records: [],
    };
  }
  return { rows: checker.rows, errors: checker.errors, rowsChecked: records, records: checker.seen };
}

export interface ExportRow {
  slug: string;
  title: string;
  description: string;
  status: string;
  category_slug: string | null;
  tags: string[];
  image_urls: string[];
  sku: string | null;
  variant_title: string | null;
  options: Record<string, string> | null;
  price: number | null;
  compare_at_price: number | null;
  currency: string | null;
  weight_grams: number | null;
  stock_on_hand: number | null;
}

const exportCells = (row: ExportRow, urls: ImageUrls) => [
  row.slug,
  row.title,
  row.description,
  row.status,
  row.category_slug ?? '',
  row.tags.join('|'),
  row.image_urls.map(urls.toPublic).join('|'),
  row.sku ?? '',
  row.variant_title ?? '',
  Object.entries(row.options ?? {})
    .map(([name, value]) => `${name}=${value}`)
    .join(';'),
  row.price === null ? '' : formatDecimalAmount(row.price, row.currency ?? DEFAULT_CURRENCY),
  row.compare_at_price === null
    ? ''
    : formatDecimalAmount(row.compare_at_price, row.currency ?? DEFAULT_CURRENCY),
  row.currency ?? '',
  row.weight_grams ?? '',
  row.stock_on_hand ?? '',
];

/**
 * The products CSV, written a page of rows at a time with a chance for other requests to run between two
 * pages, so exporting a large catalog never holds them up (as one query and one write, 15,000 rows took
 * two stretches of 40-60 ms of CPU each).
 */
export async function productCsv(pages: AsyncIterable<ExportRow[]>, urls: ImageUrls): Promise<string> {
  const options = { columns: [...CSV_COLUMNS], cast: spreadsheetSafeCast };
  const parts = [stringify([], { ...options, header: true })];
  for await (const rows of pages) {
    parts.push(
      stringify(
        rows.map((row) => exportCells(row, urls)),
        options,
      ),
    );
    await yieldToRequests();
  }
  return parts.join('');
}
