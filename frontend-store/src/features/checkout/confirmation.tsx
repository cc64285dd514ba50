'use client';

import { Order } from '@shopstream/contracts/orders';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { authorizedParsed, useSession } from '@/features/account/session';
import { OrderDetails } from '@/features/orders/components/order-details';
import { placedOrder } from './placed-order';

type Found = { status: 'loading' } | { status: 'found'; order: Order } | { status: 'missing' };

/**
 * The order just placed, as this tab kept it; a signed-in shopper's order is read from the account
 * when the tab does not hold it (a link opened elsewhere). Focus moves to the heading once it is known,
 * since the button that placed the order is gone.
 */
export function Confirmation({ number }: { number: string }) {
  const [found, setFound] = useState<Found>({ status: 'loading' });
  const session = useSession();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const kept = placedOrder(number);
    if (kept) {
      setFound({ status: 'found', order: kept });
      return;
    }
    if (session.status === 'loading') return;
    if (session.status === 'guest') {
      setFound({ status: 'missing' });
      return;
    }
    let current = true;
    authorizedParsed(`/me/orders/${encodeURIComponent(number)}`, Order).then(
      (order) => current && setFound({ status: 'found', order }),
      () => current && setFound({ status: 'missing' }),
    );
    return () => {
      current = false;
    };
  }, [number, session.status]);

  useEffect(() => {
    if (found.status !== 'loading') heading.current?.focus();
  }, [found.status]);

  const title =
    found.status === 'missing'
      ? 'We can’t find that order'
      : found.status === 'found'
        ? 'Order confirmed'
        : 'Your order';
  return (
    <>
      <h1 ref={heading} tabIndex={-1} className="text-3xl font-bold tracking-tight">
        {title}
      </h1>
      {found.status === 'loading' && <p className="mt-6 min-h-96 text-slate-700">Loading your order…</p>}
      {found.status === 'missing' && (
        <p className="mt-4 text-slate-700">
          This browser holds no order {number}.{' '}
          {session.status === 'signed-in'
            ? 'Your account’s orders are listed on your account page.'
            : 'If you placed it signed in, log in to see it in your account; the confirmation email has its details.'}{' '}
          <Link href="/account" className="text-blue-800 underline underline-offset-2">
            Your account
          </Link>
        </p>
      )}
      {found.status === 'found' && (
        <>
          <div
            role="status"
            className="mt-4 rounded-lg border border-green-300 bg-green-50 p-5 text-green-950"
          >
            <p className="text-lg font-semibold">Thank you! Your order {number} is confirmed.</p>
            <p className="mt-1">
              A confirmation goes to {found.order.email}.{' '}
              {session.status === 'signed-in' && (
                <Link
                  href={`/account/orders/${number}`}
                  className="text-blue-800 underline underline-offset-2"
                >
                  Follow it in your account
                </Link>
              )}
            </p>
          </div>
          <OrderDetails order={found.order} />
        </>
      )}
      <Link href="/" className="mt-6 inline-block text-blue-800 underline underline-offset-2">
        Continue shopping
      </Link>
    </>
  );
}
