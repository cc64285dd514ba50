import type { TimeseriesReport } from '@shopstream/contracts';

type Point = TimeseriesReport['points'][number];
type NumericKey = { [K in keyof Point]: Point[K] extends number ? K : never }[keyof Point];

/** Report points as uPlot's columns: seconds since epoch, then one array per metric, sorted by time. */
export function toChartColumns(
  points: readonly Point[],
  keys: readonly NumericKey[],
): [number[], ...number[][]] {
  const sorted = [...points].sort((a, b) => Date.parse(a.t) - Date.parse(b.t));
  return [sorted.map((p) => Date.parse(p.t) / 1000), ...keys.map((key) => sorted.map((p) => p[key]))];
}
