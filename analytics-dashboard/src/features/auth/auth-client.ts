import { createAuthClient, isStaff } from '@shopstream/web-kit';

/** Staff sign-in for the dashboard, through web-kit's auth client: customers are refused and their session ended. */

export { type AuthClient, AuthError, type AuthState } from '@shopstream/web-kit';

export const NOT_STAFF_MESSAGE =
  'This dashboard is for shop staff. Customer accounts cannot sign in here; use the storefront instead.';

export const createDashboardAuth = (apiUrl: string) =>
  createAuthClient({
    apiUrl,
    lockName: 'shopstream-analytics-auth-refresh',
    refuse: (user) => (isStaff(user) ? undefined : NOT_STAFF_MESSAGE),
  });
