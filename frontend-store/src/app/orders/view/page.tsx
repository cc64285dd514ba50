import type { Metadata } from 'next';
import { Suspense } from 'react';
import { GuestOrder } from '@/features/orders/components/order-lookup';

export const metadata: Metadata = { title: 'Your order', robots: { index: false, follow: false } };

export default function Page() {
  return (
    <div className="mx-auto max-w-5xl px-4 py-10 sm:px-6">
      <h1 className="text-3xl font-bold tracking-tight">Your order</h1>
      <Suspense>
        <GuestOrder />
      </Suspense>
    </div>
  );
}
