import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { fromSpreadsheetSafe, spreadsheetSafe, spreadsheetSafeCast } from './spreadsheet';

const HYPERLINK = '=HYPERLINK("http://evil.example","click")';

describe('spreadsheet-safe CSV cells', () => {
  it('writes the HYPERLINK payload as one quoted text cell, never as a formula', () => {
    const csv = stringify([{ path: HYPERLINK, views: 3 }], {
      header: true,
      columns: ['path', 'views'],
      cast: spreadsheetSafeCast,
    });
    expect(csv).toBe(`path,views\n"'=HYPERLINK(""http://evil.example"",""click"")",3\n`);
  });

  it('neutralises every character OWASP lists as a formula start', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      expect(spreadsheetSafe(`${start}1+1`), JSON.stringify(start)).toBe(`'${start}1+1`);
    }
  });

  it('leaves ordinary text alone', () => {
    for (const text of ['', 'Blue mug', '/products/mug', "'quoted'", 'a=b', '1-2', ' =1']) {
      expect(spreadsheetSafe(text)).toBe(text);
    }
  });

  it('keeps numbers numbers, negative ones included', () => {
    const csv = stringify([['-5', -5, 0, 1299]], { cast: spreadsheetSafeCast });
    expect(csv).toBe(`'-5,-5,0,1299\n`);
  });

  it('quotes a protected cell that holds a line break, a quote or a comma', () => {
    const csv = stringify([['\rcmd', '-a,b', '@"x"']], { cast: spreadsheetSafeCast });
    expect(csv).toBe(`"'\rcmd","'-a,b","'@""x"""\n`);
  });

  it('reads back exactly the text that was written, quotes before a formula start included', () => {
    for (const text of [HYPERLINK, "'=1+1", "''-2", "'plain", 'plain', "'", '-', '@home', '\tindented']) {
      expect(fromSpreadsheetSafe(spreadsheetSafe(text)), text).toBe(text);
    }
  });
});
