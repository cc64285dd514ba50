import { useQuery } from '@tanstack/react-query';
import { api } from '../../services';
import type { ReportContext } from '../date-range/use-report-search';
import { PRODUCTS_FETCHED } from './top-products';

/** One request serves every product table of the sales and behaviour screens. */
export function useProducts(report: ReportContext) {
  return useQuery({
    queryKey: ['products', api.site, report.query, PRODUCTS_FETCHED],
    queryFn: ({ signal }) => api.products({ ...report.query, limit: PRODUCTS_FETCHED }, signal),
  });
}
