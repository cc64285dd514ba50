import type { Order } from '@shopstream/contracts/orders';
import { countryName } from '@/features/account/components/address-form';
import { formatMoney, taxLabel } from '@/lib/money';
import { formatDateTime, STATUS_LABEL } from '../status';
import { StatusBadge } from './status-badge';

/** An order's lines, totals, address, shipment and timeline; shown in the account and on confirmation. */
export function OrderDetails({ order }: { order: Order }) {
  const money = (amount: number) => formatMoney(amount, order.totals.currency);
  const address = order.shippingAddress;
  return (
    <div className="mt-6 grid gap-6 lg:grid-cols-[1fr_20rem]">
      <div className="space-y-6">
        <section aria-labelledby="order-lines" className="rounded-lg border border-slate-200 p-5">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="order-lines" className="text-lg font-semibold">
              Items
            </h2>
            <StatusBadge status={order.status} />
          </div>
          <ul className="mt-3 divide-y divide-slate-200 text-sm">
            {order.lines.map((line) => (
              <li key={line.id} className="flex justify-between gap-3 py-3">
                <div>
                  <p className="font-medium">{line.productTitle}</p>
                  <p className="text-slate-700">
                    {line.variantTitle ? `${line.variantTitle} · ` : ''}
                    {line.quantity} × {money(line.unitPrice)}
                  </p>
                </div>
                <p className="font-semibold tabular-nums">{money(line.lineTotal)}</p>
              </li>
            ))}
          </ul>
          <dl className="mt-3 space-y-1 border-t border-slate-200 pt-3 text-sm">
            <div className="flex justify-between">
              <dt>Subtotal</dt>
              <dd className="tabular-nums">{money(order.totals.subtotal)}</dd>
            </div>
            {order.totals.discount > 0 && (
              <div className="flex justify-between text-green-800">
                <dt>Discount{order.discountCode ? ` (${order.discountCode})` : ''}</dt>
                <dd className="tabular-nums">−{money(order.totals.discount)}</dd>
              </div>
            )}
            <div className="flex justify-between">
              <dt>Shipping ({order.shippingOption.name})</dt>
              <dd className="tabular-nums">
                {order.totals.shipping === 0 ? 'Free' : money(order.totals.shipping)}
              </dd>
            </div>
            {!order.totals.taxIncluded && (
              <div className="flex justify-between" data-testid="order-tax">
                <dt>{taxLabel(order.totals)}</dt>
                <dd className="tabular-nums">{money(order.totals.tax)}</dd>
              </div>
            )}
            <div className="flex justify-between text-base font-semibold">
              <dt>Total</dt>
              <dd className="tabular-nums" data-testid="order-total">
                {money(order.totals.total)}
              </dd>
            </div>
            {order.totals.taxIncluded && (
              <div className="flex justify-between text-slate-700" data-testid="order-tax">
                <dt>{taxLabel(order.totals)}</dt>
                <dd className="tabular-nums">{money(order.totals.tax)}</dd>
              </div>
            )}
          </dl>
        </section>
        <section aria-labelledby="order-timeline" className="rounded-lg border border-slate-200 p-5">
          <h2 id="order-timeline" className="text-lg font-semibold">
            Timeline
          </h2>
          <ol className="mt-3 space-y-3 border-l-2 border-slate-300 pl-4 text-sm" aria-label="Order timeline">
            {order.timeline.map((entry) => (
              <li key={entry.id}>
                <p className="font-medium">{STATUS_LABEL[entry.to]}</p>
                <p className="text-slate-700">
                  <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                  {entry.note ? ` · ${entry.note}` : ''}
                </p>
              </li>
            ))}
          </ol>
        </section>
      </div>
      <div className="space-y-6 text-sm">
        <section aria-labelledby="order-shipment" className="rounded-lg bg-slate-50 p-5">
          <h2 id="order-shipment" className="font-semibold">
            Shipment
          </h2>
          {order.trackingNumber ? (
            <p className="mt-2" data-testid="tracking-number">
              {order.carrier ?? 'Carrier'} tracking number: <strong>{order.trackingNumber}</strong>
            </p>
          ) : (
            <p className="mt-2 text-slate-700">A tracking number appears here once the parcel ships.</p>
          )}
          <h3 className="mt-4 font-semibold">Ships to</h3>
          <address className="mt-1 not-italic">
            {address.fullName}
            <br />
            {address.line1}
            {address.line2 && (
              <>
                <br />
                {address.line2}
              </>
            )}
            <br />
            {address.postalCode} {address.city}
            <br />
            {countryName(address.country)}
          </address>
        </section>
        <section aria-labelledby="order-payment" className="rounded-lg bg-slate-50 p-5">
          <h2 id="order-payment" className="font-semibold">
            Payment
          </h2>
          <p className="mt-2">
            <span className="capitalize">{order.payment.brand}</span>
            {/* Stripe tells the card's digits only once it has charged it. */}
            {order.payment.last4 ? ` ending in ${order.payment.last4}` : ''}
          </p>
          {order.payment.refunded > 0 ? (
            <p className="mt-1" data-testid="refunded">
              {order.payment.status === 'refunded' ? 'Refunded in full' : 'Partially refunded'}:{' '}
              {money(order.payment.refunded)} of {money(order.payment.captured)}
            </p>
          ) : null}
          <p className="mt-1 text-slate-700">Confirmation sent to {order.email}</p>
        </section>
      </div>
    </div>
  );
}
