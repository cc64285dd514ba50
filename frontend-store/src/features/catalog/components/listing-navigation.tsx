'use client';

import { useRouter } from 'next/navigation';
import { createContext, type ReactNode, use, useOptimistic, useTransition } from 'react';
import { type ListingFilters, type ListingMode, listingPath } from '../filters';

interface ListingNavigation {
  mode: ListingMode;
  /** The filters as the shopper last chose them, ahead of the server while it renders. */
  filters: ListingFilters;
  go: (filters: ListingFilters) => void;
  pending: boolean;
}

const Context = createContext<ListingNavigation | null>(null);

/**
 * Moves a listing to new filters through the URL, keeping the scroll position. Every control of
 * the listing shares one transition, so the choice shows at once and the results dim until the
 * server has rendered them.
 */
export function ListingNavigationProvider({
  mode,
  filters,
  children,
}: {
  mode: ListingMode;
  filters: ListingFilters;
  children: ReactNode;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [shown, show] = useOptimistic(filters);
  const go = (next: ListingFilters) =>
    startTransition(() => {
      show(next);
      router.push(listingPath(mode, next), { scroll: false });
    });
  return <Context value={{ mode, filters: shown, go, pending }}>{children}</Context>;
}

export function useListingNavigation(): ListingNavigation {
  const navigation = use(Context);
  if (!navigation) throw new Error('useListingNavigation needs a ListingNavigationProvider');
  return navigation;
}

/** The results, dimmed and marked busy while new ones are on their way. */
export function PendingResults({ children }: { children: ReactNode }) {
  const { pending } = useListingNavigation();
  return (
    <div aria-busy={pending} className={`transition-opacity ${pending ? 'opacity-50' : ''}`}>
      {children}
    </div>
  );
}
