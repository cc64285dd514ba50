import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ResetPasswordForm } from '@/features/account/components/mailed-link-forms';

export const metadata: Metadata = { title: 'Choose a new password', robots: { index: false, follow: false } };

export default function Page() {
  return (
    <div className="mx-auto max-w-md px-4 py-10 sm:px-6">
      <h1 className="text-3xl font-bold tracking-tight">Choose a new password</h1>
      <Suspense>
        <ResetPasswordForm />
      </Suspense>
    </div>
  );
}
