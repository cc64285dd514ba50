import { createHash, randomBytes } from 'node:crypto';
import { type Cart, type CartLine, MAX_LINE_QUANTITY } from '@shopstream/contracts';
import { AppError, Conflict, ErrorCode, NotFound, ValidationFailed } from '@shopstream/server-kit';
import type pg from 'pg';
import type { DiscountService } from '../discounts/service';
import { computeTotals, discountAmount, discountProblem } from '../shipping/pricing';
import type { ShippingService } from '../shipping/service';

export const hashCartToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Who asks: a signed-in customer, a guest with a cart token, or both (then the guest cart merges). */
export interface CartCaller {
  userId: string | null;
  token: string | null;
}

export interface CartRow {
  id: string;
  userId: string | null;
  discountCodeId: string | null;
  shippingCountry: string | null;
  shippingOptionId: string | null;
  updatedAt: Date;
}

/** What the route must do with the cart cookie after the call. */
export interface CartOutcome<T> {
  value: T;
  setToken?: string;
  clearToken?: boolean;
}

const CART_COLUMNS = `id, user_id as "userId", discount_code_id as "discountCodeId", shipping_country as "shippingCountry",
  shipping_option_id as "shippingOptionId", updated_at as "updatedAt"`;

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

interface LineRow {
  id: string;
  variantId: string;
  productId: string;
  productSlug: string;
  productTitle: string;
  variantTitle: string;
  sku: string;
  options: Record<string, string>;
  imageUrl: string | null;
  imageAlt: string | null;
  quantity: number;
  unitPrice: number;
  currency: string;
  available: number;
  sellable: boolean;
}

export async function readCartLines(db: Queryable, cartId: string): Promise<CartLine[]> {
  const { rows } = await db.query<LineRow>(
    `select ci.id, ci.variant_id as "variantId", p.id as "productId", p.slug as "productSlug", p.title as "productTitle",
       v.title as "variantTitle", v.sku, v.options, img.url as "imageUrl", img.alt as "imageAlt", ci.quantity,
       v.price as "unitPrice", v.currency, v.stock_on_hand - v.stock_reserved as available,
       (v.active and p.status = 'active') as sellable
     from cart_items ci
     join variants v on v.id = ci.variant_id
     join products p on p.id = v.product_id
     left join lateral (select url, alt from product_images pi where pi.product_id = p.id order by position limit 1) img on true
     where ci.cart_id = $1
     order by ci.created_at, ci.id`,
    [cartId],
  );
  return rows.map((row) => ({
    id: row.id,
    variantId: row.variantId,
    productId: row.productId,
    productSlug: row.productSlug,
    productTitle: row.productTitle,
    variantTitle: row.variantTitle,
    sku: row.sku,
    options: row.options,
    image: row.imageUrl ? { url: row.imageUrl, alt: row.imageAlt ?? '' } : null,
    quantity: row.quantity,
    unitPrice: row.unitPrice,
    lineTotal: row.unitPrice * row.quantity,
    currency: row.currency,
    available: Math.max(0, row.available),
    availability: !row.sellable
      ? 'unavailable'
      : row.available <= 0
        ? 'out_of_stock'
        : row.available < row.quantity
          ? 'insufficient_stock'
          : 'in_stock',
  }));
}

/** Carts of guests and customers: lines, discount code, destination; priced on every read. */
export function createCartService(
  pool: pg.Pool,
  deps: {
    discounts: DiscountService;
    shipping: ShippingService;
    /** The currency of an empty cart: the shop's (its settings). */
    shopCurrency: () => Promise<string>;
  },
) {
  const { discounts, shipping, shopCurrency } = deps;

  const byToken = async (token: string) =>
    (
      await pool.query<CartRow>(`select ${CART_COLUMNS} from carts where token_hash = $1`, [
        hashCartToken(token),
      ])
    ).rows[0];
  const byUser = async (userId: string) =>
    (await pool.query<CartRow>(`select ${CART_COLUMNS} from carts where user_id = $1`, [userId])).rows[0];

  /** Moves a guest cart's lines into the customer's cart (quantities add up, capped) and deletes the guest cart. */
  async function merge(userId: string, guest: CartRow) {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const { rows } = await client.query<{ id: string }>(
        `insert into carts (user_id) values ($1) on conflict (user_id) do update set updated_at = now() returning id`,
        [userId],
      );
      const target = rows[0]!.id;
      await client.query(
        `insert into cart_items (cart_id, variant_id, quantity)
         select $1, variant_id, least(quantity, ${MAX_LINE_QUANTITY}) from cart_items where cart_id = $2
         on conflict (cart_id, variant_id)
         do update set quantity = least(cart_items.quantity + excluded.quantity, ${MAX_LINE_QUANTITY})`,
        [target, guest.id],
      );
      await client.query(
        `update carts c set discount_code_id = coalesce(c.discount_code_id, g.discount_code_id),
           shipping_country = coalesce(c.shipping_country, g.shipping_country),
           shipping_option_id = coalesce(c.shipping_option_id, g.shipping_option_id), updated_at = now()
         from carts g where c.id = $1 and g.id = $2`,
        [target, guest.id],
      );
      await client.query('delete from carts where id = $1', [guest.id]);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw error;
    } finally {
      client.release();
    }
  }

  /** The caller's cart, merging a guest cart into a signed-in customer's; created only when `create`. */
  async function resolve(caller: CartCaller, create: boolean): Promise<CartOutcome<CartRow | null>> {
    if (caller.userId) {
      let clearToken = false;
      if (caller.token) {
        const guest = await byToken(caller.token);
        if (guest) await merge(caller.userId, guest);
        clearToken = true;
      }
      const cart = (await byUser(caller.userId)) ?? (create ? (await createCart(pool, caller)).value : null);
      return { value: cart, clearToken };
    }
    if (caller.token) {
      const cart = await byToken(caller.token);
      if (cart) return { value: cart };
    }
    if (!create) return { value: null, clearToken: !!caller.token };
    return createCart(pool, caller);
  }

  /** A new cart for a caller who has none: the customer's own, or a guest cart behind a new token. */
  async function createCart(db: Queryable, caller: CartCaller): Promise<CartOutcome<CartRow>> {
    if (caller.userId) {
      await db.query('insert into carts (user_id) values ($1) on conflict (user_id) do nothing', [
        caller.userId,
      ]);
      const { rows } = await db.query<CartRow>(`select ${CART_COLUMNS} from carts where user_id = $1`, [
        caller.userId,
      ]);
      return { value: rows[0]! };
    }
    const token = randomBytes(24).toString('base64url');
    const { rows } = await db.query<CartRow>(
      `insert into carts (token_hash) values ($1) returning ${CART_COLUMNS}`,
      [hashCartToken(token)],
    );
    return { value: rows[0]!, setToken: token };
  }

  async function view(cart: CartRow | null): Promise<Cart> {
    const lines = cart ? await readCartLines(pool, cart.id) : [];
    const currency = lines[0]?.currency ?? (await shopCurrency());
    const subtotal = lines.reduce((sum, line) => sum + line.lineTotal, 0);
    let discount: Cart['discount'] = null;
    if (cart?.discountCodeId) {
      const rule = await discounts.findRule(cart.discountCodeId);
      if (rule) {
        const reason = discountProblem(rule, subtotal, currency);
        discount = {
          code: rule.code,
          kind: rule.kind,
          value: rule.value,
          amount: reason ? 0 : discountAmount(rule, subtotal),
          valid: !reason,
          reason,
        };
      }
    }
    const country = cart?.shippingCountry ?? null;
    const option = country
      ? cart?.shippingOptionId
        ? await shipping.option(cart.shippingOptionId, country)
        : ((await shipping.optionsFor(country))[0] ?? null)
      : null;
    const taxRateBasisPoints = shipping.taxRate(country);
    return {
      id: cart?.id ?? '00000000-0000-4000-8000-000000000000',
      owner: cart?.userId ? 'customer' : 'guest',
      lines,
      itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
      discount,
      shipping: { country, option, taxRateBasisPoints },
      totals: computeTotals({
        subtotal,
        discount: discount?.amount ?? 0,
        currency,
        shipping: option,
        taxRateBasisPoints,
        hasItems: lines.length > 0,
      }),
      checkoutReady: lines.length > 0 && lines.every((line) => line.availability === 'in_stock'),
      updatedAt: (cart?.updatedAt ?? new Date()).toISOString(),
    };
  }

  const touch = (db: Queryable, cartId: string) =>
    db.query('update carts set updated_at = now() where id = $1', [cartId]);

  /**
   * Runs a change on the caller's cart and answers the cart as it is now. A cart the change needs is
   * created in the change's own transaction, so a refused change (unknown line, invalid code) leaves no
   * empty cart behind.
   */
  async function change(
    caller: CartCaller,
    apply: (cart: CartRow, db: Queryable) => Promise<void>,
  ): Promise<CartOutcome<Cart>> {
    const found = await resolve(caller, false);
    let outcome: CartOutcome<CartRow>;
    if (found.value) {
      outcome = { ...found, value: found.value };
      await apply(outcome.value, pool);
      await touch(pool, outcome.value.id);
    } else {
      const client = await pool.connect();
      try {
        await client.query('begin');
        outcome = { ...found, ...(await createCart(client, caller)) };
        await apply(outcome.value, client);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
    }
    const fresh = (
      await pool.query<CartRow>(`select ${CART_COLUMNS} from carts where id = $1`, [outcome.value.id])
    ).rows[0]!;
    return { ...outcome, value: await view(fresh) };
  }

  return {
    resolve,
    view,

    async get(caller: CartCaller): Promise<CartOutcome<Cart>> {
      const resolved = await resolve(caller, false);
      return { ...resolved, value: await view(resolved.value) };
    },

    addItem: (caller: CartCaller, variantId: string, quantity: number) =>
      change(caller, async (cart, db) => {
        const { rows } = await db.query<{ currency: string; sellable: boolean }>(
          `select v.currency, (v.active and p.status = 'active') as sellable
           from variants v join products p on p.id = v.product_id where v.id = $1`,
          [variantId],
        );
        const variant = rows[0];
        if (!variant?.sellable) throw NotFound('This product variant is not for sale');
        const other = await db.query<{ currency: string }>(
          `select v.currency from cart_items ci join variants v on v.id = ci.variant_id
           where ci.cart_id = $1 and v.currency <> $2 limit 1`,
          [cart.id, variant.currency],
        );
        if (other.rowCount)
          throw Conflict(
            `The cart is in ${other.rows[0]!.currency}; this item is priced in ${variant.currency}`,
          );
        await db.query(
          `insert into cart_items (cart_id, variant_id, quantity) values ($1, $2, $3)
           on conflict (cart_id, variant_id) do update set quantity = least(cart_items.quantity + excluded.quantity, ${MAX_LINE_QUANTITY})`,
          [cart.id, variantId, quantity],
        );
      }),

    updateItem: (caller: CartCaller, itemId: string, quantity: number) =>
      change(caller, async (cart, db) => {
        const result =
          quantity === 0
            ? await db.query('delete from cart_items where id = $1 and cart_id = $2', [itemId, cart.id])
            : await db.query('update cart_items set quantity = $3 where id = $1 and cart_id = $2', [
                itemId,
                cart.id,
                quantity,
              ]);
        if (!result.rowCount) throw NotFound('No such line in this cart');
      }),

    removeItem: (caller: CartCaller, itemId: string) =>
      change(caller, async (cart, db) => {
        const result = await db.query('delete from cart_items where id = $1 and cart_id = $2', [
          itemId,
          cart.id,
        ]);
        if (!result.rowCount) throw NotFound('No such line in this cart');
      }),

    applyDiscount: (caller: CartCaller, code: string) =>
      change(caller, async (cart, db) => {
        const rule = await discounts.findByCode(code);
        if (!rule) throw ValidationFailed([{ field: 'body.code', message: 'is not a valid discount code' }]);
        const lines = await readCartLines(db, cart.id);
        const subtotal = lines.reduce((sum, line) => sum + line.lineTotal, 0);
        const reason = discountProblem(rule, subtotal, lines[0]?.currency ?? (await shopCurrency()));
        if (reason) throw new AppError(ErrorCode.DiscountNotApplicable, reason);
        await db.query('update carts set discount_code_id = $2 where id = $1', [cart.id, rule.id]);
      }),

    removeDiscount: (caller: CartCaller) =>
      change(caller, async (cart, db) => {
        await db.query('update carts set discount_code_id = null where id = $1', [cart.id]);
      }),

    setShipping: (caller: CartCaller, country: string, shippingOptionId: string | undefined) =>
      change(caller, async (cart, db) => {
        if (shippingOptionId && !(await shipping.option(shippingOptionId, country))) {
          throw ValidationFailed([
            { field: 'body.shippingOptionId', message: `is not a shipping option to ${country}` },
          ]);
        }
        await db.query('update carts set shipping_country = $2, shipping_option_id = $3 where id = $1', [
          cart.id,
          country,
          shippingOptionId ?? null,
        ]);
      }),

    async merge(caller: CartCaller): Promise<CartOutcome<Cart>> {
      if (!caller.userId) throw new AppError(ErrorCode.Unauthorized, 'Sign in to merge a guest cart');
      const resolved = await resolve(caller, true);
      return { ...resolved, value: await view(resolved.value) };
    },
  };
}
export type CartService = ReturnType<typeof createCartService>;
