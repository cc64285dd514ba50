import { createHash } from 'node:crypto';
import {
  type AdminOrderListQuery,
  type CheckoutRequest,
  type MyOrderListQuery,
  ORDER_TRANSITIONS,
  type Order,
  type OrderList,
  type OrderStatus,
  type OrderTransitionRequest,
  type TodayStats,
} from '@shopstream/contracts';
import { AppError, ErrorCode, NotFound, ServiceUnavailable, ValidationFailed } from '@shopstream/server-kit';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { type CartService, readCartLines } from '../carts/service';
import type { DiscountService } from '../discounts/service';
import { enqueueOrderEvent, type OrderForEvent, type OrderTopic } from '../outbox/events';
import { cardBrandOf, type PaymentProvider } from '../payments/provider';
import { computeTotals, discountAmount, discountProblem } from '../shipping/pricing';
import type { ShippingService } from '../shipping/service';
import { assertTransition } from './state-machine';

export interface Actor {
  type: 'customer' | 'staff' | 'system';
  id: string | null;
  email: string | null;
}

interface OrderRow {
  id: string;
  number: string;
  userId: string | null;
  email: string;
  status: OrderStatus;
  currency: string;
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  total: number;
  discountCodeId: string | null;
  discountCode: string | null;
  shippingOptionId: string;
  shippingOptionName: string;
  shippingAddress: Order['shippingAddress'];
  carrier: string | null;
  trackingNumber: string | null;
  cardBrand: string;
  cardLast4: string;
  paymentReference: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const ORDER_COLUMNS = `id, number, user_id as "userId", email, status, currency, subtotal, discount, shipping, tax, total,
  discount_code_id as "discountCodeId", discount_code as "discountCode", shipping_option_id as "shippingOptionId",
  shipping_option_name as "shippingOptionName", shipping_address as "shippingAddress", carrier,
  tracking_number as "trackingNumber", card_brand as "cardBrand", card_last4 as "cardLast4",
  payment_reference as "paymentReference", created_at as "createdAt", updated_at as "updatedAt"`;

type Line = Order['lines'][number];

const Cursor = z.object({ t: z.iso.datetime(), id: z.uuid() });
function decodeCursor(cursor: string | undefined) {
  if (!cursor) return null;
  try {
    return Cursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw ValidationFailed([{ field: 'querystring.cursor', message: 'is not a cursor of this list' }]);
  }
}
const encodeCursor = (row: { createdAt: Date; id: string }) =>
  Buffer.from(JSON.stringify({ t: row.createdAt.toISOString(), id: row.id })).toString('base64url');

const outOfStock = (sku: string, variantId: string, available: number) =>
  new AppError(
    ErrorCode.OutOfStock,
    available > 0 ? `Only ${available} left of ${sku}` : `${sku} is out of stock`,
    { extra: { variantId, available } },
  );

/** A stable fingerprint of a checkout body: the same key with another body is refused. */
const fingerprint = (value: unknown) => {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(sorted(value)))
    .digest('hex');
};

export interface OrderServiceOptions {
  reservationTtlMinutes: number;
  /** Charge attempts for a retryable processor error. */
  paymentAttempts?: number;
}

export function createOrderService(
  pool: pg.Pool,
  deps: {
    carts: CartService;
    discounts: DiscountService;
    shipping: ShippingService;
    payments: PaymentProvider;
    log: FastifyBaseLogger;
  },
  options: OrderServiceOptions,
) {
  const { carts, shipping, payments, log } = deps;

  async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async function linesOf(db: Pick<pg.Pool, 'query'>, orderIds: string[]) {
    const { rows } = await db.query<Line & { orderId: string }>(
      `select id, order_id as "orderId", variant_id as "variantId", product_id as "productId", sku,
         product_title as "productTitle", variant_title as "variantTitle", options, unit_price as "unitPrice",
         quantity, line_total as "lineTotal"
       from order_lines where order_id = any($1) order by position, id`,
      [orderIds],
    );
    return rows;
  }

  async function assemble(row: OrderRow): Promise<Order> {
    const [lines, events] = await Promise.all([
      linesOf(pool, [row.id]),
      pool.query<{
        id: string;
        from: OrderStatus | null;
        to: OrderStatus;
        actorType: Actor['type'];
        actorId: string | null;
        actorEmail: string | null;
        note: string | null;
        at: Date;
      }>(
        `select id, from_status as "from", to_status as "to", actor_type as "actorType", actor_id as "actorId",
           actor_email as "actorEmail", note, created_at as at
         from order_events where order_id = $1 order by created_at, id`,
        [row.id],
      ),
    ]);
    return {
      id: row.id,
      number: row.number,
      status: row.status,
      email: row.email,
      customerId: row.userId,
      lines: lines.map(({ orderId: _orderId, ...line }) => line),
      totals: {
        subtotal: row.subtotal,
        discount: row.discount,
        shipping: row.shipping,
        tax: row.tax,
        total: row.total,
        currency: row.currency,
      },
      discountCode: row.discountCode,
      shippingAddress: {
        fullName: row.shippingAddress.fullName ?? '',
        line1: row.shippingAddress.line1 ?? '',
        line2: row.shippingAddress.line2 ?? null,
        city: row.shippingAddress.city ?? '',
        region: row.shippingAddress.region ?? null,
        postalCode: row.shippingAddress.postalCode ?? '',
        country: row.shippingAddress.country ?? '',
        phone: row.shippingAddress.phone ?? null,
      },
      shippingOption: { id: row.shippingOptionId, name: row.shippingOptionName },
      carrier: row.carrier,
      trackingNumber: row.trackingNumber,
      payment: { brand: row.cardBrand, last4: row.cardLast4, reference: row.paymentReference },
      timeline: events.rows.map((event) => ({
        id: event.id,
        from: event.from,
        to: event.to,
        actor: { type: event.actorType, id: event.actorId, email: event.actorEmail },
        note: event.note,
        at: event.at.toISOString(),
      })),
      allowedTransitions: ORDER_TRANSITIONS[row.status].filter((s) => s !== 'paid'),
      placedAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  async function orderById(id: string) {
    const { rows } = await pool.query<OrderRow>(`select ${ORDER_COLUMNS} from orders where id = $1`, [id]);
    return rows[0] ? assemble(rows[0]) : null;
  }

  async function record(
    client: pg.PoolClient,
    orderId: string,
    from: OrderStatus | null,
    to: OrderStatus,
    actor: Actor,
    note?: string | null,
  ) {
    await client.query(
      `insert into order_events (order_id, from_status, to_status, actor_type, actor_id, actor_email, note)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [orderId, from, to, actor.type, actor.id, actor.email, note ?? null],
    );
  }

  async function eventOrder(client: pg.PoolClient, row: OrderRow): Promise<OrderForEvent> {
    return { ...row, lines: await linesOf(client, [row.id]) };
  }

  async function publish(client: pg.PoolClient, row: OrderRow, ...topics: OrderTopic[]) {
    const order = await eventOrder(client, row);
    for (const topic of topics) await enqueueOrderEvent(client, topic, order);
  }

  /** Reserved units per variant of an order. */
  async function quantitiesOf(client: pg.PoolClient, orderId: string) {
    const { rows } = await client.query<{ variantId: string; quantity: number }>(
      `select variant_id as "variantId", sum(quantity)::int as quantity from order_lines
       where order_id = $1 and variant_id is not null group by variant_id order by variant_id`,
      [orderId],
    );
    return rows;
  }

  /** Gives a pending order's reservation (and discount redemption) back. */
  async function releaseReservation(client: pg.PoolClient, row: OrderRow) {
    for (const { variantId, quantity } of await quantitiesOf(client, row.id)) {
      await client.query('update variants set stock_reserved = stock_reserved - $2 where id = $1', [
        variantId,
        quantity,
      ]);
    }
    if (row.discountCodeId) {
      await client.query('update discount_codes set times_used = greatest(times_used - 1, 0) where id = $1', [
        row.discountCodeId,
      ]);
    }
  }

  interface Placed {
    row: OrderRow;
    cartId: string;
  }

  /**
   * One transaction: the order and its lines are written, then stock is reserved with conditional updates (the
   * hot rows are locked last, for as short as possible), and the discount redeemed. Any refusal rolls it all back.
   */
  async function reserveAndPlace(
    scope: {
      cartId: string;
      discountCodeId: string | null;
      userId: string | null;
      key: string;
      scope: string;
    },
    body: CheckoutRequest,
    actor: Actor,
  ): Promise<Placed> {
    const country = body.shippingAddress.country;
    const option = await shipping.option(body.shippingOptionId, country);
    if (!option) {
      throw ValidationFailed([
        { field: 'body.shippingOptionId', message: `is not a shipping option to ${country}` },
      ]);
    }
    const rule = scope.discountCodeId ? await deps.discounts.findRule(scope.discountCodeId) : null;

    return inTransaction(async (client) => {
      const lines = await readCartLines(client, scope.cartId);
      if (lines.length === 0) throw new AppError(ErrorCode.CartEmpty, 'The cart is empty');
      const needed = new Map<
        string,
        { quantity: number; sku: string; available: number; sellable: boolean }
      >();
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
      const totals = computeTotals({
        subtotal,
        discount,
        currency,
        shipping: option,
        taxRateBasisPoints: shipping.taxRate(country),
        hasItems: true,
      });
      const card = body.payment.cardNumber.replace(/\s+/g, '');
      const { rows } = await client.query<OrderRow>(
        `insert into orders (number, user_id, email, status, currency, subtotal, discount, shipping, tax, total,
           discount_code_id, discount_code, shipping_option_id, shipping_option_name, shipping_address, card_brand,
           card_last4, reserved_until)
         values ('SS-' || nextval('order_number_seq'), $1, $2, 'pending', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
           $14, $15, now() + $16 * interval '1 minute')
         returning ${ORDER_COLUMNS}`,
        [
          scope.userId,
          body.email.toLowerCase(),
          currency,
          totals.subtotal,
          totals.discount,
          totals.shipping,
          totals.tax,
          totals.total,
          rule?.id ?? null,
          rule?.code ?? null,
          option.id,
          option.name,
          JSON.stringify({ line2: null, region: null, phone: null, ...body.shippingAddress }),
          cardBrandOf(card),
          card.slice(-4),
          options.reservationTtlMinutes,
        ],
      );
      const row = rows[0]!;
      await client.query(
        `insert into order_lines (order_id, variant_id, product_id, sku, product_title, variant_title, options,
           unit_price, quantity, line_total, position)
         select $1, x.variant_id, x.product_id, x.sku, x.product_title, x.variant_title, x.options, x.unit_price,
           x.quantity, x.line_total, x.position
         from jsonb_to_recordset($2::jsonb) as x(variant_id uuid, product_id uuid, sku text, product_title text,
           variant_title text, options jsonb, unit_price int, quantity int, line_total int, position int)`,
        [
          row.id,
          JSON.stringify(
            lines.map((line, position) => ({
              variant_id: line.variantId,
              product_id: line.productId,
              sku: line.sku,
              product_title: line.productTitle,
              variant_title: line.variantTitle,
              options: line.options,
              unit_price: line.unitPrice,
              quantity: line.quantity,
              line_total: line.lineTotal,
              position,
            })),
          ),
        ],
      );
      await record(client, row.id, null, 'pending', actor, 'Order placed; stock reserved until payment');
      await client.query('update checkout_requests set order_id = $3 where scope = $1 and key = $2', [
        scope.scope,
        scope.key,
        row.id,
      ]);

      // Sorted, so two checkouts never wait on each other's variants in opposite order; one update per variant,
      // so two lines of the same variant are reserved together.
      for (const [variantId, { quantity, sku }] of [...needed].sort(([a], [b]) => a.localeCompare(b))) {
        const reserved = await client.query<{ available: number }>(
          `update variants set stock_reserved = stock_reserved + $2
           where id = $1 and active and stock_on_hand - stock_reserved >= $2`,
          [variantId, quantity],
        );
        if (!reserved.rowCount) {
          const { rows: left } = await client.query<{ available: number }>(
            'select greatest(stock_on_hand - stock_reserved, 0) as available from variants where id = $1',
            [variantId],
          );
          throw outOfStock(sku, variantId, left[0]?.available ?? 0);
        }
      }
      if (rule) {
        const redeemed = await client.query(
          `update discount_codes set times_used = times_used + 1
           where id = $1 and active and (usage_limit is null or times_used < usage_limit)`,
          [rule.id],
        );
        if (!redeemed.rowCount)
          throw new AppError(ErrorCode.DiscountNotApplicable, `The code ${rule.code} has been used up`);
      }
      return { row, cartId: scope.cartId };
    });
  }

  async function chargeWithRetry(row: OrderRow, card: CheckoutRequest['payment']) {
    const attempts = options.paymentAttempts ?? 3;
    for (let attempt = 1; ; attempt += 1) {
      const result = await payments.charge({
        orderId: row.id,
        amount: row.total,
        currency: row.currency,
        card: { number: card.cardNumber, expMonth: card.expMonth, expYear: card.expYear, cvc: card.cvc },
      });
      if (result.outcome !== 'retryable_error' || attempt >= attempts) return result;
      await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
    }
  }

  /** Payment failed: stock and discount go back and the pending order disappears (the cart never changed). */
  async function abandon(row: OrderRow) {
    await inTransaction(async (client) => {
      const locked = await client.query<OrderRow>(
        `select ${ORDER_COLUMNS} from orders where id = $1 and status = 'pending' for update`,
        [row.id],
      );
      if (!locked.rows[0]) return;
      await releaseReservation(client, locked.rows[0]);
      // Cascades to the lines, the timeline and the idempotency record, which frees the key for another try.
      await client.query('delete from orders where id = $1', [row.id]);
    });
  }

  async function markPaid(placed: Placed, reference: string): Promise<boolean> {
    return inTransaction(async (client) => {
      const { rows } = await client.query<OrderRow>(
        `update orders set status = 'paid', paid_at = now(), payment_reference = $2, reserved_until = null, updated_at = now()
         where id = $1 and status = 'pending' returning ${ORDER_COLUMNS}`,
        [placed.row.id, reference],
      );
      const row = rows[0];
      if (!row) return false;
      for (const { variantId, quantity } of await quantitiesOf(client, row.id)) {
        await client.query(
          'update variants set stock_on_hand = stock_on_hand - $2, stock_reserved = stock_reserved - $2 where id = $1',
          [variantId, quantity],
        );
      }
      await record(
        client,
        row.id,
        'pending',
        'paid',
        { type: 'system', id: null, email: null },
        `Payment captured (${reference})`,
      );
      await publish(client, row, 'placed', 'paid');
      await client.query('delete from carts where id = $1', [placed.cartId]);
      await client.query('update checkout_requests set completed_at = now() where order_id = $1', [row.id]);
      return true;
    });
  }

  const REPLAY_WAIT_MS = 15_000;

  return {
    orderById,

    /**
     * Checkout: claim the idempotency key, reserve stock and write the order in one transaction, charge, then
     * mark it paid (or give everything back). Answers the order and whether it is a replay of an earlier call.
     */
    async checkout(
      caller: { userId: string | null; token: string | null; email: string | null },
      key: string,
      body: CheckoutRequest,
    ): Promise<{ order: Order; replayed: boolean }> {
      const resolved = await carts.resolve({ userId: caller.userId, token: caller.token }, false);
      const cart = resolved.value;
      const scope = caller.userId
        ? `user:${caller.userId}`
        : caller.token
          ? `guest:${createHash('sha256').update(caller.token).digest('hex')}`
          : null;
      if (!scope) throw new AppError(ErrorCode.CartEmpty, 'The cart is empty');
      const hash = fingerprint(body);
      const started = Date.now();

      for (;;) {
        const claimed = await pool.query(
          `insert into checkout_requests (scope, key, request_hash) values ($1, $2, $3) on conflict do nothing`,
          [scope, key, hash],
        );
        if (claimed.rowCount) break;
        const existing = (
          await pool.query<{ requestHash: string; orderId: string | null; completedAt: Date | null }>(
            `select request_hash as "requestHash", order_id as "orderId", completed_at as "completedAt"
             from checkout_requests where scope = $1 and key = $2`,
            [scope, key],
          )
        ).rows[0];
        if (!existing) continue;
        if (existing.requestHash !== hash) {
          throw new AppError(
            ErrorCode.IdempotencyKeyReused,
            'This Idempotency-Key was used for a different checkout; use a new key',
          );
        }
        if (existing.completedAt && existing.orderId) {
          const order = await orderById(existing.orderId);
          if (order) return { order, replayed: true };
        }
        if (Date.now() - started > REPLAY_WAIT_MS) {
          throw new AppError(
            ErrorCode.CheckoutInProgress,
            'A checkout with this Idempotency-Key is still in progress; retry shortly',
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }

      const release = () =>
        pool.query('delete from checkout_requests where scope = $1 and key = $2 and order_id is null', [
          scope,
          key,
        ]);
      let placed: Placed;
      try {
        if (!cart) throw new AppError(ErrorCode.CartEmpty, 'The cart is empty');
        placed = await reserveAndPlace(
          { cartId: cart.id, discountCodeId: cart.discountCodeId, userId: caller.userId, key, scope },
          body,
          {
            type: 'customer',
            id: caller.userId,
            email: caller.email ?? body.email.toLowerCase(),
          },
        );
      } catch (error) {
        await release();
        throw error;
      }

      let result: Awaited<ReturnType<typeof chargeWithRetry>>;
      try {
        result = await chargeWithRetry(placed.row, body.payment);
      } catch (error) {
        await abandon(placed.row);
        throw error;
      }
      if (result.outcome === 'declined') {
        await abandon(placed.row);
        throw new AppError(
          ErrorCode.PaymentDeclined,
          `${result.message} Nothing was charged; try another card.`,
          {
            extra: { retryable: false },
          },
        );
      }
      if (result.outcome === 'retryable_error') {
        await abandon(placed.row);
        throw ServiceUnavailable(`${result.message} Nothing was charged; please try again.`, 2);
      }
      if (!(await markPaid(placed, result.reference))) {
        // The reservation expired while the processor answered: give the money back rather than sell stock we no longer hold.
        await payments.refund(result.reference, placed.row.total);
        log.warn({ order: placed.row.number }, 'payment arrived after the reservation expired; refunded');
        throw new AppError(
          ErrorCode.ReservationExpired,
          'The reservation expired before the payment completed; nothing was charged',
        );
      }
      const order = await orderById(placed.row.id);
      return { order: order!, replayed: false };
    },

    /** Cancels pending orders whose reservation ran out and returns their stock. Answers how many. */
    async expireReservations(now = new Date()): Promise<number> {
      const { rows } = await pool.query<{ id: string }>(
        `select id from orders where status = 'pending' and reserved_until <= $1 order by reserved_until limit 500`,
        [now],
      );
      let expired = 0;
      for (const { id } of rows) {
        expired += await inTransaction(async (client) => {
          const locked = await client.query<OrderRow>(
            `select ${ORDER_COLUMNS} from orders where id = $1 and status = 'pending' for update skip locked`,
            [id],
          );
          const row = locked.rows[0];
          if (!row) return 0;
          await releaseReservation(client, row);
          await client.query(
            `update orders set status = 'cancelled', reserved_until = null, updated_at = now() where id = $1`,
            [id],
          );
          await record(
            client,
            id,
            'pending',
            'cancelled',
            { type: 'system', id: null, email: null },
            'Payment not completed in time; stock released',
          );
          return 1;
        });
      }
      return expired;
    },

    async transition(number: string, request: OrderTransitionRequest, actor: Actor): Promise<Order> {
      if (request.to === 'fulfilled' && !request.trackingNumber) {
        throw ValidationFailed([{ field: 'body.trackingNumber', message: 'is required to fulfil an order' }]);
      }
      const id = await inTransaction(async (client) => {
        const { rows } = await client.query<OrderRow>(
          `select ${ORDER_COLUMNS} from orders where number = $1 for update`,
          [number],
        );
        const row = rows[0];
        if (!row) throw NotFound(`No order ${number}`);
        assertTransition(row.status, request.to);
        if (request.to === 'cancelled') {
          if (row.status === 'pending') await releaseReservation(client, row);
          else {
            for (const { variantId, quantity } of await quantitiesOf(client, row.id)) {
              await client.query('update variants set stock_on_hand = stock_on_hand + $2 where id = $1', [
                variantId,
                quantity,
              ]);
            }
          }
        }
        const updated = (
          await client.query<OrderRow>(
            `update orders set status = $2, reserved_until = null, updated_at = now(),
               carrier = coalesce($3, carrier), tracking_number = coalesce($4, tracking_number)
             where id = $1 returning ${ORDER_COLUMNS}`,
            [
              row.id,
              request.to,
              request.to === 'fulfilled' ? (request.carrier ?? 'DHL') : null,
              request.trackingNumber ?? null,
            ],
          )
        ).rows[0]!;
        await record(client, row.id, row.status, request.to, actor, request.note);
        // A pending order was never reported as placed, so its cancellation is not reported either.
        if (row.status !== 'pending' && request.to !== 'delivered')
          await publish(client, updated, request.to as OrderTopic);
        return row.id;
      });
      const order = (await orderById(id))!;
      if ((request.to === 'refunded' || request.to === 'cancelled') && order.payment.reference) {
        await payments.refund(order.payment.reference, order.totals.total);
      }
      return order;
    },

    async getForCustomer(userId: string, number: string) {
      const { rows } = await pool.query<OrderRow>(
        `select ${ORDER_COLUMNS} from orders where number = $1 and user_id = $2`,
        [number, userId],
      );
      if (!rows[0]) throw NotFound(`No order ${number}`);
      return assemble(rows[0]);
    },

    async getForStaff(number: string) {
      const { rows } = await pool.query<OrderRow>(`select ${ORDER_COLUMNS} from orders where number = $1`, [
        number,
      ]);
      if (!rows[0]) throw NotFound(`No order ${number}`);
      return assemble(rows[0]);
    },

    async list(
      query: Partial<AdminOrderListQuery> & MyOrderListQuery & { userId?: string },
    ): Promise<OrderList> {
      const params: unknown[] = [];
      const where: string[] = [];
      const add = (clause: (p: string) => string, value: unknown) => {
        params.push(value);
        where.push(clause(`$${params.length}`));
      };
      const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
      const dayStart = (bound: string) =>
        bound.length === 10 ? new Date(`${bound}T00:00:00Z`) : new Date(bound);
      if (query.userId) add((p) => `user_id = ${p}`, query.userId);
      if (query.customerId) add((p) => `user_id = ${p}`, query.customerId);
      if (query.status) add((p) => `status = ${p}`, query.status);
      if (query.from) add((p) => `created_at >= ${p}`, dayStart(query.from));
      if (query.to) {
        const end =
          query.to.length === 10 ? new Date(dayStart(query.to).getTime() + 86_400_000) : new Date(query.to);
        add((p) => `created_at < ${p}`, end);
      }
      if (query.email) add((p) => `email ilike ${p}`, likePattern(query.email));
      if (query.q) {
        const q = query.q.toUpperCase();
        if (/^(SS-)?[0-9]{4,10}$/.test(q)) add((p) => `number = ${p}`, q.startsWith('SS-') ? q : `SS-${q}`);
        else add((p) => `email ilike ${p}`, likePattern(query.q));
      }
      if (query.minTotal !== undefined) add((p) => `total >= ${p}`, query.minTotal);
      if (query.maxTotal !== undefined) add((p) => `total <= ${p}`, query.maxTotal);
      const cursor = decodeCursor(query.cursor);
      if (cursor) {
        params.push(new Date(cursor.t), cursor.id);
        where.push(`(created_at, id) < ($${params.length - 1}, $${params.length})`);
      }
      params.push(query.limit + 1);
      const { rows } = await pool.query<OrderRow & { itemCount: number }>(
        `select ${ORDER_COLUMNS}, (select coalesce(sum(quantity), 0)::int from order_lines l where l.order_id = orders.id) as "itemCount"
         from orders ${where.length ? `where ${where.join(' and ')}` : ''}
         order by created_at desc, id desc limit $${params.length}`,
        params,
      );
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map((row) => ({
          id: row.id,
          number: row.number,
          status: row.status,
          email: row.email,
          customerId: row.userId,
          itemCount: row.itemCount,
          total: row.total,
          currency: row.currency,
          placedAt: row.createdAt.toISOString(),
          updatedAt: row.updatedAt.toISOString(),
        })),
        nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
      };
    },

    /** "Today" is the shop's day: from midnight in its time zone (its settings). */
    async todayStats(
      { currency, timeZone }: { currency: string; timeZone: string },
      now = new Date(),
    ): Promise<TodayStats> {
      const { rows } = await pool.query<{
        date: string;
        orders: number;
        revenue: number;
        awaiting: number;
        lowStock: number;
      }>(
        `with today as (select date_trunc('day', $1::timestamptz at time zone $2) at time zone $2 as start)
         select
           to_char($1::timestamptz at time zone $2, 'YYYY-MM-DD') as date,
           (select count(*)::int from orders, today where paid_at >= today.start and status not in ('cancelled', 'refunded')) as orders,
           (select coalesce(sum(total), 0)::bigint from orders, today where paid_at >= today.start and status not in ('cancelled', 'refunded') and currency = $3)::float8 as revenue,
           (select count(*)::int from orders where status = 'paid') as awaiting,
           (select count(*)::int from variants where active and stock_on_hand - stock_reserved <= low_stock_threshold) as "lowStock"`,
        [now, timeZone, currency],
      );
      const stats = rows[0]!;
      return {
        date: stats.date,
        ordersToday: stats.orders,
        revenueToday: Number(stats.revenue),
        currency,
        awaitingFulfilment: stats.awaiting,
        lowStockVariants: stats.lowStock,
      };
    },
  };
}
export type OrderService = ReturnType<typeof createOrderService>;
