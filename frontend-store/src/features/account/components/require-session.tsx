'use client';

import type { User } from '@shopstream/contracts';
import { usePathname, useRouter } from 'next/navigation';
import { type ReactNode, useEffect } from 'react';
import { useSession } from '../session';

/** Shows its content to signed-in shoppers; sends guests to the login page and back. */
export function RequireSession({ children }: { children: (user: User) => ReactNode }) {
  const session = useSession();
  const router = useRouter();
  const pathname = usePathname();
  useEffect(() => {
    if (session.status === 'guest') router.replace(`/account/login?next=${encodeURIComponent(pathname)}`);
  }, [session.status, router, pathname]);
  if (session.status !== 'signed-in') {
    return (
      <p role="status" className="mt-6 min-h-40 text-slate-700">
        Loading your account…
      </p>
    );
  }
  return children(session.user);
}
