import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AuthForm } from '@/features/account/components/auth-form';

export const metadata: Metadata = {
  title: 'Log in',
  robots: { index: false },
  alternates: { canonical: '/account/login' },
};

export default function Page() {
  return (
    <div className="mx-auto max-w-md px-4 py-10 sm:px-6">
      <h1 className="text-3xl font-bold tracking-tight">Log in</h1>
      <Suspense>
        <AuthForm mode="login" />
      </Suspense>
    </div>
  );
}
