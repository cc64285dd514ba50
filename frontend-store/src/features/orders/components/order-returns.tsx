'use client';

import type { Order } from '@shopstream/contracts/orders';
import { Return, ReturnList, type ReturnStatus } from '@shopstream/contracts/refunds';
import { useCallback, useEffect, useState } from 'react';
import { authorizedParsed } from '@/features/account/session';
import { formatMoney } from '@/lib/money';
import { formatDateTime } from '../status';

const STEP: Record<ReturnStatus, string> = {
  requested: 'Requested: we will look at it and write to you',
  approved: 'Approved: please send the items back',
  refused: 'Refused',
  received: 'Received: your refund follows',
  refunded: 'Refunded',
};

/**
 * The returns of a customer's order, with the status of each, and the form to ask for one once the order is
 * delivered (the API decides whether the shop's return window is still open).
 */
export function OrderReturns({ order }: { order: Order }) {
  const [returns, setReturns] = useState<Return[] | null>(null);
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const path = `/me/orders/${encodeURIComponent(order.number)}/returns`;
  const load = useCallback(
    () =>
      authorizedParsed(path, ReturnList).then(
        (list) => setReturns(list.items),
        () => setReturns([]),
      ),
    [path],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const open = (returns ?? []).filter((r) => ['requested', 'approved', 'received'].includes(r.status));
  const leftOf = (lineId: string, quantity: number, refunded: number) =>
    quantity -
    refunded -
    open
      .flatMap((r) => r.lines)
      .filter((l) => l.lineId === lineId)
      .reduce((sum, l) => sum + l.quantity, 0);
  const chosen = order.lines
    .filter((line) => (quantities[line.id] ?? 0) > 0)
    .map((line) => ({ lineId: line.id, quantity: quantities[line.id]! }));

  const submit = async () => {
    setError(null);
    if (chosen.length === 0) return setError('Choose at least one item to return.');
    if (!reason.trim()) return setError('Tell us why you are returning it.');
    setSending(true);
    try {
      await authorizedParsed(path, Return, {
        method: 'POST',
        body: { lines: chosen, reason: reason.trim() },
      });
      setQuantities({});
      setReason('');
      await load();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'The return could not be requested.');
    } finally {
      setSending(false);
    }
  };

  return (
    <section aria-labelledby="order-returns" className="mt-6 rounded-lg border border-slate-200 p-5">
      <h2 id="order-returns" className="text-lg font-semibold">
        Returns
      </h2>
      {returns && returns.length > 0 ? (
        <ul className="mt-3 space-y-3 text-sm">
          {returns.map((ret) => (
            <li key={ret.id} className="rounded bg-slate-50 p-3" data-testid="return">
              <p className="font-medium" data-testid="return-status">
                {STEP[ret.status]}
              </p>
              <p className="text-slate-700">
                {ret.lines.map((line) => `${line.quantity} × ${line.productTitle}`).join(', ')} · asked{' '}
                {formatDateTime(ret.requestedAt)}
              </p>
              <p className="text-slate-700">Reason: {ret.reason}</p>
              {ret.staffNote ? <p className="text-slate-700">From us: {ret.staffNote}</p> : null}
              {ret.refundedAmount !== null ? (
                <p className="font-medium">Refunded {formatMoney(ret.refundedAmount, ret.currency)}</p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-sm text-slate-700">No returns for this order.</p>
      )}
      {order.status === 'delivered' ? (
        <form
          className="mt-4 space-y-3 text-sm"
          aria-label="Return items"
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <h3 className="font-semibold">Return items</h3>
          {order.lines.map((line) => {
            const left = leftOf(line.id, line.quantity, line.refundedQuantity);
            return (
              <div key={line.id} className="flex items-center justify-between gap-3">
                <label htmlFor={`return-${line.id}`}>
                  {line.productTitle}
                  {line.variantTitle ? ` (${line.variantTitle})` : ''}
                </label>
                <input
                  id={`return-${line.id}`}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={Math.max(left, 0)}
                  className="w-20 rounded border border-slate-300 px-2 py-1"
                  disabled={left <= 0}
                  value={quantities[line.id] ?? 0}
                  onChange={(e) =>
                    setQuantities({
                      ...quantities,
                      [line.id]: Math.max(0, Math.min(left, Math.trunc(Number(e.target.value)) || 0)),
                    })
                  }
                />
              </div>
            );
          })}
          <div>
            <label htmlFor="return-reason" className="block font-medium">
              Why are you returning it?
            </label>
            <textarea
              id="return-reason"
              className="mt-1 w-full rounded border border-slate-300 p-2"
              maxLength={500}
              rows={2}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          {error ? (
            <p role="alert" className="text-red-800">
              {error}
            </p>
          ) : null}
          <button
            type="submit"
            disabled={sending}
            className="rounded bg-slate-900 px-4 py-2 font-semibold text-white disabled:opacity-60"
          >
            Request the return
          </button>
        </form>
      ) : null}
    </section>
  );
}
