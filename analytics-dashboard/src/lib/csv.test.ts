import { describe, expect, it } from 'vitest';
import { csvFileName, toCsv } from './csv';

interface PageRow {
  path: string;
  views: number;
}
const columns = [
  { header: 'Page', value: (row: PageRow) => row.path },
  { header: 'Views', value: (row: PageRow) => row.views },
];

describe('toCsv', () => {
  it('writes a header line and one line per row', () => {
    expect(toCsv(columns, [{ path: '/a', views: 3 }])).toBe('Page,Views\r\n/a,3');
  });

  it('quotes commas, quotes and line breaks', () => {
    const csv = toCsv(columns, [{ path: '/search?q=a,"b"\nc', views: 1 }]);
    expect(csv).toBe('Page,Views\r\n"/search?q=a,""b""\nc",1');
  });

  it('keeps visitor-supplied text from running as a spreadsheet formula', () => {
    const csv = toCsv(columns, [{ path: '=HYPERLINK("http://evil")', views: 1 }]);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });

  it('writes only the header for an empty table', () => {
    expect(toCsv(columns, []).trim()).toBe('Page,Views');
  });
});

describe('csvFileName', () => {
  it('names the report and the range', () => {
    expect(csvFileName('Top pages', '2026-11-01', '2026-11-07')).toBe('top-pages_2026-11-01_2026-11-07.csv');
  });
});
