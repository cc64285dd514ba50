import { OrderNumberParams } from '@shopstream/contracts/orders';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { MyOrder } from '@/features/orders/components/my-order';

export async function generateMetadata({ params }: PageProps<'/account/orders/[number]'>): Promise<Metadata> {
  const { number } = await params;
  return { title: `Order ${number}`, robots: { index: false } };
}

export default async function OrderPage({ params }: PageProps<'/account/orders/[number]'>) {
  const { number } = await params;
  // Only the browser can read the order (the access token lives there); a number no order can have is a 404 here.
  if (!OrderNumberParams.safeParse({ number }).success) notFound();
  return (
    <div className="mx-auto max-w-5xl px-4 py-8 sm:px-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/account" className="text-blue-800 underline underline-offset-2">
          Your account
        </Link>
      </nav>
      <h1 className="mt-2 text-3xl font-bold tracking-tight">Order {number}</h1>
      <MyOrder number={number} />
    </div>
  );
}
