import type { Metadata } from 'next';
import { AccountOverview } from '@/features/account/components/account-overview';

export const metadata: Metadata = {
  title: 'Your account',
  robots: { index: false },
  alternates: { canonical: '/account' },
};

export default function AccountPage() {
  return (
    <div className="mx-auto max-w-5xl px-4 py-8 sm:px-6">
      <h1 className="text-3xl font-bold tracking-tight">Your account</h1>
      <AccountOverview />
    </div>
  );
}
