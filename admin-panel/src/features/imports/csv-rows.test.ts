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
