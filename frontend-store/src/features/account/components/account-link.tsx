'use client';

import Link from 'next/link';
import { useSession } from '../session';

/** The header's account entry: "Log in" for guests, the account for signed-in shoppers. */
export function AccountLink() {
  const session = useSession();
  const signedIn = session.status === 'signed-in';
  return (
    <Link
      href={signedIn ? '/account' : '/account/login'}
      prefetch={false}
      className="inline-flex h-10 min-w-20 items-center justify-center rounded-md px-3 text-sm font-medium hover:bg-slate-100"
    >
      {signedIn ? 'Account' : 'Log in'}
    </Link>
  );
}
