import type { Transaction } from '../../db/transaction';
import { isIntentProvider, type ProviderEvent } from '../payments/provider';
import { type OrderContext, SYSTEM } from './context';
import { markPaidIn } from './mark-paid';
import { recordChange, releaseReservation } from './order-changes';
import { addressOf } from './order-view';
import type { OrderRow } from './repository';

/** What became of an order when the provider told us how its payment went. */
export type PaymentOutcome =
  | 'paid'
  | 'paid_late'
  | 'refunded_late'
  /** Paid late, the stock gone, and the provider refused the automatic refund: staff are told on the timeline. */
  | 'late_refund_refused'
  | 'cancelled'
  | 'recorded'
  | 'unchanged'
  | 'mismatch'
  | 'unknown_order';

const major = (amount: number, currency: string) => {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits;
  return `${(amount / 10 ** (digits ?? 2)).toFixed(digits ?? 2)} ${currency}`;
};

/** A line on the timeline that changes no status (refunds and disputes the provider reports). */
const note = (ctx: OrderContext, tx: Transaction, row: OrderRow, text: string) =>
  recordChange(ctx, tx, { orderId: row.id, from: row.status, to: row.status, actor: SYSTEM, note: text });

/**
 * The provider captured the payment. Pending: the order is paid. Cancelled because its reservation expired
 * (or an earlier attempt failed), never paid: it is honoured when the stock is still there (reserved again, then
 * taken), otherwise the payment is refunded in full at once; either way the timeline says so. Already paid:
 * nothing changes (the webhook and the reconciling sweeper may both report it).
 */
export async function settlePaid(
  ctx: OrderContext,
  tx: Transaction,
  row: OrderRow,
  payment: { reference: string; amount: number; currency: string },
): Promise<PaymentOutcome> {
  if (row.status !== 'pending' && row.status !== 'cancelled') return 'unchanged';
  // Paid once already, then cancelled by staff with its payment refunded: this success is old news (the sweeper
  // settled it before the webhook came). Honouring it again would take the stock twice and count it paid again.
  if (row.status === 'cancelled' && row.paidAt) return 'unchanged';
  if (payment.amount !== row.total || payment.currency !== row.currency) {
    await note(
      ctx,
      tx,
      row,
      `The provider captured ${major(payment.amount, payment.currency)} for an order of ${major(row.total, row.currency)}: not marked paid, check the payment`,
    );
    return 'mismatch';
  }
  if (row.status === 'pending') {
    await markPaidIn(ctx, tx, { orderId: row.id, cartId: null, reference: payment.reference });
    return 'paid';
  }

  // Late: the reservation ran out before the payment completed. A savepoint, so a partial re-reservation
  // (one variant held, the next one short) is undone before the refund is recorded.
  const reserved = await tx
    .transaction(async (savepoint) => {
      const short = await ctx.inventory.reserve(
        savepoint,
        await ctx.repository.quantitiesOf(savepoint, row.id),
      );
      if (short) throw new StockGone();
      if (row.discountCodeId) await ctx.discounts.redeem(savepoint, row.discountCodeId);
      return true;
    })
    .catch((error: unknown) => {
      if (error instanceof StockGone) return false;
      throw error;
    });
  if (reserved) {
    await markPaidIn(ctx, tx, {
      orderId: row.id,
      cartId: null,
      reference: payment.reference,
      from: 'cancelled',
      note: 'Payment arrived after the reservation had expired; the stock was still there, so the order is honoured',
    });
    return 'paid_late';
  }
  // One idempotency key per order: a redelivered webhook (its first try rolled back) refunds once.
  const refund = await ctx.payments.refund({
    reference: payment.reference,
    amount: payment.amount,
    currency: payment.currency,
    idempotencyKey: `late-refund-${row.id}`,
    reason: 'Paid after the reservation expired, when the stock was gone',
  });
  if (refund.outcome === 'failed') {
    await note(
      ctx,
      tx,
      row,
      `Payment of ${major(payment.amount, payment.currency)} arrived after the reservation had expired and the stock was gone; the automatic refund was refused (${refund.message}): refund it by hand`,
    );
    return 'late_refund_refused';
  }
  await note(
    ctx,
    tx,
    row,
    `Payment of ${major(payment.amount, payment.currency)} arrived after the reservation had expired and the stock was gone: refunded in full automatically`,
  );
  // The shopper paid for an order that no longer exists: they hear of the refund at once.
  await ctx.mail?.orderChanged(tx, 'refunded', { ...row, shippingAddress: addressOf(row) });
  ctx.log.warn({ order: row.number }, 'payment arrived after the reservation expired, stock gone; refunded');
  return 'refunded_late';
}

class StockGone extends Error {}

/** The payment failed or was cancelled at the provider: a pending order gives its stock back and is cancelled. */
export async function settleUnpaid(
  ctx: OrderContext,
  tx: Transaction,
  row: OrderRow,
  why: string,
): Promise<PaymentOutcome> {
  // A failure reported after the success (out of order, or an earlier attempt) changes nothing.
  if (row.status !== 'pending') return 'unchanged';
  await releaseReservation(ctx, tx, row);
  await ctx.repository.setStatus(tx, row.id, 'cancelled');
  await recordChange(ctx, tx, {
    orderId: row.id,
    from: 'pending',
    to: 'cancelled',
    actor: SYSTEM,
    note: `${why}; stock released`,
  });
  await ctx.repository.completeCheckoutKey(tx, row.id);
  return 'cancelled';
}

/** Applies one verified provider event to its order, in the caller's transaction (the one recording the event). */
export async function applyPaymentEvent(
  ctx: OrderContext,
  tx: Transaction,
  event: ProviderEvent,
): Promise<{ orderId: string | null; outcome: PaymentOutcome }> {
  if (event.kind === 'ignored') return { orderId: null, outcome: 'unchanged' };
  const row =
    (event.orderId ? await ctx.repository.lockById(tx, event.orderId) : undefined) ??
    (event.reference ? await ctx.repository.lockByPaymentReference(tx, event.reference) : undefined);
  if (!row) return { orderId: null, outcome: 'unknown_order' };
  // Another payment than the one this order created (a stale PaymentIntent) does not settle it.
  if (row.paymentReference && event.reference && row.paymentReference !== event.reference) {
    await note(ctx, tx, row, `Ignored ${event.type} of another payment (${event.reference})`);
    return { orderId: row.id, outcome: 'recorded' };
  }
  const outcome = await (async (): Promise<PaymentOutcome> => {
    switch (event.kind) {
      case 'payment_succeeded':
        return settlePaid(ctx, tx, row, {
          reference: event.reference ?? row.paymentReference ?? '',
          amount: event.amount,
          currency: event.currency,
        });
      case 'payment_failed':
        return settleUnpaid(ctx, tx, row, `Payment failed: ${event.message.slice(0, 200)}`);
      case 'payment_canceled':
        return settleUnpaid(ctx, tx, row, 'Payment cancelled at the provider');
      case 'charge_succeeded':
        // The card's brand and last digits, for the order page (Stripe knows them; we never saw the card).
        if (event.brand && event.last4)
          await ctx.repository.setCard(tx, row.id, { brand: event.brand, last4: event.last4 });
        return 'recorded';
      case 'charge_refunded':
        await note(
          ctx,
          tx,
          row,
          `The provider reports ${major(event.amountRefunded, event.currency)} refunded on this payment in all`,
        );
        return 'recorded';
      case 'dispute':
        await note(
          ctx,
          tx,
          row,
          event.closed
            ? `Dispute closed (${event.status}) over ${major(event.amount, event.currency)}`
            : `Dispute opened over ${major(event.amount, event.currency)}: ${event.reason}; respond at the provider`,
        );
        return 'recorded';
    }
  })();
  return { orderId: row.id, outcome };
}

/**
 * The sweeper's question for an order whose webhook has not come: what the provider says of its payment.
 * Only terminal answers change the order; one still in progress (or awaiting the shopper) waits.
 */
export function reconcileAction(state: {
  status: string;
  amountReceived: number;
  currency: string;
  failure: string | null;
}): { kind: 'paid' } | { kind: 'unpaid'; why: string } | { kind: 'wait' } {
  if (state.status === 'succeeded') return { kind: 'paid' };
  if (state.status === 'canceled') return { kind: 'unpaid', why: 'Payment cancelled at the provider' };
  return { kind: 'wait' };
}

/**
 * Asks the provider about pending orders placed more than `afterSeconds` ago, for the webhooks that never
 * came (an endpoint down for longer than the provider retries, a misconfigured secret). Answers how many
 * orders changed.
 */
export async function reconcilePayments(ctx: OrderContext, afterSeconds: number, now = new Date()) {
  const provider = ctx.payments;
  if (!isIntentProvider(provider)) return 0;
  let changed = 0;
  const due = await ctx.repository.pendingOfProvider(
    provider.name,
    new Date(now.getTime() - afterSeconds * 1000),
    100,
  );
  for (const { id, paymentReference } of due) {
    if (!paymentReference) continue;
    let state: Awaited<ReturnType<typeof provider.retrieveIntent>>;
    try {
      state = await provider.retrieveIntent(paymentReference);
    } catch (error) {
      ctx.log.warn({ err: error, orderId: id }, 'cannot ask the payment provider about a pending order');
      continue;
    }
    const action = reconcileAction(state);
    if (action.kind === 'wait') continue;
    const outcome = await ctx.withTransaction(async (tx) => {
      const row = await ctx.repository.lockById(tx, id);
      if (!row) return 'unchanged';
      return action.kind === 'paid'
        ? settlePaid(ctx, tx, row, {
            reference: state.reference,
            amount: state.amountReceived,
            currency: state.currency,
          })
        : settleUnpaid(ctx, tx, row, action.why);
    });
    if (outcome !== 'unchanged') changed += 1;
  }
  return changed;
}
