import { QueryClient } from '@tanstack/react-query';
import { createDashboardAuth } from './features/auth/auth-client';
import { ApiError, createAnalyticsApi } from './lib/api';
import { env } from './lib/env';

/** The app's single instances: one session, one API client, one query cache. */
export const auth = createDashboardAuth(env.VITE_API_URL);
export const api = createAnalyticsApi(auth);

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 60_000,
      refetchOnWindowFocus: false,
      // A 4xx will not get better by asking again; a network error or a 5xx may.
      retry: (failures, error) =>
        failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
});
