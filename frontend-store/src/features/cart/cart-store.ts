'use client';

import type { Cart } from '@shopstream/contracts/carts';
import { useSyncExternalStore } from 'react';
import { authorized, onSessionChange, sessionHinted } from '@/features/account/session';

/**
 * The shopper's cart as the commerce API holds it. Guests are known by the API's httpOnly cart
 * cookie, so the cart survives a reload; after login the API merges it into the account's cart.
 */
export type CartState = { status: 'loading' } | { status: 'ready'; cart: Cart } | { status: 'error' };

const LOADING: CartState = { status: 'loading' };
/**
 * '1' while this browser's guest cart holds something, '0' once it is known to be empty: then the header
 * need not ask the API. Never written (a first visit, or a cart filled before the hint existed): the
 * header asks at the shopper's first interaction, so a page only looked at stays cacheable for Back.
 */
const HINT = 'shopstream.cart';
let state: CartState = LOADING;
let loading: Promise<void> | null = null;
/** Counts the cart's changes, so a read that began before one cannot put the older cart back. */
let changes = 0;
let subscribed = false;
const listeners = new Set<() => void>();

function set(next: CartState) {
  state = next;
  if (next.status === 'ready') {
    try {
      window.localStorage.setItem(HINT, next.cart.lines.length > 0 ? '1' : '0');
    } catch {}
  }
  for (const listener of listeners) listener();
}

/**
 * Whether this browser may have a cart on the API: a signed-in shopper's account has one, and a guest's
 * cart is only ever filled here (it is known by this browser's cookie), which sets the hint. Without
 * either, the header shows 0 without a request: the API answers /cart `no-store`, and a page that made
 * such a request cannot enter the back/forward cache.
 */
function mayHaveCart(): boolean {
  try {
    if (window.localStorage.getItem(HINT) === '1') return true;
  } catch {}
  return sessionHinted();
}

/** Whether this browser has never learnt whether it has a guest cart. */
function cartUnknown(): boolean {
  try {
    return window.localStorage.getItem(HINT) === null;
  } catch {
    return false;
  }
}

/** Asks the API once, at the first tap, click or key press. */
function reloadCartOnFirstInteraction() {
  const ask = () => {
    for (const type of ['pointerdown', 'keydown'] as const) window.removeEventListener(type, ask, true);
    if (state.status === 'loading') void reloadCart();
  };
  for (const type of ['pointerdown', 'keydown'] as const)
    window.addEventListener(type, ask, { capture: true, passive: true });
}

/** Reads the cart from the API again (after login or logout, or when another tab changed it). */
export function reloadCart(): Promise<void> {
  const seen = changes;
  loading ??= (authorized('/cart') as Promise<Cart>)
    .then((cart) => {
      if (changes === seen) set({ status: 'ready', cart });
    })
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
  changes++;
  const cart = (await authorized(path, { method, body })) as Cart;
  changes++;
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

function listen(listener: () => void) {
  listeners.add(listener);
  if (!subscribed) {
    subscribed = true;
    // A login merges the guest cart into the account's; a logout leaves it with the account. A guest
    // session settled at page load changes nothing that was not asked for.
    onSessionChange(() => {
      if (state.status !== 'loading' || loading || mayHaveCart()) void reloadCart();
    });
  }
  return () => {
    listeners.delete(listener);
  };
}

function subscribe(listener: () => void) {
  const stop = listen(listener);
  if (state.status === 'loading') void reloadCart();
  return stop;
}

/** For what only shows the count (the header): asks the API only when there may be a cart. */
function subscribeToCount(listener: () => void) {
  const stop = listen(listener);
  if (state.status === 'loading') {
    if (mayHaveCart()) void reloadCart();
    else if (cartUnknown()) reloadCartOnFirstInteraction();
  }
  return stop;
}

export const useCartState = () =>
  useSyncExternalStore(
    subscribe,
    () => state,
    () => LOADING,
  );

/** The number of items in the cart: 0 until it is known, and for a browser that never filled one. */
export const useCartItemCount = () =>
  useSyncExternalStore(
    subscribeToCount,
    () => (state.status === 'ready' ? state.cart.itemCount : 0),
    () => 0,
  );
