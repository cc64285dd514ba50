import { OrderStatus } from '@shopstream/contracts';
import { useCursorPager } from '@shopstream/web-kit/react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { formatDateTime, formatMoney, parseMoney } from '../../lib/format';
import { shopSettings } from '../../lib/shop-settings';
import { CursorPager, ErrorMessage, Loading, PageHeader, StatusBadge } from '../../lib/ui';
import { listOrders } from './api';

const filterKeys = ['q', 'status', 'from', 'to', 'minTotal', 'maxTotal'] as const;

export function OrdersPage() {
  const [params, setParams] = useSearchParams();
  const pager = useCursorPager();
  const value = (key: (typeof filterKeys)[number]) => params.get(key) ?? '';
  const money = (key: 'minTotal' | 'maxTotal') => {
    const amount = parseMoney(value(key));
    return amount === null ? undefined : amount;
  };
  const query = {
    q: value('q') || undefined,
    status: (value('status') || undefined) as OrderStatus | undefined,
    from: value('from') || undefined,
    to: value('to') || undefined,
    minTotal: money('minTotal'),
    maxTotal: money('maxTotal'),
    cursor: pager.cursor,
    limit: 25,
  };
  const orders = useQuery({
    queryKey: ['admin-orders', query],
    queryFn: () => listOrders(query),
    placeholderData: keepPreviousData,
  });
  const set = (key: string, next: string) => {
    const copy = new URLSearchParams(params);
    if (next) copy.set(key, next);
    else copy.delete(key);
    setParams(copy, { replace: true });
    pager.reset();
  };
  const textFilter = (key: 'q' | 'minTotal' | 'maxTotal', label: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`orders-${key}`}>{label}</label>
      <input
        id={`orders-${key}`}
        type={type}
        inputMode={key === 'q' ? undefined : 'decimal'}
        defaultValue={value(key)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') set(key, e.currentTarget.value.trim());
        }}
        onBlur={(e) => {
          if (e.currentTarget.value.trim() !== value(key)) set(key, e.currentTarget.value.trim());
        }}
      />
    </div>
  );

  return (
    <>
      <PageHeader title="Orders" />
      <form className="filters" aria-label="Filter orders" onSubmit={(e) => e.preventDefault()}>
        {textFilter('q', 'Order number or email', 'search')}
        <div className="field">
          <label htmlFor="orders-status">Status</label>
          <select id="orders-status" value={value('status')} onChange={(e) => set('status', e.target.value)}>
            <option value="">Any</option>
            {OrderStatus.options.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="orders-from">Placed from</label>
          <input
            id="orders-from"
            type="date"
            value={value('from')}
            onChange={(e) => set('from', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="orders-to">Placed until</label>
          <input id="orders-to" type="date" value={value('to')} onChange={(e) => set('to', e.target.value)} />
        </div>
        {textFilter('minTotal', `Total at least (${shopSettings.currency})`)}
        {textFilter('maxTotal', `Total at most (${shopSettings.currency})`)}
      </form>
      <ErrorMessage error={orders.error} />
      {orders.isPending ? <Loading /> : null}
      <table className="data-table" aria-label="Orders" aria-busy={orders.isFetching}>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Placed</th>
            <th scope="col">Customer</th>
            <th scope="col">Status</th>
            <th scope="col" className="number">
              Items
            </th>
            <th scope="col" className="number">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {orders.data?.items.map((order) => (
            <tr key={order.id}>
              <th scope="row">
                <Link to={`/orders/${order.number}`}>{order.number}</Link>
              </th>
              <td>{formatDateTime(order.placedAt)}</td>
              <td>{order.email}</td>
              <td>
                <StatusBadge value={order.status} />
                {order.refunded > 0 && order.refunded < order.total ? (
                  <>
                    {' '}
                    <StatusBadge value="partially refunded" />
                  </>
                ) : null}
              </td>
              <td className="number">{order.itemCount}</td>
              <td className="number">{formatMoney(order.total, order.currency)}</td>
            </tr>
          ))}
          {orders.data?.items.length === 0 ? (
            <tr>
              <td colSpan={6}>No orders match.</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <CursorPager label="Pages of orders" pager={pager} nextCursor={orders.data?.nextCursor} />
    </>
  );
}
