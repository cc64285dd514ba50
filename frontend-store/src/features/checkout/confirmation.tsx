'use client';

import { Order } from '@shopstream/contracts/orders';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { authorizedParsed, useSession } from '@/features/account/session';
import { OrderDetails } from '@/features/orders/components/order-details';
import { placedOrder, rememberPlacedOrder } from './placed-order';

const POLL_MS = 2000;
/** How long the page waits for the provider's webhook before it says the payment is still being confirmed. */
const POLL_FOR_MS = 180_000;

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

  // With Stripe the order is placed pending; its webhook pays it (whether or not this page is open).
  const pendingId = found.status === 'found' && found.order.status === 'pending' ? found.order.id : null;
  const [waitedOut, setWaitedOut] = useState(false);
  useEffect(() => {
    if (!pendingId) return;
    const started = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let current = true;
    const poll = async () => {
      try {
        const order = await authorizedParsed(`/checkout/orders/${pendingId}`, Order);
        if (!current) return;
        if (order.status !== 'pending') {
          rememberPlacedOrder(order);
          setFound({ status: 'found', order });
          return;
        }
      } catch {}
      if (!current) return;
      if (Date.now() - started > POLL_FOR_MS) setWaitedOut(true);
      else timer = setTimeout(poll, POLL_MS);
    };
    timer = setTimeout(poll, POLL_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [pendingId]);

  const orderStatus = found.status === 'found' ? found.order.status : null;
  const title =
    found.status === 'missing'
      ? 'We can’t find that order'
      : orderStatus === 'pending'
        ? 'Confirming your payment…'
        : orderStatus === 'cancelled'
          ? 'Payment not completed'
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
      {orderStatus === 'pending' && (
        <p role="status" className="mt-4 rounded-lg border border-slate-300 bg-slate-50 p-5 text-slate-800">
          {waitedOut
            ? `Your payment for order ${number} is still being confirmed. You may close this page: the confirmation email follows as soon as it is.`
            : `We are waiting for the payment provider to confirm your payment for order ${number}. You may close this page: the order is confirmed by email either way.`}
        </p>
      )}
      {orderStatus === 'cancelled' && (
        <p role="alert" className="mt-4 rounded-lg border border-red-300 bg-red-50 p-5 text-red-900">
          The payment for order {number} did not go through, so the order was cancelled and nothing was
          charged.{' '}
          <Link href="/cart" className="underline underline-offset-2">
            Back to your cart
          </Link>
        </p>
      )}
      {found.status === 'found' && orderStatus !== 'pending' && orderStatus !== 'cancelled' && (
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
