import type { TimeseriesReport } from '@shopstream/contracts';
import { expect, it } from 'vitest';
import { previousColumn, toChartColumns } from './series';

const point = (t: string, visitors: number, revenue: number): TimeseriesReport['points'][number] => ({
  t,
  label: t.slice(0, 10),
  visitors,
  pageviews: 0,
  events: 0,
  orders: 0,
  netRevenue: revenue,
  grossRevenue: revenue,
  refunded: 0,
  cancelled: 0,
});

it('turns report points into time-ordered chart columns', () => {
  const columns = toChartColumns(
    [point('2026-11-02T00:00:00Z', 5, 200), point('2026-11-01T00:00:00Z', 3, 100)],
    ['visitors', 'netRevenue'],
  );
  expect(columns).toEqual([
    [1793491200, 1793577600],
    [3, 5],
    [100, 200],
  ]);
});

it('lays the previous period over the current one bucket by bucket, with gaps where it is shorter', () => {
  const current = [point('2026-11-02T00:00:00Z', 5, 0), point('2026-11-03T00:00:00Z', 6, 0)];
  const previous = [point('2026-10-31T00:00:00Z', 1, 0)];
  expect(previousColumn(current, previous, 'visitors')).toEqual([1, null]);
  expect(previousColumn(current, undefined, 'visitors')).toEqual([null, null]);
  const full = [point('2026-11-01T00:00:00Z', 4, 0), point('2026-10-31T00:00:00Z', 3, 0)];
  expect(previousColumn(current, full, 'visitors')).toEqual([3, 4]);
});
