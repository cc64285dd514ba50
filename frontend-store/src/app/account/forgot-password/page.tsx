import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ForgotPasswordForm } from '@/features/account/components/mailed-link-forms';

export const metadata: Metadata = { title: 'Forgot your password?', robots: { index: false, follow: false } };

export default function Page() {
  return (
    <div className="mx-auto max-w-md px-4 py-10 sm:px-6">
      <h1 className="text-3xl font-bold tracking-tight">Forgot your password?</h1>
      <Suspense>
        <ForgotPasswordForm />
      </Suspense>
    </div>
  );
}
