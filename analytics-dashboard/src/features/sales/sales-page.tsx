import { useMemo } from 'react';
import type { Column } from '../../components/data-table';
import { KpiCard } from '../../components/kpi-card';
import { Panel } from '../../components/panel';
import { ReportTable } from '../../components/report-table';
import { TimeSeriesChart } from '../../components/time-series-chart';
import {
  formatCount,
  formatMoney,
  formatMoneyCompact,
  formatPercent,
  minorToDecimalString,
} from '../../lib/format';
import { toChartColumns } from '../../lib/series';
import type { ShopSettings } from '../../lib/shop-settings';
import { GRANULARITY_SECONDS } from '../date-range/date-range';
import { formatDayRange } from '../date-range/report-toolbar';
import type { ReportContext } from '../date-range/use-report-search';
import { FilterCell } from '../filters/filter-cell';
import { ReportPage } from '../layout/report-page';
import { useOverview, useTimeseries } from '../overview/queries';
import { useProducts } from './queries';
import { PRODUCTS_FETCHED, type ProductRow, topProducts } from './top-products';

export function SalesPage() {
  return (
    <ReportPage title="Sales and revenue">
      {(report, settings) => <Sales report={report} settings={settings} />}
    </ReportPage>
  );
}

function productColumns(report: ReportContext, currency: string, locale: string): Column<ProductRow>[] {
  return [
    {
      header: 'Product',
      value: (r) => r.name,
      cell: (r) => <FilterCell report={report} dimension="product" value={r.productId} label={r.name} />,
      truncate: true,
    },
    {
      header: 'Units',
      value: (r) => r.purchases,
      cell: (r) => formatCount(r.purchases, locale),
      numeric: true,
    },
    {
      header: `Revenue (${currency})`,
      value: (r) => minorToDecimalString(r.revenue, currency),
      cell: (r) => formatMoney(r.revenue, currency, locale),
      numeric: true,
    },
  ];
}

function Sales({ report, settings }: { report: ReportContext; settings: ShopSettings }) {
  const { locale } = settings;
  const overview = useOverview(report);
  const series = useTimeseries(report);
  const products = useProducts(report);
  const currency = overview.data?.currency ?? settings.currency;
  const chartData = useMemo(
    () => (series.data ? toChartColumns(series.data.points, ['revenue', 'orders']) : undefined),
    [series.data],
  );
  const previousLabel = `vs ${formatDayRange(report.previous, locale)}`;
  const columns = productColumns(report, currency, locale);

  return (
    <>
      <Panel
        title="Totals"
        query={overview}
        loadingLines={2}
        note={`Compared with ${formatDayRange(report.previous, locale)}`}
      >
        {(data) => (
          <div className="kpis" style={{ marginBottom: 0 }}>
            <KpiCard
              label="Revenue"
              value={data.current.revenue}
              previous={data.previous.revenue}
              format={(v) => formatMoney(v, data.currency, locale)}
              locale={locale}
              previousLabel={previousLabel}
            />
            <KpiCard
              label="Orders"
              value={data.current.orders}
              previous={data.previous.orders}
              format={(v) => formatCount(v, locale)}
              locale={locale}
              previousLabel={previousLabel}
            />
            <KpiCard
              label="Avg. order value"
              value={data.current.averageOrderValue}
              previous={data.previous.averageOrderValue}
              format={(v) => formatMoney(v, data.currency, locale)}
              locale={locale}
              previousLabel={previousLabel}
            />
          </div>
        )}
      </Panel>
      <div className="grid" style={{ marginTop: '1rem' }}>
        <Panel
          title="Revenue and orders over time"
          query={series}
          isEmpty={(d) => d.points.length === 0}
          className="grid-wide"
        >
          {() => (
            <TimeSeriesChart
              label={`Revenue and orders per ${report.granularity}`}
              timeZone={report.timeZone}
              locale={locale}
              bucketSeconds={GRANULARITY_SECONDS[report.granularity]}
              data={chartData}
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
                  colorVar: '--chart-3',
                  format: (v) => formatCount(v, locale),
                  scale: 'right',
                },
              ]}
            />
          )}
        </Panel>
        <ReportTable
          title="Top products by revenue"
          query={products}
          rows={(d) => topProducts(d.rows, 'revenue', 10)}
          columns={columns}
          rowKey={(r) => r.productId}
          range={report.range}
          empty="No sales in this period."
        />
        <ReportTable
          title="Top products by units"
          note={`Among the ${PRODUCTS_FETCHED} products with the most revenue.`}
          query={products}
          rows={(d) => topProducts(d.rows, 'units', 10)}
          columns={columns}
          rowKey={(r) => r.productId}
          range={report.range}
          empty="No sales in this period."
        />
        <Panel
          title="Refunds"
          query={overview}
          loadingLines={2}
          className="grid-wide"
          isEmpty={(data) => data.current.refunds === undefined}
          empty="Not available: the analytics service does not report refunds."
          note="Orders refunded in the period, whenever they were placed"
        >
          {(data) => (
            <div className="kpis" style={{ marginBottom: 0 }}>
              <KpiCard
                label="Refunds"
                value={data.current.refunds ?? 0}
                previous={data.previous.refunds}
                better="down"
                format={(v) => formatCount(v, locale)}
                locale={locale}
                previousLabel={previousLabel}
              />
              <KpiCard
                label="Refunded"
                value={data.current.refunded ?? 0}
                previous={data.previous.refunded}
                better="down"
                format={(v) => formatMoney(v, data.currency, locale)}
                locale={locale}
                previousLabel={previousLabel}
              />
              <KpiCard
                label="Refunded share of revenue"
                value={data.current.revenue > 0 ? (data.current.refunded ?? 0) / data.current.revenue : 0}
                previous={
                  data.previous.refunded === undefined
                    ? undefined
                    : data.previous.revenue > 0
                      ? data.previous.refunded / data.previous.revenue
                      : 0
                }
                better="down"
                format={(v) => formatPercent(v, locale)}
                locale={locale}
                previousLabel={previousLabel}
              />
            </div>
          )}
        </Panel>
      </div>
    </>
  );
}
