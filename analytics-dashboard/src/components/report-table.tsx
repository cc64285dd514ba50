import type { ReactNode } from 'react';
import { csvFileName } from '../lib/csv';
import { type Column, CsvButton, DataTable } from './data-table';
import { Panel, type PanelQuery } from './panel';

/** A panel holding one table, with its CSV export: every table of the dashboard is one of these. */
export function ReportTable<Data, Row>({
  title,
  note,
  query,
  rows,
  columns,
  rowKey,
  range,
  className,
  empty,
}: {
  title: string;
  note?: ReactNode;
  query: PanelQuery<Data>;
  rows: (data: Data) => readonly Row[];
  columns: Column<Row>[];
  rowKey: (row: Row, index: number) => string;
  range: { start: string; end: string };
  className?: string;
  empty?: ReactNode;
}) {
  const data = query.data;
  return (
    <Panel
      title={title}
      note={note}
      query={query}
      className={className}
      empty={empty}
      isEmpty={(d) => rows(d).length === 0}
      actions={
        data !== undefined ? (
          <CsvButton
            label={title}
            columns={columns}
            rows={rows(data)}
            fileName={csvFileName(title, range.start, range.end)}
          />
        ) : null
      }
    >
      {(d) => <DataTable caption={title} columns={columns} rows={rows(d)} rowKey={rowKey} />}
    </Panel>
  );
}
