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
import { toChartColumns } from '../../lib/series';
import type { ShopSettings } from '../../lib/shop-settings';
import { GRANULARITY_SECONDS } from '../date-range/date-range';
import { formatDayRange } from '../date-range/report-toolbar';
import type { ReportContext } from '../date-range/use-report-search';
import { ReportPage } from '../layout/report-page';
import { useOverview, useTimeseries } from './queries';

export function OverviewPage() {
  return (
    <ReportPage title="Overview">
      {(report, settings) => <Overview report={report} settings={settings} />}
    </ReportPage>
  );
}

interface KpiDefinition {
  key: Exclude<keyof Kpis, 'refunds' | 'refunded' | 'screens'>;
  label: string;
  better?: 'up' | 'down';
  format: (value: number, currency: string, locale: string) => string;
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
  { key: 'revenue', label: 'Revenue', format: (v, c, l) => formatMoney(v, c, l) },
  { key: 'conversionRate', label: 'Conversion rate', format: (v, _c, l) => formatPercent(v, l, 2) },
  { key: 'averageOrderValue', label: 'Avg. order value', format: (v, c, l) => formatMoney(v, c, l) },
];

function Overview({ report, settings }: { report: ReportContext; settings: ShopSettings }) {
  const { locale } = settings;
  const overview = useOverview(report);
  const series = useTimeseries(report);
  const previousLabel = `vs ${formatDayRange(report.previous, locale)}`;
  const traffic = useMemo(
    () => (series.data ? toChartColumns(series.data.points, ['visitors', 'pageviews', 'events']) : undefined),
    [series.data],
  );
  const sales = useMemo(
    () => (series.data ? toChartColumns(series.data.points, ['revenue', 'orders']) : undefined),
    [series.data],
  );
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
        {(data) => (
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
              />
            ))}
          </div>
        )}
      </Panel>
      <div className="grid" style={{ marginTop: '1rem' }}>
        <Panel
          title="Traffic"
          query={series}
          isEmpty={(data) => data.points.length === 0}
          className="grid-wide"
        >
          {() => (
            <TimeSeriesChart
              label={`Visitors, pageviews and events per ${report.granularity}`}
              timeZone={report.timeZone}
              locale={locale}
              bucketSeconds={bucketSeconds}
              data={traffic}
              series={[
                { label: 'Visitors', colorVar: '--chart-1', format: (v) => formatCompact(v, locale) },
                { label: 'Pageviews', colorVar: '--chart-2', format: (v) => formatCompact(v, locale) },
                { label: 'Events', colorVar: '--chart-3', format: (v) => formatCompact(v, locale) },
              ]}
            />
          )}
        </Panel>
        <Panel
          title="Revenue and orders"
          query={series}
          isEmpty={(data) => data.points.length === 0}
          className="grid-wide"
        >
          {() => (
            <TimeSeriesChart
              label={`Revenue and orders per ${report.granularity}`}
              timeZone={report.timeZone}
              locale={locale}
              bucketSeconds={bucketSeconds}
              data={sales}
              series={[
                {
                  label: 'Revenue',
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
              ]}
            />
          )}
        </Panel>
      </div>
    </>
  );
}
