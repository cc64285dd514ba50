'use client';

import { MailAccepted } from '@shopstream/contracts/account-mail';
import { Order } from '@shopstream/contracts/orders';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { type FormEvent, useEffect, useState } from 'react';
import { buttonClass, Field, FormError } from '@/features/forms/field';
import { ApiProblem, sendParsed } from '@/lib/client-api';
import { formatDateTime } from '../status';
import { OrderDetails } from './order-details';

/** Order number and email in, a link by mail out: the page itself never shows an order. */
export function OrderLookupForm() {
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const answer = await sendParsed('/orders/lookup', MailAccepted, {
        method: 'POST',
        body: {
          number: String(data.get('number') ?? '').trim(),
          email: String(data.get('email') ?? '').trim(),
        },
      });
      setSent(answer.message);
    } catch (caught) {
      setError(caught instanceof ApiProblem ? caught.message : 'Something went wrong. Please try again.');
    } finally {
      setBusy(false);
    }
  }

  if (sent)
    return (
      <p
        role="status"
        className="mt-6 rounded-md border border-green-300 bg-green-50 px-3 py-2 text-green-900"
      >
        {sent}
      </p>
    );
  return (
    <form onSubmit={submit} className="mt-6 space-y-4" noValidate>
      <p className="text-slate-700">
        Ordered without an account? Enter the order number from your confirmation and the email you ordered
        with; we will email you a link to the order.
      </p>
      <FormError message={error} />
      <Field label="Order number" name="number" placeholder="SS-100001" autoComplete="off" required />
      <Field label="Email" name="email" type="email" autoComplete="email" required />
      <button type="submit" className={`${buttonClass} w-full`} disabled={busy}>
        {busy ? 'Please wait…' : 'Email me a link'}
      </button>
    </form>
  );
}

/** The order a signed link from an email opens. */
export function GuestOrder() {
  const token = useSearchParams().get('token') ?? '';
  const [order, setOrder] = useState<Order | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!token) return;
    sendParsed(`/orders/view?token=${encodeURIComponent(token)}`, Order).then(setOrder, (caught) =>
      setError(
        caught instanceof ApiProblem && (caught.status === 404 || caught.status === 400)
          ? 'This link does not open an order any more. Ask for a new one.'
          : 'The order could not be loaded.',
      ),
    );
  }, [token]);
  if (!token || error)
    return (
      <p className="mt-6">
        <span className="text-red-800">{error ?? 'This page needs the link from the email.'}</span>{' '}
        <Link href="/orders/lookup" className="text-blue-800 underline underline-offset-2">
          Find your order
        </Link>
      </p>
    );
  if (!order) return <p className="mt-6 min-h-40 text-slate-700">Loading the order…</p>;
  return (
    <>
      <h2 className="mt-2 text-xl font-semibold">Order {order.number}</h2>
      <p className="mt-1 text-slate-700">Placed {formatDateTime(order.placedAt)}</p>
      <OrderDetails order={order} />
    </>
  );
}
