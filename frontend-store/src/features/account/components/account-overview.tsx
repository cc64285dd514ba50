'use client';

import { OrderHistory } from '@/features/orders/components/order-history';
import { Addresses } from './addresses';
import { Profile } from './profile';
import { RequireSession } from './require-session';

export function AccountOverview() {
  return (
    <RequireSession>
      {(user) => (
        <div className="mt-6 grid gap-6 lg:grid-cols-[1fr_1fr]">
          <div className="space-y-6">
            <Profile user={user} />
            <Addresses />
          </div>
          <OrderHistory />
        </div>
      )}
    </RequireSession>
  );
}
