import type { Metadata } from 'next';
import { Confirmation } from '@/features/checkout/confirmation';

export const metadata: Metadata = { title: 'Order confirmed', robots: { index: false, follow: false } };

export default async function ConfirmationPage({ params }: PageProps<'/checkout/confirmation/[number]'>) {
  const { number } = await params;
  return (
    <div className="mx-auto max-w-5xl px-4 py-8 sm:px-6">
      <h1 className="text-3xl font-bold tracking-tight">Order confirmed</h1>
      <Confirmation number={number} />
    </div>
  );
}
