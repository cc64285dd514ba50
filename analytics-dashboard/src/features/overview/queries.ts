import { useQuery } from '@tanstack/react-query';
import { api } from '../../services';
import type { ReportContext } from '../date-range/use-report-search';

export function useOverview(report: ReportContext) {
  return useQuery({
    queryKey: ['overview', api.site, report.query],
    queryFn: ({ signal }) => api.overview(report.query, signal),
  });
}

export function useTimeseries(report: ReportContext) {
  return useQuery({
    queryKey: ['timeseries', api.site, report.seriesQuery],
    queryFn: ({ signal }) => api.timeseries(report.seriesQuery, signal),
  });
}

/** The previous period's series, for the comparison overlay. */
export function usePreviousTimeseries(report: ReportContext) {
  return useQuery({
    queryKey: ['timeseries', api.site, report.previousSeriesQuery],
    queryFn: ({ signal }) => api.timeseries(report.previousSeriesQuery, signal),
  });
}
