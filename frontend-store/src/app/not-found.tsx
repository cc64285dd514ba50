import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Page not found', robots: { index: false } };

export default function NotFound() {
  return (
    <div className="mx-auto max-w-3xl px-4 py-16 text-center sm:px-6">
      <p className="text-sm font-semibold text-blue-800">404</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight">We can’t find that page</h1>
      <p className="mt-3 text-slate-700">
        The product may have sold out for good, or the link is mistyped. Try a search or browse the shop.
      </p>
      <div className="mt-6 flex justify-center gap-4">
        <Link href="/" className="rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900">
          Go to the home page
        </Link>
        <Link
          href="/search"
          className="rounded-md border border-slate-400 px-4 py-2 font-medium hover:bg-slate-100"
        >
          All products
        </Link>
      </div>
    </div>
  );
}
