import type { Metadata } from 'next';
import { Suspense } from 'react';
import { OrderLookupForm } from '@/features/orders/components/order-lookup';

export const metadata: Metadata = { title: 'Find your order', robots: { index: false, follow: false } };

export default function Page() {
  return (
    <div className="mx-auto max-w-md px-4 py-10 sm:px-6">
      <h1 className="text-3xl font-bold tracking-tight">Find your order</h1>
      <Suspense>
        <OrderLookupForm />
      </Suspense>
    </div>
  );
}
