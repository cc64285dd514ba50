import type { BreakdownReport } from '@shopstream/contracts';
import type { Column } from '../../components/data-table';
import { formatCount, formatPercent } from '../../lib/format';

type Row = BreakdownReport['rows'][number];

/**
 * Plausible's columns under a goal filter: the row's visitors who completed the goal, and their share of
 * the row's visitors under the other filters alone. The API sends them only then (and only by a session
 * dimension or country), so a table without them keeps its usual columns.
 */
export function conversionColumns(rows: readonly Row[] | undefined, locale: string): Column<Row>[] {
  if (!rows?.some((r) => r.conversions !== undefined)) return [];
  return [
    {
      header: 'Conversions',
      value: (r) => r.conversions ?? 0,
      cell: (r) => formatCount(r.conversions ?? 0, locale),
      numeric: true,
    },
    {
      header: 'CR',
      value: (r) => r.conversionRate ?? 0,
      cell: (r) => formatPercent(r.conversionRate ?? 0, locale),
      numeric: true,
    },
  ];
}
