import { MAX_LINE_QUANTITY } from '@shopstream/contracts';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { cartItems, carts, inventoryLevels, productImages, products, variants } from '../../db/schema';
import { type Executor, prepared } from '../../db/transaction';

export type CartRow = typeof carts.$inferSelect;
export type CartLineRow = Awaited<ReturnType<ReturnType<typeof linesOf>['execute']>>[number];

const p = sql.placeholder;
const cartBy = (column: 'id' | 'tokenHash' | 'userId', name: string) =>
  prepared((db) =>
    db
      .select()
      .from(carts)
      .where(eq(carts[column], p('value')))
      .limit(1)
      .prepare(name),
  );
const byId = cartBy('id', 'carts_by_id');
const byToken = cartBy('tokenHash', 'carts_by_token');
const byUser = cartBy('userId', 'carts_by_user');
const deleteCart = prepared((db) =>
  db
    .delete(carts)
    .where(eq(carts.id, p('id')))
    .prepare('carts_delete'),
);
const linesOf = prepared((db) => {
  const image = db
    .select({ url: productImages.url, alt: productImages.alt })
    .from(productImages)
    .where(eq(productImages.productId, products.id))
    .orderBy(asc(productImages.position))
    .limit(1)
    .as('img');
  return db
    .select({
      id: cartItems.id,
      variantId: cartItems.variantId,
      productId: products.id,
      productSlug: products.slug,
      productTitle: products.title,
      variantTitle: variants.title,
      sku: variants.sku,
      options: variants.options,
      imageUrl: image.url,
      imageAlt: image.alt,
      quantity: cartItems.quantity,
      unitPrice: variants.price,
      currency: variants.currency,
      available: sql<number>`coalesce(${inventoryLevels.stockOnHand} - ${inventoryLevels.stockReserved}, 0)`,
      sellable: sql<boolean>`(${variants.active} and ${products.status} = 'active')`,
    })
    .from(cartItems)
    .innerJoin(variants, eq(variants.id, cartItems.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .leftJoin(inventoryLevels, eq(inventoryLevels.variantId, cartItems.variantId))
    .leftJoinLateral(image, sql`true`)
    .where(eq(cartItems.cartId, p('cartId')))
    .orderBy(asc(cartItems.createdAt), asc(cartItems.id))
    .prepare('cart_lines_of');
});

/** The carts and cart_items tables; only this file writes them. Lines read catalog's variants and inventory's levels as they are now. */
export function createCartRepository(db: Database) {
  return {
    /** The database outside any transaction, for calls that need none. */
    db: db as Executor,

    findById: async (tx: Executor, id: string) => (await byId(tx).execute({ value: id }))[0],
    findByTokenHash: async (tokenHash: string) => (await byToken(db).execute({ value: tokenHash }))[0],
    findByUser: async (userId: string) => (await byUser(db).execute({ value: userId }))[0],

    insertGuest: async (tx: Executor, tokenHash: string) =>
      (await tx.insert(carts).values({ tokenHash }).returning())[0]!,

    /** The customer's cart, created when there is none. */
    ensureForUser: async (tx: Executor, userId: string) => {
      await tx.insert(carts).values({ userId }).onConflictDoNothing({ target: carts.userId });
      return (await byUser(tx).execute({ value: userId }))[0]!;
    },

    /**
     * Moves a guest cart's lines into a customer's cart (quantities add up, capped), keeps what the customer
     * had chosen (code, destination) over the guest's, and deletes the guest cart.
     */
    mergeGuestInto: async (tx: Executor, userId: string, guest: CartRow) => {
      const target = (
        await tx
          .insert(carts)
          .values({ userId })
          .onConflictDoUpdate({ target: carts.userId, set: { updatedAt: sql`now()` } })
          .returning({ id: carts.id })
      )[0]!.id;
      const items = await tx
        .select({ variantId: cartItems.variantId, quantity: cartItems.quantity })
        .from(cartItems)
        .where(eq(cartItems.cartId, guest.id));
      if (items.length > 0) {
        await tx
          .insert(cartItems)
          .values(
            items.map((item) => ({
              cartId: target,
              variantId: item.variantId,
              quantity: Math.min(item.quantity, MAX_LINE_QUANTITY),
            })),
          )
          .onConflictDoUpdate({
            target: [cartItems.cartId, cartItems.variantId],
            set: { quantity: sql`least(${cartItems.quantity} + excluded.quantity, ${MAX_LINE_QUANTITY})` },
          });
      }
      await tx
        .update(carts)
        .set({
          discountCodeId: sql`coalesce(${carts.discountCodeId}, ${guest.discountCodeId}::uuid)`,
          shippingCountry: sql`coalesce(${carts.shippingCountry}, ${guest.shippingCountry}::text)`,
          shippingOptionId: sql`coalesce(${carts.shippingOptionId}, ${guest.shippingOptionId}::text)`,
          updatedAt: sql`now()`,
        })
        .where(eq(carts.id, target));
      await tx.delete(carts).where(eq(carts.id, guest.id));
    },

    /** The lines with their variant's price, stock and image now, in the order they were added. */
    lines: (tx: Executor, cartId: string) => linesOf(tx).execute({ cartId }),

    /** A variant's currency and whether it can be bought now. */
    variantForSale: async (tx: Executor, variantId: string) =>
      (
        await tx
          .select({
            currency: variants.currency,
            sellable: sql<boolean>`(${variants.active} and ${products.status} = 'active')`,
          })
          .from(variants)
          .innerJoin(products, eq(products.id, variants.productId))
          .where(eq(variants.id, variantId))
      )[0],

    /** The currency of a line priced in another currency than `currency`, if the cart has one. */
    otherCurrency: async (tx: Executor, cartId: string, currency: string) =>
      (
        await tx
          .select({ currency: variants.currency })
          .from(cartItems)
          .innerJoin(variants, eq(variants.id, cartItems.variantId))
          .where(and(eq(cartItems.cartId, cartId), ne(variants.currency, currency)))
          .limit(1)
      )[0]?.currency,

    /** Adds units of a variant; a variant already in the cart adds up, capped. */
    addItem: async (tx: Executor, cartId: string, variantId: string, quantity: number) => {
      await tx
        .insert(cartItems)
        .values({ cartId, variantId, quantity })
        .onConflictDoUpdate({
          target: [cartItems.cartId, cartItems.variantId],
          set: { quantity: sql`least(${cartItems.quantity} + excluded.quantity, ${MAX_LINE_QUANTITY})` },
        });
    },

    /** Answers whether the cart had that line. */
    setItemQuantity: async (tx: Executor, cartId: string, itemId: string, quantity: number) =>
      (
        await tx
          .update(cartItems)
          .set({ quantity })
          .where(and(eq(cartItems.id, itemId), eq(cartItems.cartId, cartId)))
          .returning({ id: cartItems.id })
      ).length > 0,

    /** Answers whether the cart had that line. */
    deleteItem: async (tx: Executor, cartId: string, itemId: string) =>
      (
        await tx
          .delete(cartItems)
          .where(and(eq(cartItems.id, itemId), eq(cartItems.cartId, cartId)))
          .returning({ id: cartItems.id })
      ).length > 0,

    update: async (
      tx: Executor,
      cartId: string,
      values: Partial<Pick<CartRow, 'discountCodeId' | 'shippingCountry' | 'shippingOptionId'>>,
    ) => {
      await tx
        .update(carts)
        .set({ ...values, updatedAt: sql`now()` })
        .where(eq(carts.id, cartId));
    },

    delete: async (tx: Executor, cartId: string) => {
      await deleteCart(tx).execute({ id: cartId });
    },
  };
}
export type CartRepository = ReturnType<typeof createCartRepository>;
