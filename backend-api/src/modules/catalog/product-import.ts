import { randomUUID } from 'node:crypto';
import type { CsvImportJob, CsvImportPreview, CsvImportPreviewRow } from '@shopstream/contracts';
import {
  AppError,
  ErrorCode,
  type FieldError,
  NotFound,
  problem,
  ValidationFailed,
} from '@shopstream/server-kit';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { WithTransaction } from '../../db/transaction';
import type { CatalogCache } from './cache';
import { type CheckedCsv, checkProductCsv, checkProductCsvHeader } from './csv';
import type { ImageUrls } from './image-urls';
import { type CatalogRepository, databaseErrors } from './repository';
import type { StockLevels } from './service';

/** A finished job can be read for a day. */
const JOB_TTL_SECONDS = 24 * 60 * 60;
/** A job still running whose record has not moved for this long lost its process (a restart, a crash). */
const STALLED_AFTER_MS = 60_000;
/** Progress is written at most this often: a poll every half second sees it move, Redis barely notices. */
const PROGRESS_EVERY_MS = 200;

const instanceOf = (id: string) => `/admin/products/import/${id}`;

/** Jobs live in Redis, so any API instance answers the progress of an import another one runs. */
export function createImportJobStore(redis: Redis) {
  const key = (id: string) => `catalog-import:${id}`;
  return {
    save: (job: CsvImportJob) => redis.set(key(job.id), JSON.stringify(job), 'EX', JOB_TTL_SECONDS),
    /** Jobs saved before dry runs existed lack dryRun and preview. */
    async find(
      id: string,
    ): Promise<(Omit<CsvImportJob, 'dryRun' | 'preview'> & Partial<CsvImportJob>) | null> {
      const text = await redis.get(key(id));
      return text === null ? null : (JSON.parse(text) as CsvImportJob);
    },
  };
}
export type ImportJobStore = ReturnType<typeof createImportJobStore>;

/**
 * Products CSV imports as jobs. A file is checked a slice at a time and, only when every row is valid,
 * written in one transaction in batches, so nothing is written from a file with a bad row and a 5 MB file
 * never holds up other requests. The job runs in the process that took the file; progress goes to Redis.
 */
export function createProductImports(
  repo: CatalogRepository,
  cache: CatalogCache,
  store: ImportJobStore,
  log: FastifyBaseLogger,
  urls: ImageUrls,
  writes: { withTransaction: WithTransaction; stock: Pick<StockLevels, 'createLevels'> },
) {
  const running = new Set<Promise<void>>();

  /** What each row would do, by its line: rejected with its problems, or create/update by slug and SKU. */
  async function preview(checked: CheckedCsv, errors: FieldError[]): Promise<CsvImportPreview> {
    const problemsByLine = new Map<number, { column: string; message: string }[]>();
    for (const error of errors) {
      const match = /^row (\d+)\.(.+)$/.exec(error.field);
      if (!match) continue;
      const line = Number(match[1]);
      problemsByLine.set(line, [
        ...(problemsByLine.get(line) ?? []),
        { column: match[2]!, message: error.message },
      ]);
    }
    const valid = checked.rows.filter((row) => !problemsByLine.has(row.line));
    const existing = await repo.existingSlugsAndSkus(
      [...new Set(valid.map((row) => row.product.slug))],
      valid.map((row) => row.variant.sku),
    );
    const counts = { productsCreated: 0, productsUpdated: 0, variantsCreated: 0, variantsUpdated: 0 };
    const productsSeen = new Set<string>();
    const rows = checked.records.map((record): CsvImportPreviewRow => {
      const problems = problemsByLine.get(record.line);
      if (problems) return { ...record, outcome: 'rejected', product: null, problems };
      const product = existing.slugs.has(record.slug) ? 'update' : 'create';
      if (!productsSeen.has(record.slug)) {
        productsSeen.add(record.slug);
        counts[product === 'update' ? 'productsUpdated' : 'productsCreated'] += 1;
      }
      const outcome = existing.skus.has(record.sku) ? 'update' : 'create';
      counts[outcome === 'update' ? 'variantsUpdated' : 'variantsCreated'] += 1;
      return { ...record, outcome, product, problems: [] };
    });
    const rejected = rows.filter((row) => row.outcome === 'rejected').length;
    return { rowsValid: rows.length - rejected, rowsRejected: rejected, ...counts, rows };
  }

  async function run(job: CsvImportJob, text: string) {
    let lastSaved = Date.now();
    let saving: Promise<unknown> = Promise.resolve();
    const save = (force = false) => {
      const now = Date.now();
      if (!force && now - lastSaved < PROGRESS_EVERY_MS) return saving;
      lastSaved = now;
      const snapshot = { ...job, updatedAt: new Date(now).toISOString() };
      saving = saving
        .then(() => store.save(snapshot))
        .catch((error) => log.warn({ err: error, importId: job.id }, 'could not save import progress'));
      return saving;
    };
    const fail = (code: ErrorCode, detail: string, errors?: FieldError[]) => {
      job.status = 'failed';
      job.problem = problem(code, detail, instanceOf(job.id), errors);
    };

    try {
      const checked = await checkProductCsv(text, ({ bytesChecked, rowsChecked }) => {
        job.bytesChecked = bytesChecked;
        job.rowsChecked = rowsChecked;
        void save();
      });
      job.bytesChecked = job.bytesTotal;
      job.rowsChecked = checked.rowsChecked;
      const categorySlugs = [
        ...new Set(checked.rows.map((row) => row.categorySlug).filter((slug): slug is string => !!slug)),
      ];
      const known = new Map((await repo.categoriesBySlug(categorySlugs)).map((c) => [c.slug, c.id]));
      const errors = [...checked.errors];
      for (const row of checked.rows) {
        if (row.categorySlug && !known.has(row.categorySlug)) {
          errors.push({
            field: `row ${row.line}.category`,
            message: `no category with slug ${row.categorySlug}`,
          });
        }
      }
      const fileErrors = errors.filter((error) => !/^row \d+\./.test(error.field));
      if (job.dryRun && fileErrors.length === 0) {
        job.status = 'succeeded';
        job.rowsTotal = checked.records.length;
        job.preview = await preview(checked, errors);
      } else if (errors.length > 0) {
        fail(
          ErrorCode.ValidationFailed,
          `${errors.length} problem(s) in the file; nothing was imported`,
          errors.slice(0, 100),
        );
      } else {
        job.status = 'writing';
        job.rowsTotal = checked.rows.length;
        await save(true);
        const rows = checked.rows.map((row) => ({
          product: {
            ...row.product,
            imageUrls: row.product.imageUrls.map(urls.toStored),
            categoryId: row.categorySlug ? known.get(row.categorySlug)! : null,
          },
          variant: row.variant,
        }));
        const result = await writes.withTransaction((tx) =>
          repo.importProducts(tx, rows, async (rowsWritten, stock) => {
            await writes.stock.createLevels(tx, stock);
            job.rowsWritten = rowsWritten;
            await save();
          }),
        );
        await cache.invalidate();
        job.status = 'succeeded';
        job.result = result;
      }
    } catch (error) {
      if (databaseErrors.uniqueViolation(error) || databaseErrors.foreignKeyViolation(error)) {
        // Another write changed the catalog between the check and the write; the transaction rolled back.
        fail(ErrorCode.Conflict, 'The catalog changed while the file was imported; nothing was imported');
      } else if (error instanceof AppError && error.code === ErrorCode.OutOfStock) {
        // A recount below what unpaid orders hold (inventory names the SKUs); the transaction rolled back.
        fail(ErrorCode.OutOfStock, `${error.message}; nothing was imported`);
      } else {
        log.error({ err: error, importId: job.id }, 'products import failed');
        fail(ErrorCode.Internal, 'The import failed; nothing was imported');
      }
    }
    await save(true);
  }

  return {
    /** Checks the header line and answers at once; the job goes on in this process. A dry run never writes. */
    async start(text: string, options: { dryRun?: boolean } = {}): Promise<CsvImportJob> {
      const header = checkProductCsvHeader(text);
      if (header.length > 0)
        throw ValidationFailed(header, 'The file is not a products CSV; nothing was imported');
      const now = new Date().toISOString();
      const job: CsvImportJob = {
        id: randomUUID(),
        status: 'checking',
        bytesTotal: Buffer.byteLength(text),
        bytesChecked: 0,
        rowsChecked: 0,
        rowsTotal: null,
        rowsWritten: 0,
        dryRun: options.dryRun === true,
        result: null,
        preview: null,
        problem: null,
        createdAt: now,
        updatedAt: now,
      };
      await store.save(job);
      const done = run({ ...job }, text).finally(() => running.delete(done));
      running.add(done);
      return job;
    },

    async find(id: string): Promise<CsvImportJob> {
      const stored = await store.find(id);
      if (!stored) throw NotFound('No such import');
      const job: CsvImportJob = {
        ...stored,
        dryRun: stored.dryRun ?? false,
        preview: stored.preview ?? null,
      };
      const stalled =
        (job.status === 'checking' || job.status === 'writing') &&
        Date.now() - Date.parse(job.updatedAt) > STALLED_AFTER_MS;
      if (!stalled) return job;
      return {
        ...job,
        status: 'failed',
        problem: problem(
          ErrorCode.Internal,
          'The import stopped before it finished (the server restarted); nothing was imported. Send the file again.',
          instanceOf(id),
        ),
      };
    },

    /** Lets the imports under way finish, for a graceful shutdown. */
    drain: () => Promise.allSettled([...running]),
  };
}
export type ProductImports = ReturnType<typeof createProductImports>;
