import { describe, expect, it } from 'vitest';
import { readCsv, rowProblems, withoutLines } from './csv-rows';

const csv = [
  'slug,title,sku,price',
  'mug,Mug,MUG-1,900',
  'poster,"A poster',
  'on two lines",POSTER-1,abc',
  'cap,Cap,CAP-1,1500',
].join('\n');

describe('CSV rows of an import', () => {
  it('reads the file line each record ends on, as the API counts them', () => {
    const { header, records } = readCsv(csv);
    expect(header).toEqual(['slug', 'title', 'sku', 'price']);
    expect(records.map((record) => record.line)).toEqual([2, 4, 5]);
    expect(records[1]?.values.title).toBe('A poster\non two lines');
  });

  it('reads a 40,000-record file in one pass, keeping every record on its line', () => {
    const row = (n: number) => `shoe-${n},Shoe ${n},"Light, grippy;\nmade for trails",SHOE-${n},4999`;
    const rows = Array.from({ length: 40_000 }, (_, index) => row(index + 1));
    const big = ['slug,title,description,sku,price', ...rows].join('\n');
    expect(big.length).toBeGreaterThan(2_500_000);
    const started = performance.now();
    const { records } = readCsv(big);
    // Once per record through the whole file, this took minutes.
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(records).toHaveLength(40_000);
    expect(records[39_999]).toMatchObject({ line: 80_001, values: { sku: 'SHOE-40000' } });
  }, 20_000);

  it('drops the rejected rows and keeps the rest intact', () => {
    const { csv: rest, kept } = withoutLines(csv, new Set([4]));
    expect(kept).toBe(2);
    expect(readCsv(rest).records.map((record) => record.values.sku)).toEqual(['MUG-1', 'CAP-1']);
  });

  it('splits the API field paths into line, column and reason', () => {
    expect(
      rowProblems([
        { field: 'row 4.price', message: 'must be a whole number' },
        { field: 'header.colour', message: 'is not a known column' },
      ]),
    ).toEqual([
      { line: 4, column: 'price', message: 'must be a whole number' },
      { line: null, column: 'colour', message: 'is not a known column' },
    ]);
  });
});
