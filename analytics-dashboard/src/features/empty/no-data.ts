import type { Kpis } from '@shopstream/contracts';

/** The command that fills a fresh install with a week of simulated shoppers (README, "Simulator"). */
export const SIMULATOR_COMMAND = 'npm run simulate -w analytics-service -- --sessions 500 --days 7';

export type NoData =
  /** Nothing was ever stored for the site: a fresh install. */
  | { kind: 'fresh' }
  /** The range ends before the site's first event. */
  | { kind: 'before-data'; dataSince: string }
  /** The site has data, just none in this range. */
  | { kind: 'quiet'; dataSince: string }
  | null;

/**
 * Why a range shows nothing, so the dashboard explains instead of showing zeros and "No change". A range
 * with any stored event (a pageview, an order, a refund…) is not empty, whatever its figures.
 */
export function whyNoData(report: {
  dataSince: string | null;
  current: Pick<Kpis, 'events'>;
  to: string;
}): NoData {
  if (report.current.events > 0) return null;
  if (report.dataSince === null) return { kind: 'fresh' };
  if (Date.parse(report.to) <= Date.parse(report.dataSince)) {
    return { kind: 'before-data', dataSince: report.dataSince };
  }
  return { kind: 'quiet', dataSince: report.dataSince };
}

/** Whether the previous period can be compared with: a period before any data has nothing to compare. */
export const hasComparison = (previous: Pick<Kpis, 'events'>) => previous.events > 0;

/** Gross − refunds − cancellations, for the line under a net revenue figure. */
export function ledgerParts(kpis: Pick<Kpis, 'grossRevenue' | 'refunded' | 'cancelled'>) {
  return [
    { label: 'gross', amount: kpis.grossRevenue, sign: '' },
    { label: 'refunded', amount: kpis.refunded, sign: '−' },
    { label: 'cancelled', amount: kpis.cancelled, sign: '−' },
  ].filter((part, index) => index === 0 || part.amount !== 0);
}
