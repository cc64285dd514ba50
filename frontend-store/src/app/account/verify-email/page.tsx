import type { Metadata } from 'next';
import { Suspense } from 'react';
import { VerifyEmail } from '@/features/account/components/mailed-link-forms';

export const metadata: Metadata = { title: 'Confirm your email', robots: { index: false, follow: false } };

export default function Page() {
  return (
    <div className="mx-auto max-w-md px-4 py-10 sm:px-6">
      <h1 className="text-3xl font-bold tracking-tight">Confirm your email</h1>
      <Suspense>
        <VerifyEmail />
      </Suspense>
    </div>
  );
}
