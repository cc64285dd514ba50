import type { TimeseriesReport } from '@shopstream/contracts';
import { expect, it } from 'vitest';
import { toChartColumns } from './series';

const point = (t: string, visitors: number, revenue: number): TimeseriesReport['points'][number] => ({
  t,
  label: t.slice(0, 10),
  visitors,
  pageviews: 0,
  events: 0,
  orders: 0,
  revenue,
});

it('turns report points into time-ordered chart columns', () => {
  const columns = toChartColumns(
    [point('2026-11-02T00:00:00Z', 5, 200), point('2026-11-01T00:00:00Z', 3, 100)],
    ['visitors', 'revenue'],
  );
  expect(columns).toEqual([
    [1793491200, 1793577600],
    [3, 5],
    [100, 200],
  ]);
});
