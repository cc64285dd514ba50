import type { CartLine, CheckoutRequest, Order } from '@shopstream/contracts';
import { AppError, ErrorCode, ServiceUnavailable, ValidationFailed } from '@shopstream/server-kit';
import {
  type CardPaymentProvider,
  cardBrandOf,
  type IntentPaymentProvider,
  isIntentProvider,
} from '../payments/provider';
import { computeTotals, discountAmount, discountProblem } from '../pricing/service';
import type { Actor, OrderContext } from './context';
import { checkoutScope, fingerprint } from './fingerprint';
import { orderById } from './get-order';
import { abandonOrder, markPaid } from './mark-paid';
import { toOrder } from './order-view';
import type { OrderRow } from './repository';

const REPLAY_WAIT_MS = 15_000;
/**
 * A claimed key with no order after this long belongs to a request that died before writing its order (a
 * checkout's reserve-and-write transaction takes milliseconds; its statements time out long before this).
 */
const STALE_CLAIM_SECONDS = 60;

const outOfStock = (sku: string, variantId: string, available: number) =>
  new AppError(
    ErrorCode.OutOfStock,
    available > 0 ? `Only ${available} left of ${sku}` : `${sku} is out of stock`,
    { extra: { variantId, available } },
  );

/** Units wanted per variant, with what the cart read saw of it. */
function neededOf(lines: CartLine[]) {
  const needed = new Map<string, { quantity: number; sku: string; available: number; sellable: boolean }>();
  for (const line of lines) {
    const entry = needed.get(line.variantId) ?? {
      quantity: 0,
      sku: line.sku,
      available: line.available,
      sellable: line.availability !== 'unavailable',
    };
    entry.quantity += line.quantity;
    needed.set(line.variantId, entry);
  }
  return needed;
}

interface Claim {
  cartId: string;
  discountCodeId: string | null;
  userId: string | null;
  scope: string;
  key: string;
}

/**
 * One transaction: the order (with its timeline's first step and its key's link) and its lines are written, then
 * stock is reserved with one conditional update (the hot rows are locked last, for as short as possible), and
 * the discount redeemed. Any refusal rolls it all back.
 */
async function reserveAndPlace(ctx: OrderContext, claim: Claim, body: CheckoutRequest, actor: Actor) {
  const country = body.shippingAddress.country;
  const option = await ctx.shipping.option(body.shippingOptionId, country);
  if (!option) {
    throw ValidationFailed([
      { field: 'body.shippingOptionId', message: `is not a shipping option to ${country}` },
    ]);
  }
  const rule = claim.discountCodeId ? await ctx.discounts.findRule(claim.discountCodeId) : null;
  const taxMode = await ctx.pricing.taxMode(country);

  return ctx.withTransaction(async (tx) => {
    const lines = await ctx.carts.lines(tx, claim.cartId);
    if (lines.length === 0) throw new AppError(ErrorCode.CartEmpty, 'The cart is empty');
    const needed = neededOf(lines);
    // Refuse early what is plainly gone, before taking any lock.
    for (const [variantId, entry] of needed) {
      if (!entry.sellable || entry.available < entry.quantity)
        throw outOfStock(entry.sku, variantId, entry.sellable ? entry.available : 0);
    }

    const currency = lines[0]!.currency;
    const subtotal = lines.reduce((sum, line) => sum + line.lineTotal, 0);
    let discount = 0;
    if (rule) {
      const problem = discountProblem(rule, subtotal, currency);
      if (problem)
        throw new AppError(
          ErrorCode.DiscountNotApplicable,
          `${problem}: remove the code ${rule.code} to continue`,
        );
      discount = discountAmount(rule, subtotal);
    }
    const { totals } = computeTotals({
      lineTotals: lines.map((line) => line.lineTotal),
      discount,
      currency,
      shipping: option,
      tax: taxMode,
    });
    const card = body.payment?.cardNumber.replace(/\s+/g, '') ?? null;
    const row = await ctx.repository.insertPending(
      tx,
      {
        userId: claim.userId,
        email: body.email.toLowerCase(),
        currency,
        subtotal: totals.subtotal,
        discount: totals.discount,
        shipping: totals.shipping,
        tax: totals.tax,
        total: totals.total,
        taxIncluded: totals.taxIncluded,
        taxRateBasisPoints: totals.taxRateBasisPoints,
        discountCodeId: rule?.id ?? null,
        discountCode: rule?.code ?? null,
        shippingOptionId: option.id,
        shippingOptionName: option.name,
        shippingAddress: { line2: null, region: null, phone: null, ...body.shippingAddress },
        // With an intent provider the card stays in its form: the brand names the provider, no digits.
        cardBrand: card ? cardBrandOf(card) : (ctx.payments.name ?? 'card'),
        cardLast4: card ? card.slice(-4) : '',
        paymentProvider: ctx.payments.name ?? 'test',
        cartId: claim.cartId,
        checkoutId: body.checkoutId ?? null,
      },
      ctx.options.reservationTtlMinutes,
      { actor, note: 'Order placed; stock reserved until payment', scope: claim.scope, key: claim.key },
    );
    const orderLines = await ctx.repository.insertLines(
      tx,
      row.id,
      lines.map((line, position) => ({
        variantId: line.variantId,
        productId: line.productId,
        sku: line.sku,
        productTitle: line.productTitle,
        variantTitle: line.variantTitle,
        options: line.options,
        unitPrice: line.unitPrice,
        quantity: line.quantity,
        lineTotal: line.lineTotal,
        position,
      })),
    );

    const short = await ctx.inventory.reserve(
      tx,
      [...needed].map(([variantId, { quantity }]) => ({ variantId, quantity })),
    );
    if (short) throw outOfStock(needed.get(short.variantId)!.sku, short.variantId, short.available);
    if (rule && !(await ctx.discounts.redeem(tx, rule.id)))
      throw new AppError(ErrorCode.DiscountNotApplicable, `The code ${rule.code} has been used up`);
    return { row, lines: orderLines };
  });
}

async function chargeWithRetry(
  ctx: OrderContext,
  provider: CardPaymentProvider,
  row: OrderRow,
  card: NonNullable<CheckoutRequest['payment']>,
) {
  const attempts = ctx.options.paymentAttempts ?? 3;
  for (let attempt = 1; ; attempt += 1) {
    const result = await provider.charge({
      orderId: row.id,
      amount: row.total,
      currency: row.currency,
      card: { number: card.cardNumber, expMonth: card.expMonth, expYear: card.expYear, cvc: card.cvc },
    });
    if (result.outcome !== 'retryable_error' || attempt >= attempts) return result;
    await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
  }
}

/**
 * Waits for the Idempotency-Key: claims it (answers null), or answers the order an earlier request with the
 * same key and body placed. The same key with another body, or one still in progress after a while, is refused.
 */
async function claimKey(ctx: OrderContext, scope: string, key: string, hash: string): Promise<Order | null> {
  const started = Date.now();
  for (;;) {
    if (await ctx.repository.claimCheckoutKey(scope, key, hash)) return null;
    const existing = await ctx.repository.findCheckoutKey(scope, key);
    if (!existing) continue;
    if (existing.requestHash !== hash) {
      throw new AppError(
        ErrorCode.IdempotencyKeyReused,
        'This Idempotency-Key was used for a different checkout; use a new key',
      );
    }
    if (
      !existing.orderId &&
      Date.now() - existing.createdAt.getTime() > STALE_CLAIM_SECONDS * 1000 &&
      (await ctx.repository.takeOverStaleCheckoutKey(scope, key, hash, STALE_CLAIM_SECONDS))
    ) {
      return null;
    }
    if (existing.completedAt && existing.orderId) {
      const order = await orderById(ctx, existing.orderId);
      if (order) return order;
    }
    if (Date.now() - started > REPLAY_WAIT_MS) {
      throw new AppError(
        ErrorCode.CheckoutInProgress,
        'A checkout with this Idempotency-Key is still in progress; retry shortly',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A placed order with what the storefront needs to complete its payment in the provider's form. */
export type PlacedOrder = Order & { clientSecret: string | null };

/** The same PaymentIntent for every ask about an order (one idempotency key per order). */
const intentOf = (
  provider: IntentPaymentProvider,
  order: { id: string; number: string; total: number; currency: string; email: string },
) =>
  provider.createIntent({
    orderId: order.id,
    orderNumber: order.number,
    amount: order.total,
    currency: order.currency,
    email: order.email,
    idempotencyKey: `order-${order.id}`,
  });

/**
 * With an intent provider (Stripe) the checkout ends once the order holds its stock and has a PaymentIntent:
 * it answers the client secret and the order stays pending; the provider's webhook (or the reconciling
 * sweeper) marks it paid, whether or not the shopper comes back. Answers the order as it is by then: a
 * webhook may already have paid it.
 */
async function startIntent(
  ctx: OrderContext,
  provider: IntentPaymentProvider,
  row: OrderRow,
): Promise<PlacedOrder> {
  let intent: Awaited<ReturnType<typeof intentOf>>;
  try {
    intent = await intentOf(provider, row);
  } catch (error) {
    ctx.log.error({ err: error, order: row.number }, 'cannot create the payment at the provider');
    await abandonOrder(ctx, row.id);
    throw ServiceUnavailable(
      'The payment provider cannot be reached just now. Nothing was charged; please try again.',
      5,
    );
  }
  await ctx.repository.setPaymentReference(row.id, intent.reference);
  // The request is answered: a replay of its key gets this order and its client secret at once.
  await ctx.withTransaction((tx) => ctx.repository.completeCheckoutKey(tx, row.id));
  const order = await orderById(ctx, row.id);
  if (!order) throw new Error(`order ${row.number} vanished after its checkout`);
  return { ...order, clientSecret: intent.clientSecret };
}

/** Card details come with the test provider and never with an intent provider, whose form takes them. */
function checkPaymentFields(ctx: OrderContext, body: CheckoutRequest) {
  if (isIntentProvider(ctx.payments) && body.payment)
    throw ValidationFailed([
      {
        field: 'body.payment',
        message: 'must be left out: the card is entered in the payment provider’s form',
      },
    ]);
  if (!isIntentProvider(ctx.payments) && !body.payment)
    throw ValidationFailed([{ field: 'body.payment', message: 'is required' }]);
}

/**
 * Checkout: claim the idempotency key, reserve stock and write the order in one transaction, charge, then
 * mark it paid (or give everything back). Answers the order and whether it is a replay of an earlier call.
 */
export async function placeOrder(
  ctx: OrderContext,
  caller: { userId: string | null; token: string | null },
  key: string,
  body: CheckoutRequest,
): Promise<{ order: PlacedOrder; replayed: boolean }> {
  checkPaymentFields(ctx, body);
  const cart = (await ctx.carts.resolve({ userId: caller.userId, token: caller.token }, false)).value;
  const scope = checkoutScope(caller);
  if (!scope) throw new AppError(ErrorCode.CartEmpty, 'The cart is empty');
  const replay = await claimKey(ctx, scope, key, fingerprint(body));
  if (replay) {
    const provider = ctx.payments;
    const clientSecret =
      isIntentProvider(provider) && replay.status === 'pending'
        ? (
            await intentOf(provider, {
              ...replay,
              total: replay.totals.total,
              currency: replay.totals.currency,
            })
          ).clientSecret
        : null;
    return { order: { ...replay, clientSecret }, replayed: true };
  }
  const email = caller.userId ? await ctx.emailOf(caller.userId) : null;

  let placed: Awaited<ReturnType<typeof reserveAndPlace>>;
  try {
    if (!cart) throw new AppError(ErrorCode.CartEmpty, 'The cart is empty');
    placed = await reserveAndPlace(
      ctx,
      { cartId: cart.id, discountCodeId: cart.discountCodeId, userId: caller.userId, key, scope },
      body,
      { type: 'customer', id: caller.userId, email: email ?? body.email.toLowerCase() },
    );
  } catch (error) {
    await ctx.repository.releaseCheckoutKey(scope, key);
    throw error;
  }
  const { row } = placed;

  const provider = ctx.payments;
  if (isIntentProvider(provider)) return { order: await startIntent(ctx, provider, row), replayed: false };
  if (!body.payment) throw new Error('unreachable: checkPaymentFields requires the card');

  let result: Awaited<ReturnType<typeof chargeWithRetry>>;
  try {
    result = await chargeWithRetry(ctx, provider, row, body.payment);
  } catch (error) {
    await abandonOrder(ctx, row.id);
    throw error;
  }
  if (result.outcome === 'declined') {
    await abandonOrder(ctx, row.id);
    throw new AppError(
      ErrorCode.PaymentDeclined,
      `${result.message} Nothing was charged; try another card.`,
      {
        extra: { retryable: false },
      },
    );
  }
  if (result.outcome === 'retryable_error') {
    await abandonOrder(ctx, row.id);
    throw ServiceUnavailable(`${result.message} Nothing was charged; please try again.`, 2);
  }
  const paid = await markPaid(
    ctx,
    { orderId: row.id, cartId: cart.id, lines: placed.lines },
    result.reference,
  );
  if (!paid) {
    // The reservation expired while the processor answered: give the money back rather than sell stock we no longer hold.
    await provider.refund({
      reference: result.reference,
      amount: row.total,
      currency: row.currency,
      idempotencyKey: `expired:${row.id}`,
      reason: 'The reservation expired before the payment completed',
    });
    ctx.log.warn({ order: row.number }, 'payment arrived after the reservation expired; refunded');
    throw new AppError(
      ErrorCode.ReservationExpired,
      'The reservation expired before the payment completed; nothing was charged',
    );
  }
  return {
    order: { ...toOrder(paid.row, paid.lines, await ctx.repository.eventsOf(row.id)), clientSecret: null },
    replayed: false,
  };
}
