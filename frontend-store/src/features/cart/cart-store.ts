'use client';

import type { Cart } from '@shopstream/contracts/carts';
import { useSyncExternalStore } from 'react';
import { authorized, onSessionChange } from '@/features/account/session';

/**
 * The shopper's cart as the commerce API holds it. Guests are known by the API's httpOnly cart
 * cookie, so the cart survives a reload; after login the API merges it into the account's cart.
 */
export type CartState = { status: 'loading' } | { status: 'ready'; cart: Cart } | { status: 'error' };

const LOADING: CartState = { status: 'loading' };
let state: CartState = LOADING;
let loading: Promise<void> | null = null;
let subscribed = false;
const listeners = new Set<() => void>();

function set(next: CartState) {
  state = next;
  for (const listener of listeners) listener();
}

/** Reads the cart from the API again (after login or logout, or when another tab changed it). */
export function reloadCart(): Promise<void> {
  loading ??= (authorized('/cart') as Promise<Cart>)
    .then((cart) => set({ status: 'ready', cart }))
    .catch(() => set(state.status === 'ready' ? state : { status: 'error' }))
    .finally(() => {
      loading = null;
    });
  return loading;
}

/** Sends a change of the cart; the API answers with the whole cart and its totals. */
export async function changeCart(
  path: string,
  method: 'POST' | 'PATCH' | 'DELETE' | 'PUT',
  body?: unknown,
): Promise<Cart> {
  const cart = (await authorized(path, { method, body })) as Cart;
  set({ status: 'ready', cart });
  return cart;
}

export const addToCart = (variantId: string, quantity = 1) =>
  changeCart('/cart/items', 'POST', { variantId, quantity });
export const setItemQuantity = (itemId: string, quantity: number) =>
  changeCart(`/cart/items/${itemId}`, 'PATCH', { quantity });
export const removeItem = (itemId: string) => changeCart(`/cart/items/${itemId}`, 'DELETE');
export const applyDiscount = (code: string) => changeCart('/cart/discount', 'POST', { code });
export const removeDiscount = () => changeCart('/cart/discount', 'DELETE');

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!subscribed) {
    subscribed = true;
    // A login merges the guest cart into the account's; a logout leaves it with the account.
    onSessionChange(() => void reloadCart());
  }
  if (state.status === 'loading') void reloadCart();
  return () => listeners.delete(listener);
}

export const useCartState = () =>
  useSyncExternalStore(
    subscribe,
    () => state,
    () => LOADING,
  );

export const itemCount = (cart: Cart) => cart.itemCount;
