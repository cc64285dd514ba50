import type { AnalyticsDimension } from '@shopstream/contracts';
import type { ReportContext } from '../date-range/use-report-search';
import { DIMENSION_LABELS, isFilter } from './filters';

/** A table row's key as a button: clicking it narrows every panel to that value. */
export function FilterCell({
  report,
  dimension,
  value,
  label,
}: {
  report: ReportContext;
  dimension: AnalyticsDimension;
  value: string;
  label: string;
}) {
  const filter = isFilter(dimension, value);
  if (!value || report.filters.includes(filter)) return <>{label}</>;
  return (
    <button
      type="button"
      className="row-filter"
      title={`Filter: ${DIMENSION_LABELS[dimension]} is ${value}`}
      onClick={() => report.changeFilters({ add: filter })}
    >
      {label}
    </button>
  );
}
