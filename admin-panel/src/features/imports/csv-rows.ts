import Papa from 'papaparse';

/** One problem the import found, as the API reports it: `row 7.price` → line 7, column price. */
export interface RowProblem {
  line: number | null;
  column: string;
  message: string;
}

export function rowProblems(errors: { field: string; message: string }[]): RowProblem[] {
  return errors.map((error) => {
    const match = /^row (\d+)\.(.+)$/.exec(error.field);
    if (match) return { line: Number(match[1]), column: match[2] ?? '', message: error.message };
    return { line: null, column: error.field.replace(/^header\./, ''), message: error.message };
  });
}

export interface CsvRecord {
  /** The file line the record ends on (line 1 is the header), as the API counts. */
  line: number;
  values: Record<string, string>;
}

/** Reads a CSV into its header and records, keeping the file line of each record. */
export function readCsv(text: string): { header: string[]; records: CsvRecord[] } {
  const body = text.replace(/^\uFEFF/, '');
  const rows: { cells: string[]; end: number }[] = [];
  Papa.parse<string[]>(body, {
    skipEmptyLines: true,
    step: (result) => rows.push({ cells: result.data, end: result.meta.cursor }),
  });
  const [headerRow, ...dataRows] = rows;
  const header = (headerRow?.cells ?? []).map((cell) => cell.trim());
  // Line breaks are counted on from where the previous record ended, so a 5 MB file is read once, not
  // once per record (a record's line is the file's line at its end, its own closing line break excluded).
  let breaks = 0;
  let counted = 0;
  const records = dataRows.map((row) => {
    for (let at = body.indexOf('\n', counted); at !== -1 && at < row.end; at = body.indexOf('\n', at + 1)) {
      breaks += 1;
    }
    counted = row.end;
    const line = breaks + 1 - (body[row.end - 1] === '\n' ? 1 : 0);
    const values = Object.fromEntries(header.map((name, index) => [name, row.cells[index] ?? '']));
    return { line, values };
  });
  return { header, records };
}

/** The same CSV without the records that end on the given lines. */
export function withoutLines(text: string, lines: Set<number>): { csv: string; kept: number } {
  const { header, records } = readCsv(text);
  const kept = records.filter((record) => !lines.has(record.line));
  const csv = Papa.unparse({
    fields: header,
    data: kept.map((record) => header.map((name) => record.values[name] ?? '')),
  });
  return { csv, kept: kept.length };
}
