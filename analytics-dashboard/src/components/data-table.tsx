import type { ReactNode } from 'react';
import { type CsvColumn, downloadCsv, toCsv } from '../lib/csv';

export interface Column<Row> extends CsvColumn<Row> {
  /** What the cell shows; defaults to the CSV value. */
  cell?: (row: Row) => ReactNode;
  numeric?: boolean;
  truncate?: boolean;
}

interface DataTableProps<Row> {
  caption: string;
  columns: Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => string;
}

export function DataTable<Row>({ caption, columns, rows, rowKey }: DataTableProps<Row>) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" className={column.numeric ? 'num' : undefined}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={rowKey(row, index)}>
              {columns.map((column) => {
                const content = column.cell ? column.cell(row) : column.value(row);
                const className = [column.numeric ? 'num' : '', column.truncate ? 'truncate' : '']
                  .join(' ')
                  .trim();
                return (
                  <td
                    key={column.header}
                    className={className || undefined}
                    title={column.truncate ? String(column.value(row) ?? '') : undefined}
                  >
                    {content}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Exports what the table holds, raw values (minor units, ratios) rather than display text. */
export function CsvButton<Row>({
  columns,
  rows,
  fileName,
  label,
}: {
  columns: CsvColumn<Row>[];
  rows: readonly Row[];
  fileName: string;
  label: string;
}) {
  return (
    <button
      type="button"
      className="button button-small"
      onClick={() => downloadCsv(fileName, toCsv(columns, rows))}
      aria-label={`Export ${label} as CSV`}
    >
      CSV
    </button>
  );
}
