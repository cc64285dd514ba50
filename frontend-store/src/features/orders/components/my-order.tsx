'use client';

import { Order } from '@shopstream/contracts/orders';
import { useEffect, useState } from 'react';
import { RequireSession } from '@/features/account/components/require-session';
import { authorizedParsed } from '@/features/account/session';
import { ApiProblem } from '@/lib/client-api';
import { formatDateTime } from '../status';
import { OrderDetails } from './order-details';
import { OrderReturns } from './order-returns';

function LoadedOrder({ number }: { number: string }) {
  const [order, setOrder] = useState<Order | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    authorizedParsed(`/me/orders/${encodeURIComponent(number)}`, Order).then(setOrder, (caught) =>
      setError(
        caught instanceof ApiProblem && caught.status === 404
          ? 'There is no order with this number in your account.'
          : 'The order could not be loaded.',
      ),
    );
  }, [number]);
  if (error) return <p className="mt-6 text-red-800">{error}</p>;
  if (!order) return <p className="mt-6 min-h-40 text-slate-700">Loading the order…</p>;
  return (
    <>
      <p className="mt-1 text-slate-700">Placed {formatDateTime(order.placedAt)}</p>
      <OrderDetails order={order} />
      <OrderReturns order={order} />
    </>
  );
}

export function MyOrder({ number }: { number: string }) {
  return <RequireSession>{() => <LoadedOrder number={number} />}</RequireSession>;
}
