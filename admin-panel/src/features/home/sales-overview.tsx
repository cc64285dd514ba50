import type { SalesReport } from '@shopstream/contracts';
import { formatMoneyCompact } from '@shopstream/web-kit';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../../lib/api';
import { formatMoney } from '../../lib/format';
import { shopSettings } from '../../lib/shop-settings';
import { ErrorMessage, Loading } from '../../lib/ui';
import { SalesChart } from './sales-chart';

const DAYS = 30;

/** The report's days are calendar dates in the shop's time zone (or the browser's until the shop has one). */
const reportTimeZone = () => shopSettings.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;

const dayLabel = (date: string) =>
  new Intl.DateTimeFormat(shopSettings.locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );

/** "+12 %" against the previous period; "new" when there was nothing before. */
export function change(current: number, previous: number): string {
  if (previous === 0) return current === 0 ? '±0 %' : 'new';
  const percent = Math.round(((current - previous) / previous) * 100);
  return `${percent > 0 ? '+' : percent < 0 ? '−' : '±'}${Math.abs(percent)} %`;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** Revenue and orders of the last 30 days beside the 30 before, and the products that sold most. */
export function SalesOverview() {
  const report = useQuery({
    queryKey: ['sales-report', DAYS],
    queryFn: () =>
      api<SalesReport>('/admin/reports/sales', {
        query: { days: DAYS, timeZone: reportTimeZone(), currency: shopSettings.currency, topProducts: 5 },
      }),
    refetchInterval: 60_000,
  });
  const currency = report.data?.currency ?? shopSettings.currency;
  const charts = useMemo(() => {
    if (!report.data) return null;
    const { current, previous } = report.data;
    return {
      days: current.map((day) => dayLabel(day.date)),
      revenue: [
        { label: `Last ${DAYS} days`, values: current.map((day) => day.revenue), color: '#1d4ed8' },
        {
          label: `${DAYS} days before`,
          values: previous.map((day) => day.revenue),
          color: '#94a3b8',
          dashed: true,
        },
      ],
      orders: [
        { label: `Last ${DAYS} days`, values: current.map((day) => day.orders), color: '#166534' },
        {
          label: `${DAYS} days before`,
          values: previous.map((day) => day.orders),
          color: '#94a3b8',
          dashed: true,
        },
      ],
      totals: {
        revenue: sum(current.map((day) => day.revenue)),
        previousRevenue: sum(previous.map((day) => day.revenue)),
        orders: sum(current.map((day) => day.orders)),
        previousOrders: sum(previous.map((day) => day.orders)),
      },
    };
  }, [report.data]);

  return (
    <section aria-labelledby="sales-heading" data-testid="sales-overview">
      <h2 id="sales-heading">Last {DAYS} days</h2>
      <ErrorMessage error={report.error} />
      {report.isPending ? <Loading /> : null}
      {charts && report.data ? (
        <>
          <div className="columns">
            <div className="panel">
              <h3>
                Revenue: {formatMoney(charts.totals.revenue, currency)}{' '}
                <span className="muted" data-testid="revenue-change">
                  ({change(charts.totals.revenue, charts.totals.previousRevenue)} against{' '}
                  {formatMoney(charts.totals.previousRevenue, currency)})
                </span>
              </h3>
              <SalesChart
                label={`Revenue per day, last ${DAYS} days and the ${DAYS} before`}
                days={charts.days}
                lines={charts.revenue}
                format={(value) => formatMoney(Math.round(value), currency)}
                axisFormat={(value) => formatMoneyCompact(value, { locale: shopSettings.locale, currency })}
              />
            </div>
            <div className="panel">
              <h3>
                Orders: {charts.totals.orders}{' '}
                <span className="muted" data-testid="orders-change">
                  ({change(charts.totals.orders, charts.totals.previousOrders)} against{' '}
                  {charts.totals.previousOrders})
                </span>
              </h3>
              <SalesChart
                label={`Orders per day, last ${DAYS} days and the ${DAYS} before`}
                days={charts.days}
                lines={charts.orders}
                format={(value) => String(Math.round(value))}
              />
            </div>
          </div>
          <div className="panel">
            <h3>Top products</h3>
            {report.data.topProducts.length === 0 ? (
              <p className="muted">Nothing sold in the last {DAYS} days.</p>
            ) : (
              <div className="table-scroll">
                <table className="data-table" aria-label="Top products">
                  <thead>
                    <tr>
                      <th scope="col">Product</th>
                      <th scope="col" className="number">
                        Units
                      </th>
                      <th scope="col" className="number">
                        Revenue
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.data.topProducts.map((product) => (
                      <tr key={product.productId ?? product.title}>
                        <th scope="row">{product.title}</th>
                        <td className="number">{product.units}</td>
                        <td className="number">{formatMoney(product.revenue, currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        </>
      ) : null}
    </section>
  );
}
