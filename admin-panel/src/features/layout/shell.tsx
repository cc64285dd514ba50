import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { useCurrentUser, useSession } from '../../lib/session';

const links = [
  { to: '/', label: 'Home', end: true },
  { to: '/orders', label: 'Orders' },
  { to: '/products', label: 'Products' },
  { to: '/categories', label: 'Categories' },
  { to: '/inventory', label: 'Inventory' },
  { to: '/import', label: 'CSV import/export' },
  { to: '/discounts', label: 'Discount codes' },
  { to: '/users', label: 'Customers & users' },
  { to: '/settings', label: 'Shop settings', adminOnly: true },
];

export function Shell({ children }: { children: ReactNode }) {
  const user = useCurrentUser();
  const { logout } = useSession();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <p className="brand">ShopStream Admin</p>
        <nav aria-label="Main">
          <ul>
            {links
              .filter((link) => !('adminOnly' in link) || user.role === 'admin')
              .map((link) => (
                <li key={link.to}>
                  <NavLink to={link.to} end={link.end}>
                    {link.label}
                  </NavLink>
                </li>
              ))}
          </ul>
        </nav>
        <div className="whoami">
          <span data-testid="signed-in-as">{user.email}</span>
          <span className="muted">{user.role}</span>
          <button type="button" className="secondary" onClick={() => void logout()}>
            Sign out
          </button>
        </div>
      </aside>
      <main id="main" className="content">
        {children}
      </main>
    </div>
  );
}
