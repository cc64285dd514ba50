import type { Metadata } from 'next';
import { Checkout } from '@/features/checkout/checkout';

export const metadata: Metadata = {
  title: 'Checkout',
  robots: { index: false, follow: false },
  alternates: { canonical: '/checkout' },
};

export default function CheckoutPage() {
  return (
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6">
      <h1 className="text-3xl font-bold tracking-tight">Checkout</h1>
      <Checkout />
    </div>
  );
}
