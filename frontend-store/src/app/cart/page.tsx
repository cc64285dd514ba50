import type { Metadata } from 'next';
import { CartView } from '@/features/cart/cart-view';

export const metadata: Metadata = {
  title: 'Cart',
  robots: { index: false, follow: false },
  alternates: { canonical: '/cart' },
};

export default function CartPage() {
  return (
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6">
      <h1 className="text-3xl font-bold tracking-tight">Your cart</h1>
      <CartView />
    </div>
  );
}
