'use client';

import { useSyncExternalStore } from 'react';
import { type CartLine, parseCart } from './cart';

const KEY = 'shopstream.cart.v1';
const CHANGED = 'shopstream:cart-changed';
const NONE: CartLine[] = [];

let lastRaw: string | null = null;
let lastLines: CartLine[] = NONE;

function read(): CartLine[] {
  let raw: string | null = null;
  try {
    raw = window.localStorage.getItem(KEY);
  } catch {}
  if (raw !== lastRaw) {
    lastRaw = raw;
    lastLines = parseCart(raw);
  }
  return lastLines;
}

function subscribe(onChange: () => void) {
  const onStorage = (event: StorageEvent) => {
    if (event.key === KEY) onChange();
  };
  window.addEventListener('storage', onStorage);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener('storage', onStorage);
    window.removeEventListener(CHANGED, onChange);
  };
}

/** Replaces the cart with what `change` makes of it; other tabs follow through the storage event. */
export function updateCart(change: (lines: CartLine[]) => CartLine[]) {
  const next = change(read());
  try {
    window.localStorage.setItem(KEY, JSON.stringify(next));
  } catch {}
  window.dispatchEvent(new Event(CHANGED));
}

/** The cart's lines; empty on the server and during hydration. */
export const useCart = () => useSyncExternalStore(subscribe, read, () => NONE);
