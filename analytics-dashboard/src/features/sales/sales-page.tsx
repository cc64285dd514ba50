import { useMemo } from 'react';
import type { Column } from '../../components/data-table';
import { KpiCard } from '../../components/kpi-card';
import { Panel } from '../../components/panel';
import { ReportTable } from '../../components/report-table';
import { TimeSeriesChart } from '../../components/time-series-chart';
import { formatCount, formatMoney, formatMoneyCompact, minorToDecimalString } from '../../lib/format';
import { previousColumn, toChartColumns } from '../../lib/series';
import type { ShopSettings } from '../../lib/shop-settings';
import { GRANULARITY_SECONDS } from '../date-range/date-range';
import { formatDayRange } from '../date-range/report-toolbar';
import type { ReportContext } from '../date-range/use-report-search';
import { hasComparison, whyNoData } from '../empty/no-data';
import { NoDataNotice } from '../empty/no-data-notice';
import { FilterCell } from '../filters/filter-cell';
import { ReportPage } from '../layout/report-page';
import { useOverview, usePreviousTimeseries, useTimeseries } from '../overview/queries';
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
      header: `Gross revenue (${currency})`,
      value: (r) => minorToDecimalString(r.grossRevenue, currency),
      cell: (r) => formatMoney(r.grossRevenue, currency, locale),
      numeric: true,
    },
  ];
}

function Sales({ report, settings }: { report: ReportContext; settings: ShopSettings }) {
  const { locale } = settings;
  const overview = useOverview(report);
  const series = useTimeseries(report);
  const previousSeries = usePreviousTimeseries(report);
  const products = useProducts(report);
  const currency = overview.data?.currency ?? settings.currency;
  const previousPoints = previousSeries.data?.points;
  const chartData = useMemo(() => {
    if (!series.data) return undefined;
    const points = series.data.points;
    return [
      ...toChartColumns(points, ['netRevenue', 'grossRevenue', 'orders']),
      previousColumn(points, previousPoints, 'netRevenue'),
    ] as [number[], ...(number | null)[][]];
  }, [series.data, previousPoints]);
  const why = overview.data ? whyNoData(overview.data) : null;
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
        {(data) => {
          const empty = whyNoData(data);
          if (empty) return <NoDataNotice why={empty} locale={locale} timeZone={report.timeZone} />;
          const money = (v: number) => formatMoney(v, data.currency, locale);
          const card = { locale, previousLabel, comparable: hasComparison(data.previous) };
          return (
            <div className="kpis" style={{ marginBottom: 0 }} data-testid="ledger">
              <KpiCard
                {...card}
                label="Net revenue"
                value={data.current.netRevenue}
                previous={data.previous.netRevenue}
                format={money}
                detail="Gross − refunded − cancelled"
              />
              <KpiCard
                {...card}
                label="Gross revenue"
                value={data.current.grossRevenue}
                previous={data.previous.grossRevenue}
                format={money}
                detail="Totals of the orders paid"
              />
              <KpiCard
                {...card}
                label="Refunded"
                value={data.current.refunded}
                previous={data.previous.refunded}
                better="down"
                format={money}
                detail={`${formatCount(data.current.refunds, locale)} ${data.current.refunds === 1 ? 'refund' : 'refunds'}`}
              />
              <KpiCard
                {...card}
                label="Cancelled"
                value={data.current.cancelled}
                previous={data.previous.cancelled}
                better="down"
                format={money}
                detail={`${formatCount(data.current.cancellations, locale)} paid ${data.current.cancellations === 1 ? 'order' : 'orders'} cancelled`}
              />
              <KpiCard
                {...card}
                label="Orders"
                value={data.current.orders}
                previous={data.previous.orders}
                format={(v) => formatCount(v, locale)}
              />
              <KpiCard
                {...card}
                label="Avg. order value"
                value={data.current.averageOrderValue}
                previous={data.previous.averageOrderValue}
                format={money}
                detail="Gross revenue over orders"
              />
            </div>
          );
        }}
      </Panel>
      {why ? null : (
        <div className="grid" style={{ marginTop: '1rem' }}>
          <Panel
            title="Net revenue and orders over time"
            query={series}
            isEmpty={(d) => d.points.length === 0}
            className="grid-wide"
          >
            {() => (
              <TimeSeriesChart
                label={`Net revenue (bars), gross revenue and orders (right axis) per ${report.granularity}, with the previous period’s net revenue dashed`}
                timeZone={report.timeZone}
                locale={locale}
                bucketSeconds={GRANULARITY_SECONDS[report.granularity]}
                data={chartData}
                axisLabels={{ left: `Revenue (${currency})`, right: 'Orders' }}
                series={[
                  {
                    label: 'Net revenue',
                    colorVar: '--chart-1',
                    format: (v) => formatMoney(v, currency, locale),
                    axisFormat: (v) => formatMoneyCompact(v, currency, locale),
                    bars: true,
                  },
                  {
                    label: 'Gross revenue',
                    colorVar: '--chart-2',
                    format: (v) => formatMoney(v, currency, locale),
                  },
                  {
                    label: 'Orders',
                    colorVar: '--chart-3',
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
          <ReportTable
            title="Top products by gross revenue"
            query={products}
            rows={(d) => topProducts(d.rows, 'revenue', 10)}
            columns={columns}
            rowKey={(r) => r.productId}
            range={report.range}
            empty="No sales in this period."
          />
          <ReportTable
            title="Top products by units"
            note={`Among the ${PRODUCTS_FETCHED} products with the most gross revenue.`}
            query={products}
            rows={(d) => topProducts(d.rows, 'units', 10)}
            columns={columns}
            rowKey={(r) => r.productId}
            range={report.range}
            empty="No sales in this period."
          />
        </div>
      )}
    </>
  );
}
