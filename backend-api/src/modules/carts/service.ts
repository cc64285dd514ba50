import { createHash, randomBytes } from 'node:crypto';
import type { Cart, CartLine } from '@shopstream/contracts';
import { AppError, Conflict, ErrorCode, NotFound, ValidationFailed } from '@shopstream/server-kit';
import type { Executor, Transaction, WithTransaction } from '../../db/transaction';
import type { DiscountService } from '../discounts/service';
import { discountProblem, type Pricing } from '../pricing/service';
import type { ShippingService } from '../shipping/service';
import { toCartLine } from './cart-lines';
import type { CartRepository, CartRow } from './repository';
import { createCartView } from './view-cart';

const hashCartToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Who asks: a signed-in customer, a guest with a cart token, or both (then the guest cart merges). */
export interface CartCaller {
  userId: string | null;
  token: string | null;
}

/** What the route must do with the cart cookie after the call. */
export interface CartOutcome<T> {
  value: T;
  setToken?: string;
  clearToken?: boolean;
}

/** Carts of guests and customers: lines, discount code, destination; priced on every read. */
export function createCartService(
  repository: CartRepository,
  withTransaction: WithTransaction,
  deps: {
    discounts: DiscountService;
    shipping: ShippingService;
    pricing: Pricing;
    /** The currency of an empty cart: the shop's (its settings). */
    shopCurrency: () => Promise<string>;
    /** A product image's stored URL as the shopper loads it (catalog/image-urls.ts). */
    imageUrl: (stored: string) => string;
  },
) {
  const { discounts, shipping, shopCurrency } = deps;
  const viewCart = createCartView(deps);

  const linesOf = async (tx: Executor, cartId: string): Promise<CartLine[]> =>
    (await repository.lines(tx, cartId)).map((row) => toCartLine(row, deps.imageUrl));

  /** The caller's cart, merging a guest cart into a signed-in customer's; created only when `create`. */
  async function resolve(caller: CartCaller, create: boolean): Promise<CartOutcome<CartRow | null>> {
    if (caller.userId) {
      const userId = caller.userId;
      let clearToken = false;
      if (caller.token) {
        const guest = await repository.findByTokenHash(hashCartToken(caller.token));
        if (guest) await withTransaction((tx) => repository.mergeGuestInto(tx, userId, guest));
        clearToken = true;
      }
      const cart =
        (await repository.findByUser(userId)) ??
        (create ? (await withTransaction((tx) => createCart(tx, caller))).value : null);
      return { value: cart, clearToken };
    }
    if (caller.token) {
      const cart = await repository.findByTokenHash(hashCartToken(caller.token));
      if (cart) return { value: cart };
    }
    if (!create) return { value: null, clearToken: !!caller.token };
    return withTransaction((tx) => createCart(tx, caller));
  }

  /** A new cart for a caller who has none: the customer's own, or a guest cart behind a new token. */
  async function createCart(tx: Transaction, caller: CartCaller): Promise<CartOutcome<CartRow>> {
    if (caller.userId) return { value: await repository.ensureForUser(tx, caller.userId) };
    const token = randomBytes(24).toString('base64url');
    return { value: await repository.insertGuest(tx, hashCartToken(token)), setToken: token };
  }

  async function view(cart: CartRow | null): Promise<Cart> {
    return viewCart(cart, cart ? await linesOf(repository.db, cart.id) : []);
  }

  /**
   * Runs a change on the caller's cart and answers the cart as it is now. A cart the change needs is
   * created in the change's own transaction, so a refused change (unknown line, invalid code) leaves no
   * empty cart behind.
   */
  async function change(
    caller: CartCaller,
    apply: (cart: CartRow, tx: Executor) => Promise<void>,
  ): Promise<CartOutcome<Cart>> {
    const found = await resolve(caller, false);
    const outcome: CartOutcome<CartRow> = found.value
      ? { ...found, value: found.value }
      : await withTransaction(async (tx) => {
          const created = { ...found, ...(await createCart(tx, caller)) };
          await apply(created.value, tx);
          return created;
        });
    if (found.value) {
      await apply(outcome.value, repository.db);
      await repository.update(repository.db, outcome.value.id, {});
    }
    const fresh = (await repository.findById(repository.db, outcome.value.id))!;
    return { ...outcome, value: await view(fresh) };
  }

  const lineMissing = () => NotFound('No such line in this cart');

  return {
    resolve,
    view,

    /** The lines checkout prices and reserves, read in its transaction. */
    lines: (tx: Transaction, cartId: string) => linesOf(tx, cartId),

    /** A cart that became an order goes, in the order's transaction. */
    remove: (tx: Transaction, cartId: string) => repository.delete(tx, cartId),

    async get(caller: CartCaller): Promise<CartOutcome<Cart>> {
      const resolved = await resolve(caller, false);
      return { ...resolved, value: await view(resolved.value) };
    },

    addItem: (caller: CartCaller, variantId: string, quantity: number) =>
      change(caller, async (cart, tx) => {
        const variant = await repository.variantForSale(tx, variantId);
        if (!variant?.sellable) throw NotFound('This product variant is not for sale');
        const other = await repository.otherCurrency(tx, cart.id, variant.currency);
        if (other) throw Conflict(`The cart is in ${other}; this item is priced in ${variant.currency}`);
        await repository.addItem(tx, cart.id, variantId, quantity);
      }),

    updateItem: (caller: CartCaller, itemId: string, quantity: number) =>
      change(caller, async (cart, tx) => {
        const found =
          quantity === 0
            ? await repository.deleteItem(tx, cart.id, itemId)
            : await repository.setItemQuantity(tx, cart.id, itemId, quantity);
        if (!found) throw lineMissing();
      }),

    removeItem: (caller: CartCaller, itemId: string) =>
      change(caller, async (cart, tx) => {
        if (!(await repository.deleteItem(tx, cart.id, itemId))) throw lineMissing();
      }),

    applyDiscount: (caller: CartCaller, code: string) =>
      change(caller, async (cart, tx) => {
        const rule = await discounts.findByCode(code);
        if (!rule) throw ValidationFailed([{ field: 'body.code', message: 'is not a valid discount code' }]);
        const lines = await linesOf(tx, cart.id);
        const subtotal = lines.reduce((sum, line) => sum + line.lineTotal, 0);
        const reason = discountProblem(rule, subtotal, lines[0]?.currency ?? (await shopCurrency()));
        if (reason) throw new AppError(ErrorCode.DiscountNotApplicable, reason);
        await repository.update(tx, cart.id, { discountCodeId: rule.id });
      }),

    removeDiscount: (caller: CartCaller) =>
      change(caller, (cart, tx) => repository.update(tx, cart.id, { discountCodeId: null })),

    setShipping: (caller: CartCaller, country: string, shippingOptionId: string | undefined) =>
      change(caller, async (cart, tx) => {
        if (shippingOptionId && !(await shipping.option(shippingOptionId, country))) {
          throw ValidationFailed([
            { field: 'body.shippingOptionId', message: `is not a shipping option to ${country}` },
          ]);
        }
        await repository.update(tx, cart.id, {
          shippingCountry: country,
          shippingOptionId: shippingOptionId ?? null,
        });
      }),

    async merge(caller: CartCaller): Promise<CartOutcome<Cart>> {
      if (!caller.userId) throw new AppError(ErrorCode.Unauthorized, 'Sign in to merge a guest cart');
      const resolved = await resolve(caller, true);
      return { ...resolved, value: await view(resolved.value) };
    },
  };
}
export type CartService = ReturnType<typeof createCartService>;
