import type { Kpis } from '@shopstream/contracts';
import { useMemo } from 'react';
import { KpiCard } from '../../components/kpi-card';
import { Panel } from '../../components/panel';
import { TimeSeriesChart } from '../../components/time-series-chart';
import {
  formatCompact,
  formatCount,
  formatDuration,
  formatMoney,
  formatMoneyCompact,
  formatPercent,
  UI_LANGUAGE,
} from '../../lib/format';
import { previousColumn, toChartColumns } from '../../lib/series';
import type { ShopSettings } from '../../lib/shop-settings';
import { GRANULARITY_SECONDS } from '../date-range/date-range';
import { formatDayRange } from '../date-range/report-toolbar';
import type { ReportContext } from '../date-range/use-report-search';
import { hasComparison, ledgerParts, whyNoData } from '../empty/no-data';
import { NoDataNotice } from '../empty/no-data-notice';
import { ReportPage } from '../layout/report-page';
import { useOverview, usePreviousTimeseries, useTimeseries } from './queries';

export function OverviewPage() {
  return (
    <ReportPage title="Overview">
      {(report, settings) => <Overview report={report} settings={settings} />}
    </ReportPage>
  );
}

interface KpiDefinition {
  key: Exclude<
    keyof Kpis,
    'refunds' | 'refunded' | 'cancellations' | 'cancelled' | 'screens' | 'events' | 'grossRevenue'
  >;
  label: string;
  better?: 'up' | 'down';
  format: (value: number, currency: string, locale: string) => string;
}

/** "gross 1,200.00 € − refunded 50.00 €": how net revenue is made up. */
export function ledgerDetail(kpis: Kpis, currency: string, locale: string): string {
  return ledgerParts(kpis)
    .map(
      (part) =>
        `${part.sign ? `${part.sign} ` : ''}${part.label} ${formatMoney(part.amount, currency, locale)}`,
    )
    .join(' ');
}

const KPIS: KpiDefinition[] = [
  { key: 'visitors', label: 'Visitors', format: (v, _c, l) => formatCount(v, l) },
  { key: 'sessions', label: 'Sessions', format: (v, _c, l) => formatCount(v, l) },
  { key: 'pageviews', label: 'Pageviews', format: (v, _c, l) => formatCount(v, l) },
  { key: 'bounceRate', label: 'Bounce rate', better: 'down', format: (v, _c, l) => formatPercent(v, l) },
  {
    key: 'avgSessionDurationSeconds',
    label: 'Avg. session duration',
    format: (v) => formatDuration(v, UI_LANGUAGE),
  },
  { key: 'orders', label: 'Orders', format: (v, _c, l) => formatCount(v, l) },
  { key: 'netRevenue', label: 'Net revenue', format: (v, c, l) => formatMoney(v, c, l) },
  { key: 'conversionRate', label: 'Conversion rate', format: (v, _c, l) => formatPercent(v, l, 2) },
  { key: 'averageOrderValue', label: 'Avg. order value', format: (v, c, l) => formatMoney(v, c, l) },
];

function Overview({ report, settings }: { report: ReportContext; settings: ShopSettings }) {
  const { locale } = settings;
  const overview = useOverview(report);
  const series = useTimeseries(report);
  const previousSeries = usePreviousTimeseries(report);
  const previousLabel = `vs ${formatDayRange(report.previous, locale)}`;
  const previousPoints = previousSeries.data?.points;
  const traffic = useMemo(() => {
    if (!series.data) return undefined;
    const points = series.data.points;
    return [
      ...toChartColumns(points, ['visitors', 'pageviews', 'events']),
      previousColumn(points, previousPoints, 'visitors'),
    ] as [number[], ...(number | null)[][]];
  }, [series.data, previousPoints]);
  const sales = useMemo(() => {
    if (!series.data) return undefined;
    const points = series.data.points;
    return [
      ...toChartColumns(points, ['netRevenue', 'orders']),
      previousColumn(points, previousPoints, 'netRevenue'),
    ] as [number[], ...(number | null)[][]];
  }, [series.data, previousPoints]);
  const why = overview.data ? whyNoData(overview.data) : null;
  // The time series carries no currency: the overview's (the service's one currency), else the shop's.
  const currency = overview.data?.currency ?? settings.currency;
  const bucketSeconds = GRANULARITY_SECONDS[report.granularity];

  return (
    <>
      <Panel
        title="Key figures"
        query={overview}
        loadingLines={3}
        note={`Compared with ${formatDayRange(report.previous, locale)}`}
      >
        {(data) => {
          const empty = whyNoData(data);
          if (empty) return <NoDataNotice why={empty} locale={locale} timeZone={report.timeZone} />;
          return (
            <div className="kpis" style={{ marginBottom: 0 }}>
              {KPIS.map((kpi) => (
                <KpiCard
                  key={kpi.key}
                  label={kpi.label}
                  value={data.current[kpi.key]}
                  previous={data.previous[kpi.key]}
                  format={(v) => kpi.format(v, data.currency, locale)}
                  locale={locale}
                  better={kpi.better}
                  previousLabel={previousLabel}
                  comparable={hasComparison(data.previous)}
                  detail={
                    kpi.key === 'netRevenue' ? ledgerDetail(data.current, data.currency, locale) : undefined
                  }
                  detailValues={
                    kpi.key === 'netRevenue'
                      ? {
                          gross: data.current.grossRevenue,
                          refunded: data.current.refunded,
                          cancelled: data.current.cancelled,
                        }
                      : undefined
                  }
                />
              ))}
            </div>
          );
        }}
      </Panel>
      {why ? null : (
        <div className="grid" style={{ marginTop: '1rem' }}>
          <Panel
            title="Traffic"
            query={series}
            isEmpty={(data) => data.points.length === 0}
            className="grid-wide"
          >
            {() => (
              <TimeSeriesChart
                label={`Visitors (left axis), pageviews and events (right axis) per ${report.granularity}, with the previous period’s visitors dashed`}
                timeZone={report.timeZone}
                locale={locale}
                bucketSeconds={bucketSeconds}
                data={traffic}
                axisLabels={{ left: 'Visitors', right: 'Pageviews and events' }}
                series={[
                  { label: 'Visitors', colorVar: '--chart-1', format: (v) => formatCompact(v, locale) },
                  {
                    label: 'Pageviews',
                    colorVar: '--chart-2',
                    format: (v) => formatCompact(v, locale),
                    scale: 'right',
                  },
                  {
                    label: 'Events',
                    colorVar: '--chart-3',
                    format: (v) => formatCompact(v, locale),
                    scale: 'right',
                  },
                  {
                    label: 'Visitors, previous period',
                    colorVar: '--chart-1',
                    format: (v) => formatCompact(v, locale),
                    dashed: true,
                  },
                ]}
              />
            )}
          </Panel>
          <Panel
            title="Net revenue and orders"
            query={series}
            isEmpty={(data) => data.points.length === 0}
            className="grid-wide"
          >
            {() => (
              <TimeSeriesChart
                label={`Net revenue (bars) and orders (right axis) per ${report.granularity}, with the previous period’s net revenue dashed`}
                timeZone={report.timeZone}
                locale={locale}
                bucketSeconds={bucketSeconds}
                data={sales}
                axisLabels={{ left: `Net revenue (${currency})`, right: 'Orders' }}
                series={[
                  {
                    label: 'Net revenue',
                    colorVar: '--chart-1',
                    format: (v) => formatMoney(v, currency, locale),
                    axisFormat: (v) => formatMoneyCompact(v, currency, locale),
                    bars: true,
                  },
                  {
                    label: 'Orders',
                    colorVar: '--chart-2',
                    format: (v) => formatCount(v, locale),
                    scale: 'right',
                  },
                  {
                    label: 'Net revenue, previous period',
                    colorVar: '--chart-1',
                    format: (v) => formatMoney(v, currency, locale),
                    dashed: true,
                  },
                ]}
              />
            )}
          </Panel>
        </div>
      )}
    </>
  );
}
