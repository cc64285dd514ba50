import Papa from 'papaparse';

/** One column of an exported table: its header and how to read the cell (raw values, not display text). */
export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => string | number | null | undefined;
}

/**
 * Papa Parse does the quoting and escaping; `escapeFormulae` keeps cells such as "=HYPERLINK(...)" that come
 * from visitors (page paths, referrers, UTM values) from running as formulas when the file opens in a spreadsheet.
 */
export function toCsv<Row>(columns: CsvColumn<Row>[], rows: readonly Row[]): string {
  return Papa.unparse(
    {
      fields: columns.map((column) => column.header),
      data: rows.map((row) => columns.map((column) => column.value(row) ?? '')),
    },
    { escapeFormulae: true, newline: '\r\n' },
  );
}

/** A file name that says what and when: "top-pages_2026-11-01_2026-11-07.csv". */
export function csvFileName(report: string, from: string, to: string): string {
  const slug = report
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${slug}_${from}_${to}.csv`;
}

export function downloadCsv(fileName: string, csv: string): void {
  // The byte order mark makes spreadsheet programs read the file as UTF-8.
  const blob = new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
