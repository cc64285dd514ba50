import type { InventoryList } from '@shopstream/contracts';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../lib/api';
import { formatDateTime, formatMoney } from '../../lib/format';
import { useCurrentUser } from '../../lib/session';
import { ErrorMessage, Loading, PageHeader } from '../../lib/ui';
import { listOrders, todayStats } from '../orders/api';
import { SalesOverview } from './sales-overview';

export function HomePage() {
  const user = useCurrentUser();
  const stats = useQuery({ queryKey: ['today-stats'], queryFn: todayStats, refetchInterval: 60_000 });
  const awaiting = useQuery({
    queryKey: ['admin-orders', { status: 'paid', limit: 10 }],
    queryFn: () => listOrders({ status: 'paid', limit: 10 }),
  });
  const lowStock = useQuery({
    queryKey: ['inventory', { lowStock: 'true', limit: 10 }],
    queryFn: () => api<InventoryList>('/admin/inventory', { query: { lowStock: 'true', limit: 10 } }),
  });

  return (
    <>
      <PageHeader title="Today" />
      <p className="muted">Signed in as {user.name || user.email}.</p>
      <ErrorMessage error={stats.error} />
      <div className="cards">
        <div className="card">
          <span className="card-label">Orders today</span>
          <span className="card-value" data-testid="orders-today">
            {stats.data?.ordersToday ?? '…'}
          </span>
        </div>
        <div className="card">
          <span className="card-label">Net revenue today</span>
          <span className="card-value" data-testid="net-revenue-today">
            {stats.data ? formatMoney(stats.data.netRevenueToday, stats.data.currency) : '…'}
          </span>
          {stats.data ? (
            <span className="muted">
              {formatMoney(stats.data.capturedToday, stats.data.currency)} captured −{' '}
              {formatMoney(stats.data.refundedToday, stats.data.currency)} refunded
            </span>
          ) : null}
        </div>
        <div className="card">
          <span className="card-label">Awaiting fulfilment</span>
          <span className="card-value">{stats.data?.awaitingFulfilment ?? '…'}</span>
        </div>
        <div className="card">
          <span className="card-label">Low-stock variants</span>
          <span className="card-value">{stats.data?.lowStockVariants ?? '…'}</span>
        </div>
      </div>
      <SalesOverview />
      <div className="columns">
        <section className="panel" aria-labelledby="awaiting-heading">
          <h2 id="awaiting-heading">Waiting for fulfilment</h2>
          <ErrorMessage error={awaiting.error} />
          {awaiting.isPending ? <Loading /> : null}
          <ul className="plain">
            {awaiting.data?.items.map((order) => (
              <li key={order.id}>
                <Link to={`/orders/${order.number}`}>{order.number}</Link> · {order.email} ·{' '}
                {formatMoney(order.total, order.currency)} · {formatDateTime(order.placedAt)}
              </li>
            ))}
          </ul>
          {awaiting.data?.items.length === 0 ? <p className="muted">Nothing to ship.</p> : null}
          <Link to="/orders?status=paid">All paid orders</Link>
        </section>
        <section className="panel" aria-labelledby="low-heading">
          <h2 id="low-heading">Low stock</h2>
          <ErrorMessage error={lowStock.error} />
          {lowStock.isPending ? <Loading /> : null}
          <ul className="plain">
            {lowStock.data?.items.map((item) => (
              <li key={item.variantId}>
                {item.sku} · {item.productTitle} ·{' '}
                <strong className="warn">{item.available} available</strong> (threshold{' '}
                {item.lowStockThreshold})
              </li>
            ))}
          </ul>
          {lowStock.data?.items.length === 0 ? (
            <p className="muted">All variants are above their threshold.</p>
          ) : null}
          <Link to="/inventory?lowStock=true">All low-stock variants</Link>
        </section>
      </div>
    </>
  );
}
