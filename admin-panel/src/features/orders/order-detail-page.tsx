import { type Order, type OrderTransitionRequest, StaffTransition } from '@shopstream/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { formatDateTime, formatMoney, taxLabel } from '../../lib/format';
import { ErrorMessage, Loading, Notice, PageHeader, StatusBadge } from '../../lib/ui';
import { getOrder, returnsOfOrder, transitionOrder } from './api';
import { RefundDialog } from './refund-dialog';

const actionLabel: Record<StaffTransition, string> = {
  fulfilled: 'Fulfil',
  delivered: 'Mark delivered',
  cancelled: 'Cancel order',
  refunded: 'Refund',
};
const paymentStatusLabel: Record<Order['payment']['status'], string> = {
  awaiting: 'awaiting payment',
  captured: 'captured',
  partially_refunded: 'partially refunded',
  refunded: 'refunded',
  voided: 'voided',
};

export function OrderDetailPage() {
  const { number = '' } = useParams();
  const order = useQuery({ queryKey: ['admin-order', number], queryFn: () => getOrder(number) });
  if (order.isPending) return <Loading />;
  if (order.error) return <ErrorMessage error={order.error} />;
  return <OrderDetail order={order.data} />;
}

function OrderDetail({ order }: { order: Order }) {
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const [carrier, setCarrier] = useState('');
  const [trackingNumber, setTrackingNumber] = useState('');
  const [note, setNote] = useState('');
  const [noteToCustomer, setNoteToCustomer] = useState(false);
  const [refunding, setRefunding] = useState(false);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const returns = useQuery({
    queryKey: ['admin-order-returns', order.number],
    queryFn: () => returnsOfOrder(order.number),
  });
  const noteVisibility = noteToCustomer ? ('customer' as const) : ('internal' as const);
  const transition = useMutation({
    mutationFn: (body: OrderTransitionRequest) => transitionOrder(order.number, body),
    onSuccess: async (updated) => {
      queryClient.setQueryData(['admin-order', order.number], updated);
      setNotice(`Order ${updated.number} is now ${updated.status}.`);
      setNote('');
      setNoteToCustomer(false);
      await queryClient.invalidateQueries({ queryKey: ['admin-orders'] });
      await queryClient.invalidateQueries({ queryKey: ['today-stats'] });
    },
  });
  // Only what the API says is allowed now, and only what staff may ask for; refunds go through the dialog.
  const allowed = order.allowedTransitions.filter(
    (to): to is StaffTransition => StaffTransition.safeParse(to).success && to !== 'refunded',
  );
  const canRefund = order.payment.remaining > 0 && order.status !== 'cancelled';
  const currency = order.totals.currency;
  const address = order.shippingAddress;

  const run = (to: StaffTransition) => {
    if (to === 'cancelled' && !confirmingCancel) return setConfirmingCancel(true);
    setConfirmingCancel(false);
    transition.mutate({ to, note: note.trim() || undefined, noteVisibility });
  };

  return (
    <>
      <PageHeader title={`Order ${order.number}`}>
        <Link to="/orders">Back to orders</Link>
      </PageHeader>
      <p>
        <StatusBadge value={order.status} />
        {order.payment.status === 'partially_refunded' ? (
          <>
            {' '}
            <StatusBadge value="partially refunded" />
          </>
        ) : null}{' '}
        · placed {formatDateTime(order.placedAt)} by {order.email}
      </p>
      {notice ? <Notice>{notice}</Notice> : null}
      <ErrorMessage error={transition.error} />

      <section className="panel" aria-labelledby="actions-heading">
        <h2 id="actions-heading">Actions</h2>
        {allowed.length === 0 ? (
          <p className="muted">No further steps: the order is {order.status}.</p>
        ) : null}
        {allowed.length > 0 ? (
          <div className="field grow">
            <label htmlFor="transition-note">Note for the timeline (optional)</label>
            <input
              id="transition-note"
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={500}
            />
            <label className="checkbox">
              <input
                type="checkbox"
                checked={noteToCustomer}
                onChange={(e) => setNoteToCustomer(e.target.checked)}
              />{' '}
              Send this note to the customer (shown on their order and mailed); otherwise staff only
            </label>
          </div>
        ) : null}
        {allowed.includes('fulfilled') ? (
          <form
            className="filters"
            aria-label="Fulfil"
            onSubmit={(event) => {
              event.preventDefault();
              transition.mutate({
                to: 'fulfilled',
                carrier: carrier.trim(),
                trackingNumber: trackingNumber.trim(),
                note: note.trim() || undefined,
                noteVisibility,
              });
            }}
          >
            <div className="field">
              <label htmlFor="carrier">Carrier</label>
              <input
                id="carrier"
                required
                maxLength={60}
                value={carrier}
                onChange={(e) => setCarrier(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="tracking">Tracking number</label>
              <input
                id="tracking"
                required
                maxLength={60}
                value={trackingNumber}
                onChange={(e) => setTrackingNumber(e.target.value)}
              />
            </div>
            <button
              type="submit"
              className="align-end"
              disabled={transition.isPending || !carrier.trim() || !trackingNumber.trim()}
            >
              {actionLabel.fulfilled}
            </button>
          </form>
        ) : null}
        {confirmingCancel ? (
          <div role="alertdialog" aria-labelledby="confirm-cancel" className="confirm">
            <p id="confirm-cancel">
              Cancel order {order.number}? Its stock returns to inventory
              {order.payment.remaining > 0
                ? ` and ${formatMoney(order.payment.remaining, currency)} is refunded to the customer`
                : ''}
              .
            </p>
            <div className="actions">
              <button type="button" className="danger" onClick={() => run('cancelled')}>
                Yes, cancel the order
              </button>
              <button type="button" className="secondary" onClick={() => setConfirmingCancel(false)}>
                Keep it
              </button>
            </div>
          </div>
        ) : null}
        <div className="actions">
          {canRefund ? (
            <button type="button" className="danger" onClick={() => setRefunding(true)}>
              Refund…
            </button>
          ) : null}
          {allowed
            .filter((to) => to !== 'fulfilled')
            .map((to) => (
              <button
                key={to}
                type="button"
                className={to === 'cancelled' || to === 'refunded' ? 'danger' : undefined}
                disabled={transition.isPending}
                onClick={() => run(to)}
              >
                {actionLabel[to]}
              </button>
            ))}
        </div>
      </section>
      {refunding ? (
        <RefundDialog
          order={order}
          onClose={() => setRefunding(false)}
          onRefunded={(updated) => {
            setRefunding(false);
            setNotice(
              `Refunded. ${formatMoney(updated.payment.refunded, currency)} of ${formatMoney(updated.payment.captured, currency)} refunded so far.`,
            );
          }}
        />
      ) : null}

      <div className="columns">
        <section className="panel" aria-labelledby="shipping-heading">
          <h2 id="shipping-heading">Shipping</h2>
          <address>
            {address.fullName}
            <br />
            {address.line1}
            {address.line2 ? (
              <>
                <br />
                {address.line2}
              </>
            ) : null}
            <br />
            {address.postalCode} {address.city}
            {address.region ? `, ${address.region}` : ''}
            <br />
            {address.country}
            {address.phone ? (
              <>
                <br />
                {address.phone}
              </>
            ) : null}
          </address>
          <p>
            {order.shippingOption.name}
            {order.trackingNumber ? (
              <>
                <br />
                <span data-testid="tracking">
                  {order.carrier} · {order.trackingNumber}
                </span>
              </>
            ) : null}
          </p>
        </section>
        <section className="panel" aria-labelledby="payment-heading">
          <h2 id="payment-heading">Payment</h2>
          <dl className="facts" data-testid="payment">
            <dt>Provider</dt>
            <dd>{order.payment.provider ?? '—'}</dd>
            <dt>Status</dt>
            <dd data-testid="payment-status">{paymentStatusLabel[order.payment.status]}</dd>
            <dt>Card</dt>
            <dd>
              {order.payment.brand} ending in {order.payment.last4}
            </dd>
            <dt>Captured</dt>
            <dd>{formatMoney(order.payment.captured, currency)}</dd>
            <dt>Refunded</dt>
            <dd data-testid="payment-refunded">{formatMoney(order.payment.refunded, currency)}</dd>
            <dt>Remaining</dt>
            <dd>{formatMoney(order.payment.remaining, currency)}</dd>
          </dl>
          {order.discountCode ? <p>Discount code {order.discountCode}</p> : null}
        </section>
      </div>

      <section aria-labelledby="lines-heading">
        <h2 id="lines-heading">Lines</h2>
        <table className="data-table" aria-labelledby="lines-heading">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">SKU</th>
              <th scope="col" className="number">
                Unit price
              </th>
              <th scope="col" className="number">
                Quantity
              </th>
              <th scope="col" className="number">
                Refunded
              </th>
              <th scope="col" className="number">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((line) => (
              <tr key={line.id}>
                <th scope="row">
                  {line.productTitle}
                  {line.variantTitle ? <span className="muted"> — {line.variantTitle}</span> : null}
                </th>
                <td>{line.sku}</td>
                <td className="number">{formatMoney(line.unitPrice, currency)}</td>
                <td className="number">{line.quantity}</td>
                <td className="number">
                  {line.refundedQuantity}
                  {line.restockedQuantity ? (
                    <span className="muted"> ({line.restockedQuantity} restocked)</span>
                  ) : null}
                </td>
                <td className="number">{formatMoney(line.lineTotal, currency)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {(
              [
                ['Subtotal', order.totals.subtotal],
                ...(order.totals.discount > 0 ? [['Discount', -order.totals.discount] as const] : []),
                ['Shipping', order.totals.shipping],
                ...(order.totals.taxIncluded ? [] : [[taxLabel(order.totals), order.totals.tax] as const]),
                ['Total', order.totals.total],
                ...(order.totals.taxIncluded ? [[taxLabel(order.totals), order.totals.tax] as const] : []),
              ] as const
            ).map(([label, amount]) => (
              <tr key={label}>
                <th scope="row" colSpan={5} className="number">
                  {label}
                </th>
                <td className="number">
                  {label === 'Total' ? (
                    <strong>{formatMoney(amount, currency)}</strong>
                  ) : (
                    formatMoney(amount, currency)
                  )}
                </td>
              </tr>
            ))}
          </tfoot>
        </table>
      </section>

      {returns.data?.items.length ? (
        <section aria-labelledby="returns-heading">
          <h2 id="returns-heading">Returns</h2>
          <ul className="plain">
            {returns.data.items.map((ret) => (
              <li key={ret.id}>
                <StatusBadge value={ret.status} /> {formatDateTime(ret.requestedAt)} ·{' '}
                {ret.lines.map((line) => `${line.quantity} × ${line.productTitle}`).join(', ')} — {ret.reason}{' '}
                · <Link to="/returns">returns queue</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <ol className="timeline">
          {order.timeline.map((entry) => (
            <li key={entry.id}>
              <strong>{entry.from ? `${entry.from} → ${entry.to}` : entry.to}</strong> ·{' '}
              {formatDateTime(entry.at)} · {entry.actor.email ?? entry.actor.type}
              {entry.note ? (
                <span className="muted">
                  {' '}
                  — {entry.note} ({entry.noteVisibility === 'customer' ? 'sent to the customer' : 'internal'})
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
