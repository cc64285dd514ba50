'use client';

import { OrderList } from '@shopstream/contracts/orders';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { authorizedParsed } from '@/features/account/session';
import { formatMoney } from '@/lib/money';
import { formatDateTime } from '../status';
import { StatusBadge } from './status-badge';

export function OrderHistory() {
  const [orders, setOrders] = useState<OrderList | null>(null);
  const [error, setError] = useState(false);
  useEffect(() => {
    authorizedParsed('/me/orders?limit=50', OrderList).then(setOrders, () => setError(true));
  }, []);

  return (
    <section aria-labelledby="orders-heading" className="rounded-lg border border-slate-200 p-5">
      <h2 id="orders-heading" className="text-lg font-semibold">
        Orders
      </h2>
      {error ? (
        <p className="mt-2 text-sm text-red-800">Your orders could not be loaded.</p>
      ) : orders === null ? (
        <p className="mt-2 min-h-12 text-sm text-slate-700">Loading…</p>
      ) : orders.items.length === 0 ? (
        <p className="mt-2 text-sm text-slate-700">You have not ordered anything yet.</p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-200" aria-label="Your orders">
          {orders.items.map((order) => (
            <li key={order.id} className="flex flex-wrap items-center justify-between gap-2 py-3 text-sm">
              <div>
                <Link
                  href={`/account/orders/${order.number}`}
                  className="font-semibold text-blue-800 underline underline-offset-2"
                >
                  Order {order.number}
                </Link>
                <p className="text-slate-700">
                  {formatDateTime(order.placedAt)} · {order.itemCount} item{order.itemCount === 1 ? '' : 's'}
                </p>
              </div>
              <div className="flex items-center gap-3">
                <StatusBadge status={order.status} />
                <span className="font-semibold tabular-nums">{formatMoney(order.total, order.currency)}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
