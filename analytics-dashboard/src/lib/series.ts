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

/**
 * A previous period's metric laid over the current period's times, bucket by bucket (the first bucket of
 * one on the first of the other), so the comparison reads as "the same point of the period before". Where
 * the periods differ in length (a 23-hour day), the missing buckets are gaps.
 */
export function previousColumn(
  current: readonly Point[],
  previous: readonly Point[] | undefined,
  key: NumericKey,
): (number | null)[] {
  const sorted = [...(previous ?? [])].sort((a, b) => Date.parse(a.t) - Date.parse(b.t));
  return current.map((_, index) => sorted[index]?.[key] ?? null);
}
