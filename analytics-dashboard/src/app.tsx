import { QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, Navigate, RouterProvider, useRouteError } from 'react-router';
import { LoginPage } from './features/auth/login-page';
import { RequireStaff } from './features/auth/require-staff';
import { AppLayout } from './features/layout/app-layout';
import { ThemeProvider } from './features/theme/theme-context';
import { ShopSettingsGate } from './lib/shop-settings';
import { queryClient } from './services';

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  {
    path: '/',
    element: (
      <RequireStaff>
        <ShopSettingsGate>
          <AppLayout />
        </ShopSettingsGate>
      </RequireStaff>
    ),
    errorElement: <RouteError />,
    // Shown while the first screen's code loads.
    hydrateFallbackElement: <ScreenLoading />,
    children: [
      { index: true, element: <Navigate to="/live" replace /> },
      // Each screen is its own chunk: the sign-in page does not download the charting and calendar code.
      {
        path: 'live',
        lazy: async () => ({ Component: (await import('./features/live/live-page')).LivePage }),
      },
      {
        path: 'overview',
        lazy: async () => ({ Component: (await import('./features/overview/overview-page')).OverviewPage }),
      },
      {
        path: 'sales',
        lazy: async () => ({ Component: (await import('./features/sales/sales-page')).SalesPage }),
      },
      {
        path: 'behaviour',
        lazy: async () => ({
          Component: (await import('./features/behaviour/behaviour-page')).BehaviourPage,
        }),
      },
      {
        path: 'settings',
        lazy: async () => ({
          Component: (await import('./features/conversions/settings-page')).SettingsPage,
        }),
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);

export function App() {
  return (
    <ThemeProvider>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </ThemeProvider>
  );
}

function ScreenLoading() {
  return (
    <p className="login muted" role="status">
      Loading…
    </p>
  );
}

function NotFound() {
  return (
    <div className="page-head">
      <h1>Page not found</h1>
      <a href="/live">Go to the live view</a>
    </div>
  );
}

function RouteError() {
  const error = useRouteError();
  console.error(error);
  return (
    <main className="login">
      <h1>ShopStream Analytics</h1>
      <p className="notice notice-error" role="alert">
        Something went wrong on this screen. <a href="/live">Reload the dashboard</a>.
      </p>
    </main>
  );
}
