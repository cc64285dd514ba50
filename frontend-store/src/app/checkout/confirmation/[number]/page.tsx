import { OrderNumberParams } from '@shopstream/contracts/orders';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Confirmation } from '@/features/checkout/confirmation';

export const metadata: Metadata = { title: 'Order confirmed', robots: { index: false, follow: false } };

export default async function ConfirmationPage({ params }: PageProps<'/checkout/confirmation/[number]'>) {
  const { number } = await params;
  // The order itself is known only in the browser (this tab, or the account); a number no order can have is a 404.
  if (!OrderNumberParams.safeParse({ number }).success) notFound();
  return (
    <div className="mx-auto max-w-5xl px-4 py-8 sm:px-6">
      <Confirmation number={number} />
    </div>
  );
}
