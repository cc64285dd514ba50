import type { Order, RefundRequest } from '@shopstream/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { formatMoney, parseMoney } from '../../lib/format';
import { ErrorMessage } from '../../lib/ui';
import { refundOrder } from './api';

/**
 * Refund part of an order: units of lines (restock per line), or an amount, with a reason. Without an amount the
 * API refunds the lines at their value as paid; the most it will give back is what remains of the payment.
 */
export function RefundDialog({
  order,
  onClose,
  onRefunded,
}: {
  order: Order;
  onClose: () => void;
  onRefunded: (updated: Order) => void;
}) {
  const headingId = useId();
  const queryClient = useQueryClient();
  const currency = order.totals.currency;
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [restock, setRestock] = useState<Record<string, boolean>>({});
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const refund = useMutation({
    mutationFn: (body: RefundRequest) => refundOrder(order.number, body),
    onSuccess: async (updated) => {
      queryClient.setQueryData(['admin-order', order.number], updated);
      await queryClient.invalidateQueries({ queryKey: ['today-stats'] });
      onRefunded(updated);
    },
  });
  const lines = order.lines
    .filter((line) => (quantities[line.id] ?? 0) > 0)
    .map((line) => ({ lineId: line.id, quantity: quantities[line.id]!, restock: restock[line.id] ?? false }));

  const submit = () => {
    setProblem(null);
    const amount = amountText.trim() ? parseMoney(amountText.trim(), currency) : undefined;
    if (amount === null) return setProblem(`The amount must be an amount in ${currency}, such as 12.50.`);
    if (amount !== undefined && amount > order.payment.remaining)
      return setProblem(`At most ${formatMoney(order.payment.remaining, currency)} can still be refunded.`);
    if (lines.length === 0 && amount === undefined)
      return setProblem('Choose lines to refund, or give an amount.');
    if (!reason.trim()) return setProblem('A reason is required.');
    refund.mutate({ lines, amount, reason: reason.trim() });
  };

  return (
    <div role="dialog" aria-modal="true" aria-labelledby={headingId} className="panel refund-dialog">
      <h2 id={headingId}>Refund order {order.number}</h2>
      <p className="muted">
        {formatMoney(order.payment.remaining, currency)} of {formatMoney(order.payment.captured, currency)}{' '}
        can still be refunded.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col" className="number">
                Sold
              </th>
              <th scope="col" className="number">
                Refunded
              </th>
              <th scope="col" className="number">
                Refund now
              </th>
              <th scope="col">Restock</th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((line) => {
              const left = line.quantity - line.refundedQuantity;
              return (
                <tr key={line.id}>
                  <th scope="row">
                    {line.productTitle}
                    {line.variantTitle ? <span className="muted"> — {line.variantTitle}</span> : null}
                  </th>
                  <td className="number">{line.quantity}</td>
                  <td className="number">{line.refundedQuantity}</td>
                  <td className="number">
                    <input
                      type="number"
                      inputMode="numeric"
                      min={0}
                      max={left}
                      disabled={left === 0}
                      aria-label={`Units of ${line.productTitle} to refund`}
                      value={quantities[line.id] ?? 0}
                      onChange={(e) =>
                        setQuantities({
                          ...quantities,
                          [line.id]: Math.max(0, Math.min(left, Number(e.target.value) || 0)),
                        })
                      }
                    />
                  </td>
                  <td>
                    <label className="checkbox">
                      <input
                        type="checkbox"
                        disabled={left === 0}
                        checked={restock[line.id] ?? false}
                        onChange={(e) => setRestock({ ...restock, [line.id]: e.target.checked })}
                      />{' '}
                      <span className="visually-hidden">Restock {line.productTitle}</span>
                    </label>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="field">
          <label htmlFor="refund-amount">Amount ({currency}, optional)</label>
          <input
            id="refund-amount"
            inputMode="decimal"
            value={amountText}
            onChange={(e) => setAmountText(e.target.value)}
            placeholder="Empty: the chosen lines at their value as paid"
          />
        </div>
        <div className="field grow">
          <label htmlFor="refund-reason">Reason (required; the customer sees it)</label>
          <input
            id="refund-reason"
            required
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
        {problem ? (
          <p role="alert" className="error">
            {problem}
          </p>
        ) : null}
        <ErrorMessage error={refund.error} />
        <div className="actions">
          <button type="submit" className="danger" disabled={refund.isPending}>
            Refund
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
    </div>
  );
}
