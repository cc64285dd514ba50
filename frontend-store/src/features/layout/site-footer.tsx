import Link from 'next/link';

export function SiteFooter() {
  return (
    <footer className="mt-16 border-t border-slate-200 bg-slate-50">
      <div className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-8 text-sm text-slate-700 sm:flex-row sm:justify-between sm:px-6">
        <div>
          <p className="font-semibold text-slate-900">ShopStream</p>
          <p>An open-source shop with real-time analytics.</p>
        </div>
        <nav aria-label="Footer">
          <ul className="flex gap-4">
            <li>
              <Link href="/search" className="underline underline-offset-2">
                All products
              </Link>
            </li>
            <li>
              <Link href="/cart" prefetch={false} className="underline underline-offset-2">
                Cart
              </Link>
            </li>
          </ul>
        </nav>
      </div>
    </footer>
  );
}
