import type { CsvImportJob } from '@shopstream/contracts';
import { parse } from 'csv-parse/sync';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchEventLoop } from '../../../test/support/event-loop';
import { makeCategory, makeProduct, makeUser, type TestUser } from '../../../test/support/factories';
import { makeProductCsv } from '../../../test/support/product-csv';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import { buildApp } from '../../app';
import { checkProductCsv } from './csv';

let ctx: TestApp;
let staff: TestUser;
beforeAll(async () => {
  ctx = await startTestApp();
  staff = await makeUser(ctx, { role: 'staff' });
});
afterAll(() => ctx?.close());

const header =
  'slug,title,description,status,category,tags,images,sku,variant_title,options,price,compare_at_price,currency,weight_grams,stock_on_hand';
const get = (url: string) => ctx.app.inject({ url });
const exportCsv = async () => {
  const exported = await ctx.app.inject({ url: '/admin/products/export.csv', headers: staff.auth });
  expect(exported.statusCode).toBe(200);
  expect(exported.headers['content-type']).toMatch(/^text\/csv/);
  return exported.body;
};
const startImport = async (csv: string) => {
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/admin/products/import',
    headers: { ...staff.auth, 'content-type': 'text/csv' },
    payload: csv,
  });
  expect(response.statusCode, response.body).toBe(202);
  const job = response.json() as CsvImportJob;
  expect(response.headers.location).toBe(`/admin/products/import/${job.id}`);
  return job;
};
const importJob = async (id: string, app = ctx.app) => {
  const response = await app.inject({ url: `/admin/products/import/${id}`, headers: staff.auth });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as CsvImportJob;
};
const finished = (job: CsvImportJob) => job.status === 'succeeded' || job.status === 'failed';
/** Starts an import and polls it until it has finished. */
const importCsv = async (csv: string) => {
  const { id } = await startImport(csv);
  for (;;) {
    const job = await importJob(id);
    if (finished(job)) return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('CSV import and export', () => {
  it('rejects a file with a bad row, naming each problem by line and column, and writes nothing', async () => {
    const before = await ctx.sql.query('select count(*)::int as n from variants');
    const csv = [
      header,
      'csv-good-tee,Good Tee,Soft,active,,cotton|summer,,CSV-GOOD-1,,size=M,19.99,,EUR,200,5',
      'csv-bad-tee,Bad Tee,,active,,,,CSV-BAD-1,,size=M,-5,,EUR,,',
      'csv-bad-two,Bad Two,,sideways,no-such-category,,,CSV-BAD-2,,size,abc,,euro,,',
    ].join('\n');
    const job = await importCsv(csv);
    expect(job).toMatchObject({ status: 'failed', result: null, rowsWritten: 0 });
    expect(job.problem).toMatchObject({ status: 400, code: 'validation_failed' });
    const fields = job.problem!.errors!.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['row 3.price', 'row 4.status']));
    expect(fields.some((f: string) => f.startsWith('row 2'))).toBe(false);
    const after = await ctx.sql.query('select count(*)::int as n from variants');
    expect(after.rows[0].n).toBe(before.rows[0].n);
    expect((await get('/catalog/products/csv-good-tee')).statusCode).toBe(404);
  });

  it('imports new and existing products by slug and SKU, and exports them back', async () => {
    const category = await makeCategory(ctx, staff, { name: 'CSV Shirts' });
    const existing = await makeProduct(ctx, staff, {
      title: 'Old Polo',
      categoryId: category.id,
      price: 1_000,
    });
    const sku = existing.variants[0]!.sku;
    const csv = [
      header,
      `${existing.slug},Polo Shirt,Updated,active,${category.slug},,,${sku},,size=M,25,,EUR,,7`,
      `csv-new-henley,Henley,"Three buttons, long sleeves",active,${category.slug},cotton,https://cdn.example.com/h.jpg,CSV-HEN-S,,size=S;colour=grey,35.00,40.00,EUR,250,2`,
      `csv-new-henley,Henley,"Three buttons, long sleeves",active,${category.slug},cotton,https://cdn.example.com/h.jpg,CSV-HEN-M,,size=M;colour=grey,35.00,40,EUR,250,0`,
    ].join('\n');
    const job = await importCsv(csv);
    expect(job).toMatchObject({ status: 'succeeded', rowsTotal: 3, rowsWritten: 3, problem: null });
    expect(job.result).toEqual({
      productsCreated: 1,
      productsUpdated: 1,
      variantsCreated: 2,
      variantsUpdated: 1,
    });

    const henley = (await get('/catalog/products/csv-new-henley')).json();
    expect(henley.description).toBe('Three buttons, long sleeves');
    expect(henley.variants.map((v: { sku: string; options: object }) => [v.sku, v.options])).toEqual([
      ['CSV-HEN-S', { size: 'S', colour: 'grey' }],
      ['CSV-HEN-M', { size: 'M', colour: 'grey' }],
    ]);
    expect((await get(`/catalog/products/${existing.slug}`)).json()).toMatchObject({ title: 'Polo Shirt' });
    expect(
      henley.variants.map((v: { price: number; compareAtPrice: number }) => [v.price, v.compareAtPrice]),
    ).toEqual([
      [3500, 4000],
      [3500, 4000],
    ]);

    const lines = (await exportCsv()).trim().split('\n');
    expect(lines[0]).toBe(header);
    expect(lines).toContain(
      `csv-new-henley,Henley,"Three buttons, long sleeves",active,${category.slug},cotton,https://cdn.example.com/h.jpg,CSV-HEN-S,S / grey,size=S;colour=grey,35.00,40.00,EUR,250,2`,
    );
  });

  it('refuses a recount below the units unpaid orders hold, naming the SKU, and imports nothing', async () => {
    const product = await makeProduct(ctx, staff, { title: 'Held Scarf', stock: 5 });
    const variant = product.variants[0]!;
    // Two units held by an unpaid order (checkout reserves them until payment).
    await ctx.sql.query('update inventory_levels set stock_reserved = 2 where variant_id = $1', [variant.id]);
    const csv = [header, `${product.slug},Held Scarf renamed,,active,,,,${variant.sku},,,12.00,,EUR,,1`].join(
      '\n',
    );
    const job = await importCsv(csv);
    expect(job.status).toBe('failed');
    expect(job.problem).toMatchObject({ code: 'out_of_stock', status: 409 });
    expect(job.problem?.detail).toBe(
      `Stock on hand cannot go below the units unpaid orders hold: ${variant.sku} (2 reserved, 1 in the file); nothing was imported`,
    );
    const { rows } = await ctx.sql.query(
      'select stock_on_hand as "onHand", stock_reserved as reserved from inventory_levels where variant_id = $1',
      [variant.id],
    );
    expect(rows[0]).toEqual({ onHand: 5, reserved: 2 });
    expect((await get(`/catalog/products/${product.slug}`)).json().title).toBe('Held Scarf');
    // Down to what is held is a valid recount.
    const exact = await importCsv(csv.replace(/,1$/, ',2'));
    expect(exact).toMatchObject({ status: 'succeeded', problem: null });
  });

  it("reads and writes prices in the currency's major units, as many decimals as it has (JPY none)", async () => {
    const csv = [
      header,
      'csv-yen-cup,Yen Cup,,active,,,,CSV-YEN-1,,,4500,5000,JPY,,1',
      'csv-euro-cup,Euro Cup,,active,,,,CSV-EUR-1,,,"47,5",,EUR,,1',
      'csv-dinar-cup,Dinar Cup,,active,,,,CSV-KWD-1,,,1.250,,KWD,,1',
      'csv-plain-cup,Plain Cup,,active,,,,CSV-PLN-1,,,12.99,,,,1',
    ].join('\n');
    const job = await importCsv(csv);
    expect(job.status, JSON.stringify(job.problem)).toBe('succeeded');
    const priceOf = async (slug: string) => (await get(`/catalog/products/${slug}`)).json().variants[0];
    expect(await priceOf('csv-yen-cup')).toMatchObject({
      price: 4500,
      compareAtPrice: 5000,
      currency: 'JPY',
    });
    expect(await priceOf('csv-euro-cup')).toMatchObject({ price: 4750, currency: 'EUR' });
    expect(await priceOf('csv-dinar-cup')).toMatchObject({ price: 1250, currency: 'KWD' });
    expect(await priceOf('csv-plain-cup')).toMatchObject({ price: 1299, currency: 'EUR' });
    const lines = (await exportCsv()).split('\n');
    expect(lines.find((line) => line.includes('CSV-YEN-1'))).toContain(',4500,5000,JPY,');
    expect(lines.find((line) => line.includes('CSV-EUR-1'))).toContain(',47.50,,EUR,');
    expect(lines.find((line) => line.includes('CSV-KWD-1'))).toContain(',1.250,,KWD,');

    const wrong = await importCsv(
      [
        header,
        'csv-bad-yen,Bad Yen,,active,,,,CSV-BADYEN-1,,,12.5,,JPY,,1',
        'csv-bad-eur,Bad Eur,,active,,,,CSV-BADEUR-1,,,47.505,,EUR,,1',
        'csv-bad-cur,Bad Cur,,active,,,,CSV-BADCUR-1,,,4.00,,euro,,1',
      ].join('\n'),
    );
    expect(wrong.problem?.errors).toEqual([
      { field: 'row 2.price', message: 'must be an amount in JPY such as 4750' },
      { field: 'row 3.price', message: 'must be an amount in EUR such as 47.50' },
      { field: 'row 4.currency', message: 'must be an ISO 4217 code such as EUR' },
    ]);
  });

  it('previews in a dry run what every row would do, rejected rows and why included, and writes nothing', async () => {
    const existing = await makeProduct(ctx, staff, { title: 'Dry Existing', price: 1_000 });
    const before = await ctx.sql.query('select count(*)::int as n, max(updated_at) as at from variants');
    const csv = [
      header,
      `${existing.slug},Dry Existing,,active,,,,${existing.variants[0]!.sku},,size=M,11.00,,EUR,,1`,
      `${existing.slug},Dry Existing,,active,,,,CSV-DRY-NEW,,size=L,11.00,,EUR,,1`,
      'csv-dry-new,Dry New,,active,,,,CSV-DRY-2,,Size=S,9.50,,EUR,,1',
      'csv-dry-bad,Dry Bad,,active,no-such-category,,,CSV-DRY-3,,,nine,,EUR,,1',
    ].join('\n');
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/admin/products/import?dryRun=true',
      headers: { ...staff.auth, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(response.statusCode).toBe(202);
    let job = response.json() as CsvImportJob;
    expect(job.dryRun).toBe(true);
    while (!finished(job)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      job = await importJob(job.id);
    }
    expect(job).toMatchObject({
      status: 'succeeded',
      dryRun: true,
      result: null,
      problem: null,
      rowsWritten: 0,
    });
    expect(job.preview).toMatchObject({
      rowsValid: 3,
      rowsRejected: 1,
      productsCreated: 1,
      productsUpdated: 1,
      variantsCreated: 2,
      variantsUpdated: 1,
    });
    expect(job.preview!.rows).toEqual([
      {
        line: 2,
        slug: existing.slug,
        sku: existing.variants[0]!.sku,
        outcome: 'update',
        product: 'update',
        problems: [],
      },
      {
        line: 3,
        slug: existing.slug,
        sku: 'CSV-DRY-NEW',
        outcome: 'create',
        product: 'update',
        problems: [],
      },
      { line: 4, slug: 'csv-dry-new', sku: 'CSV-DRY-2', outcome: 'create', product: 'create', problems: [] },
      {
        line: 5,
        slug: 'csv-dry-bad',
        sku: 'CSV-DRY-3',
        outcome: 'rejected',
        product: null,
        problems: [{ column: 'price', message: 'must be an amount in EUR such as 47.50' }],
      },
    ]);
    const after = await ctx.sql.query('select count(*)::int as n, max(updated_at) as at from variants');
    expect(after.rows[0]).toEqual(before.rows[0]);

    // A file that cannot be read as rows fails the dry run with the reason, as an import would.
    const empty = await ctx.app.inject({
      method: 'POST',
      url: '/admin/products/import?dryRun=true',
      headers: { ...staff.auth, 'content-type': 'text/csv' },
      payload: `${header}\n`,
    });
    let failed = empty.json() as CsvImportJob;
    while (!finished(failed)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      failed = await importJob(failed.id);
    }
    expect(failed).toMatchObject({ status: 'failed', dryRun: true, preview: null });
    expect(failed.problem?.errors).toEqual([{ field: 'file', message: 'has no product rows' }]);
    expect((await get('/catalog/products/csv-dry-new')).statusCode).toBe(404);
  });

  it('exports formula-like text so a spreadsheet shows it as text, and imports that file back unchanged', async () => {
    const hyperlink = '=HYPERLINK("http://evil.example","click")';
    const product = await makeProduct(ctx, staff, {
      title: hyperlink,
      description: '-20% until Sunday',
      tags: ['@home'],
      variants: [{ sku: 'CSV-FORMULA-1', title: "'+1 size", price: 1299 }],
    });

    const exported = await exportCsv();
    const line = exported.split('\n').find((row) => row.startsWith(`${product.slug},`));
    expect(line).toBe(
      `${product.slug},"'=HYPERLINK(""http://evil.example"",""click"")",'-20% until Sunday,active,,'@home,,CSV-FORMULA-1,''+1 size,size=M,12.99,,EUR,,${product.variants[0]!.stockOnHand}`,
    );
    const cells = parse(exported, { columns: true }) as Record<string, string>[];
    expect(cells.filter((row) => /^[=+\-@]/.test(row.title ?? ''))).toEqual([]);

    const roundTrip = await importCsv(exported);
    expect(roundTrip.status, JSON.stringify(roundTrip.problem)).toBe('succeeded');
    const stored = (await get(`/catalog/products/${product.slug}`)).json();
    expect(stored).toMatchObject({ title: hyperlink, description: '-20% until Sunday', tags: ['@home'] });
    expect(stored.variants[0]).toMatchObject({ sku: 'CSV-FORMULA-1', title: "'+1 size", price: 1299 });
  });

  it('imports a 5 MB file without ever holding up other requests, showing its progress on any instance, and exports it all', async () => {
    const { csv, rows } = makeProductCsv({ bytes: 5 * 1024 * 1024 - 4096, prefix: 'bulk' });
    const other = await buildApp(ctx.config);
    const loop = watchEventLoop();
    try {
      const started = await startImport(csv);
      expect(started).toMatchObject({
        status: 'checking',
        bytesTotal: Buffer.byteLength(csv),
        rowsTotal: null,
      });
      const seen: CsvImportJob[] = [];
      let healthChecks = 0;
      let job = started;
      while (!finished(job)) {
        expect((await ctx.app.inject({ url: '/health' })).statusCode).toBe(200);
        healthChecks += 1;
        // Polled on a second API instance: the job's progress is in Redis, not in this process.
        job = await importJob(started.id, other);
        seen.push(job);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const { longestBusyMs } = loop.stop();
      // Never more than 200 ms of this process's own work between two timer ticks (the file takes
      // seconds of CPU); the bench measures /health's latency itself, on a machine to itself.
      expect(longestBusyMs).toBeLessThan(200);
      expect(job.problem).toBeNull();
      expect(job).toMatchObject({ status: 'succeeded', rowsTotal: rows, rowsWritten: rows });
      expect(job.result).toEqual({
        productsCreated: rows / 3,
        productsUpdated: 0,
        variantsCreated: rows,
        variantsUpdated: 0,
      });
      const checking = seen.filter((s) => s.status === 'checking' && s.bytesChecked > 0);
      expect(checking.length).toBeGreaterThan(0);
      expect(checking.some((s) => s.bytesChecked < s.bytesTotal)).toBe(true);
      expect(seen.some((s) => s.status === 'writing' && s.rowsWritten > 0 && s.rowsWritten < rows)).toBe(
        true,
      );
      expect(healthChecks).toBeGreaterThan(10);
      const stored = await ctx.sql.query("select count(*)::int as n from variants where sku like 'BULK-%'");
      expect(stored.rows[0].n).toBe(rows);

      const exported = await exportCsv();
      expect(exported.split('\n').filter((line) => line.includes(',BULK-'))).toHaveLength(rows);
    } finally {
      loop.stop();
      await other.close();
    }
  }, 120_000);

  it('refuses a file that is not a products CSV at once, naming its missing and unknown columns', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/admin/products/import',
      headers: { ...staff.auth, 'content-type': 'text/csv' },
      payload: 'name,colour\nMug,blue\n',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual(
      expect.arrayContaining([
        { field: 'header.slug', message: 'column is missing' },
        { field: 'header.colour', message: 'is not a known column' },
      ]),
    );
  });

  it('reports an import whose process stopped (no progress for a minute) as failed, nothing imported', async () => {
    const redis = new Redis(ctx.config.REDIS_URL, { keyPrefix: ctx.config.REDIS_KEY_PREFIX });
    const id = '3b0f9a52-0000-4000-8000-000000000001';
    const minutesAgo = new Date(Date.now() - 2 * 60_000).toISOString();
    try {
      await redis.set(
        `catalog-import:${id}`,
        JSON.stringify({
          id,
          status: 'writing',
          bytesTotal: 100,
          bytesChecked: 100,
          rowsChecked: 3,
          rowsTotal: 3,
          rowsWritten: 1,
          result: null,
          problem: null,
          createdAt: minutesAgo,
          updatedAt: minutesAgo,
        }),
      );
      const job = await importJob(id);
      expect(job.status).toBe('failed');
      expect(job.problem).toMatchObject({ status: 500, code: 'internal' });
      expect(job.problem?.detail).toMatch(/nothing was imported/);
    } finally {
      redis.disconnect();
    }
  });

  it('reads characters that a slice boundary splits (UTF-8, Windows line ends, BOM) intact', async () => {
    const title = (n: number) => `Schüh ${'é'.repeat(n % 7)} 👟 ${n}`;
    const lines = [header];
    for (let n = 1; n <= 3000; n += 1) {
      lines.push(`shoe-${n},"${title(n)}","Läuft, 日本語",active,,,,SKU-${n},,size=M,100,,EUR,,1`);
    }
    const { rows, errors } = await checkProductCsv(`\uFEFF${lines.join('\r\n')}`);
    expect(errors).toEqual([]);
    expect(rows.map((row) => row.product.title)).toEqual(lines.slice(1).map((_, index) => title(index + 1)));
    expect(new Set(rows.map((row) => row.product.description))).toEqual(new Set(['Läuft, 日本語']));
  });

  it('answers 404 for an import it does not know', async () => {
    const response = await ctx.app.inject({
      url: '/admin/products/import/00000000-0000-4000-8000-000000000000',
      headers: staff.auth,
    });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
