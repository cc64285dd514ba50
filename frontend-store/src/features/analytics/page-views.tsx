'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect } from 'react';
import { getTracker } from './tracker';

/** Sends a page view on the first load and on every client-side navigation (filters included). */
export function PageViews() {
  const pathname = usePathname();
  const params = new URLSearchParams(useSearchParams());
  // Choosing a product's variant rewrites the URL but is not a new page.
  params.delete('variant');
  const search = params.toString();
  const location = search ? `${pathname}?${search}` : pathname;
  useEffect(() => {
    if (location) getTracker()?.page();
  }, [location]);
  return null;
}
