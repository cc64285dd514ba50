import { describe, expect, it } from 'vitest';
import { checkProductCsv, checkProductCsvHeader } from './csv';

// The CSV rules alone, without a database: the import's integration tests are in csv.test.ts.
const HEADER = 'slug,title,sku,price,currency,stock_on_hand,options';

describe('product CSV rules', () => {
  it('refuses a header without the required columns, or with unknown ones', () => {
    expect(checkProductCsvHeader(HEADER)).toEqual([]);
    expect(checkProductCsvHeader('slug,title,price')).toEqual([
      { field: 'header.sku', message: 'column is missing' },
    ]);
    expect(checkProductCsvHeader(`${HEADER},colour`)).toEqual([
      { field: 'header.colour', message: 'is not a known column' },
    ]);
  });

  it('reads rows in major units (19.99 is 1999 cents), variants of one product under one slug', async () => {
    const { rows, errors } = await checkProductCsv(
      [HEADER, 'tee,Tee,TEE-S,19.99,EUR,5,size=S', 'tee,Tee,TEE-M,19.99,EUR,3,size=M'].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(rows.map((row) => [row.product.slug, row.variant.sku, row.variant.price])).toEqual([
      ['tee', 'TEE-S', 1999],
      ['tee', 'TEE-M', 1999],
    ]);
  });

  it('names each bad row by its line and column', async () => {
    const { errors } = await checkProductCsv(
      [
        HEADER,
        'tee,Tee,TEE-S,19.99,EUR,5,size=S',
        'tee,Tee,TEE-M,abc,EUR,5,size=M',
        'tee,Tee,TEE-S,19.99,EUR,5,size=L',
      ].join('\n'),
    );
    expect(errors).toContainEqual({
      field: 'row 3.price',
      message: 'must be an amount in EUR such as 47.50',
    });
    expect(errors.some((error) => error.field.startsWith('row 4.'))).toBe(true);
    expect(errors.some((error) => error.field.startsWith('row 2.'))).toBe(false);
  });

  it('refuses a file without product rows', async () => {
    expect((await checkProductCsv(`${HEADER}\n`)).errors).toEqual([
      { field: 'file', message: 'has no product rows' },
    ]);
  });
});
