import type { Granularity } from '@shopstream/contracts';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { ReportRange } from '../../lib/api';
import { useShopSettings } from '../../lib/shop-settings';
import { type FilterChange, writeFilters } from '../filters/filters';
import { previousPeriod, rangeToInstants } from './date-range';
import {
  parseReportSearch,
  type ReportSearch,
  type ReportSearchChange,
  writeReportSearch,
} from './report-search';

export interface ReportContext extends ReportSearch {
  /** What the reports API is asked for. */
  query: ReportRange;
  /** The same query with the granularity, for time series. */
  seriesQuery: ReportRange & { granularity: Granularity };
  previous: ReportSearch['range'];
  /** The time series of the previous period, overlaid on the current one. */
  previousSeriesQuery: ReportRange & { granularity: Granularity };
  change: (change: ReportSearchChange) => void;
  /** Adds, removes or replaces report filters in the URL. */
  changeFilters: (change: FilterChange) => void;
}

/** The report's range, granularity and zone, read from and written to the URL. */
export function useReportSearch(): ReportContext {
  const [params, setParams] = useSearchParams();
  const paramsText = params.toString();
  const { timeZone: shopTimeZone } = useShopSettings();
  // The date is taken when the URL changes: a page left open past midnight keeps its range until then.
  const search = useMemo(
    () => parseReportSearch(new URLSearchParams(paramsText), shopTimeZone, new Date()),
    [paramsText, shopTimeZone],
  );
  const change = useCallback(
    (next: ReportSearchChange) => setParams((current) => writeReportSearch(current, next)),
    [setParams],
  );
  const changeFilters = useCallback(
    (next: FilterChange) => setParams((current) => writeFilters(current, next)),
    [setParams],
  );
  return useMemo(() => {
    const query: ReportRange = {
      ...rangeToInstants(search.range, search.timeZone),
      tz: search.timeZone,
      ...(search.site ? { site: search.site } : {}),
      ...(search.filters.length ? { f: search.filters } : {}),
    };
    const previous = previousPeriod(search.range);
    return {
      ...search,
      query,
      seriesQuery: { ...query, granularity: search.granularity },
      previous,
      previousSeriesQuery: {
        ...query,
        ...rangeToInstants(previous, search.timeZone),
        granularity: search.granularity,
      },
      change,
      changeFilters,
    };
  }, [search, change, changeFilters]);
}
