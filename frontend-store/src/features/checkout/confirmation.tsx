'use client';

import type { Order } from '@shopstream/contracts/orders';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useSession } from '@/features/account/session';
import { OrderDetails } from '@/features/orders/components/order-details';
import { placedOrder } from './placed-order';

export function Confirmation({ number }: { number: string }) {
  const [order, setOrder] = useState<Order | null | undefined>(undefined);
  const session = useSession();
  useEffect(() => setOrder(placedOrder(number)), [number]);

  if (order === undefined) return <p className="mt-6 min-h-96 text-slate-700">Loading your order…</p>;
  return (
    <>
      <div role="status" className="mt-4 rounded-lg border border-green-300 bg-green-50 p-5 text-green-950">
        <p className="text-lg font-semibold">Thank you! Your order {number} is confirmed.</p>
        <p className="mt-1">
          {order ? `A confirmation goes to ${order.email}.` : 'A confirmation is on its way by email.'}{' '}
          {session.status === 'signed-in' && (
            <Link href={`/account/orders/${number}`} className="text-blue-800 underline underline-offset-2">
              Follow it in your account
            </Link>
          )}
        </p>
      </div>
      {order && <OrderDetails order={order} />}
      <Link href="/" className="mt-6 inline-block text-blue-800 underline underline-offset-2">
        Continue shopping
      </Link>
    </>
  );
}
