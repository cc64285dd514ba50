import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useLocation } from 'react-router';
import { LoginPage } from './features/auth/login-page';
import { ForgotPasswordPage, ResetPasswordPage } from './features/auth/password-reset-pages';
import { CategoriesPage } from './features/categories/categories-page';
import { CustomerDetailPage } from './features/customers/customer-detail-page';
import { CustomersPage } from './features/customers/customers-page';
import { DiscountsPage } from './features/discounts/discounts-page';
import { HomePage } from './features/home/home-page';
import { CsvPage } from './features/imports/csv-page';
import { InventoryPage } from './features/inventory/inventory-page';
import { Shell } from './features/layout/shell';
import { OrderDetailPage } from './features/orders/order-detail-page';
import { OrdersPage } from './features/orders/orders-page';
import { ProductEditorPage } from './features/products/product-editor-page';
import { ProductsPage } from './features/products/products-page';
import { ReturnsPage } from './features/returns/returns-page';
import { SettingsPage } from './features/settings/settings-page';
import { SessionProvider, useSession } from './lib/session';
import { ShopSettingsGate } from './lib/shop-settings';
import { Loading } from './lib/ui';

/** Only staff and admins get past this; everyone else is sent to the login form. */
function RequireStaff() {
  const { user } = useSession();
  const location = useLocation();
  if (user === undefined) return <Loading label="Checking your session…" />;
  if (!user || user.role === 'customer') {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  return (
    <ShopSettingsGate>
      <Shell>
        <Outlet />
      </Shell>
    </ShopSettingsGate>
  );
}

function Root() {
  return (
    <SessionProvider>
      <Outlet />
    </SessionProvider>
  );
}

const router = createBrowserRouter([
  {
    element: <Root />,
    children: [
      { path: '/login', element: <LoginPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password', element: <ResetPasswordPage /> },
      {
        element: <RequireStaff />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'products', element: <ProductsPage /> },
          { path: 'products/new', element: <ProductEditorPage /> },
          { path: 'products/:id', element: <ProductEditorPage /> },
          { path: 'categories', element: <CategoriesPage /> },
          { path: 'import', element: <CsvPage /> },
          { path: 'inventory', element: <InventoryPage /> },
          { path: 'orders', element: <OrdersPage /> },
          { path: 'orders/:number', element: <OrderDetailPage /> },
          { path: 'returns', element: <ReturnsPage /> },
          { path: 'customers', element: <CustomersPage /> },
          { path: 'customers/:id', element: <CustomerDetailPage /> },
          { path: 'users', element: <Navigate to="/customers" replace /> },
          { path: 'discounts', element: <DiscountsPage /> },
          { path: 'settings', element: <SettingsPage /> },
          { path: '*', element: <Navigate to="/" replace /> },
        ],
      },
    ],
  },
]);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, error) => count < 2 && !('status' in error && Number(error.status) < 500),
      staleTime: 10_000,
    },
  },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
